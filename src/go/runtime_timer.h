// Package time's calls into the runtime's timers (time/sleep.go's startTimer, stopTimer,
// resetTimer and, from Go 1.23, newTimer), with the counters and trace events every caller
// records. Used by package time (time.cpp) and by the heap lab (src/heaplab/lab.cpp), so that
// the lab's operations take exactly the path a Go program's do.
#pragma once
#include <cstdint>

#include "runtime/runtime.h"

namespace gotimers::go::time {

// startTimer(t) (runtime.addtimer).
void startTimer(rt::Runtime& r, rt::timer* t);
// stopTimer(t) (runtime.deltimer); true if it stopped a pending timer. Emits timer.call before
// the call (the heap changes follow) and timer.del, with the result, after it.
bool stopTimer(rt::Runtime& r, rt::timer* t);
// Go 1.23+: the runtime allocates the timer and starts it (newTimer, time.go@go1.23rc1). c is
// the channel for sendTime timers; syncTimer(c) (time/sleep.go@go1.23rc1) hands it to the
// runtime unless asynctimerchan=1, in which case the runtime sees an ordinary timer.
rt::Ref<rt::timer> newTimer123(rt::Runtime& r, int64_t when, int64_t period, rt::TimerFunc f,
                               void* arg, rt::Ref<rt::RefCounted> argRef, rt::hchan* c);
// (*Timer).Reset's body per version (time/sleep.go): <= 1.13 stopTimer + startTimer; 1.14
// stopTimer + resetTimer; 1.15-1.22 resetTimer (modtimer); 1.23+ resetTimer(t, when, 0) =
// t.modify(when, 0, nil, nil, 0). Returns whether the timer had been active. Emits timer.call
// before (<= 1.13: then timer.del and timer.add inside) and timer.reset after.
bool resetTimer(rt::Runtime& r, rt::timer* t, int64_t when);

}  // namespace gotimers::go::time

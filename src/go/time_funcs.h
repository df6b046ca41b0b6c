// The timer functions f that package time stores in runtime timers (runtime/time.go's own,
// goroutineReady, is rt::goroutineReady in runtime/timer_backend.h):
//   sendTime(c, seq, delay)  select { case c <- Now().Add(-delay): default: }  (time/sleep.go)
//   goFunc(arg, seq, delay)  go arg.(func())()                                 (time/sleep.go)
// Before Go 1.23, f had no delay argument and sendTime sent Now(); those eras pass delay 0,
// which sends the same value.
#pragma once
#include <functional>

#include "runtime/runtime.h"

namespace gotimers::go {

void sendTime(rt::Runtime& rt, void* arg, uint64_t seq, int64_t delay);
void goFunc(rt::Runtime& rt, void* arg, uint64_t seq, int64_t delay);

// A func() value for AfterFunc: makes the body of the goroutine goFunc starts.
struct FuncVal : rt::RefCounted {
  std::function<rt::Task<void>()> fn;
};

}  // namespace gotimers::go

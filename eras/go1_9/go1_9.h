// The go1.9 era: one global 4-ary heap, one lock, one timerproc goroutine.
// A port of runtime/time.go@go1.9 (addtimer, addtimerLocked, deltimer, timeSleep,
// timerproc); package time rules of go1.9 (Timer.Reset = stopTimer + startTimer, no
// Ticker.Reset).
#pragma once
#include <memory>

#include "runtime/timer_backend.h"

namespace gotimers::eras {

std::unique_ptr<rt::TimerBackend> makeGo19(rt::Runtime& r);

}  // namespace gotimers::eras

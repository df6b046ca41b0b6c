// The timer functions f stored in runtime timers (package time and runtime/time.go):
//   sendTime(c, seq, delay)  select { case c <- Now().Add(-delay): default: }  (time/sleep.go)
//   goFunc(arg, seq, delay)  go arg.(func())()                                 (time/sleep.go)
//   goroutineReady(gp, ...)  goready(gp)                                       (runtime/time.go)
// Before Go 1.23, f had no delay argument and sendTime sent Now(); those eras pass delay 0,
// which sends the same value.
#pragma once
#include <functional>

#include "runtime/runtime.h"

namespace gotimers::go {

void sendTime(rt::Runtime& rt, void* arg, uint64_t seq, int64_t delay);
void goFunc(rt::Runtime& rt, void* arg, uint64_t seq, int64_t delay);
void goroutineReady(rt::Runtime& rt, void* arg, uint64_t seq, int64_t delay);

// A func() value for AfterFunc: makes the body of the goroutine goFunc starts.
struct FuncVal : rt::RefCounted {
  std::function<rt::Task<void>()> fn;
};

}  // namespace gotimers::go

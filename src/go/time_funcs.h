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

// A func() value for AfterFunc (Go's arg.(func())): makes the body of the goroutine goFunc
// starts. A C++ program's is a std::function (StdFuncVal); the Go-program VM has its own.
struct FuncVal : rt::RefCounted {
  virtual rt::Task<void> body() = 0;
};
struct StdFuncVal final : FuncVal {
  std::function<rt::Task<void>()> fn;
  explicit StdFuncVal(std::function<rt::Task<void>()> f) : fn(std::move(f)) {}
  rt::Task<void> body() override { return fn(); }
};

}  // namespace gotimers::go

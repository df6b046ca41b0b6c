// The timer functions f stored in runtime timers (package time and runtime/time.go):
//   sendTime(c, seq)       select { case c <- Now(): default: }   (time/sleep.go)
//   goFunc(arg, seq)       go arg.(func())()                      (time/sleep.go)
//   goroutineReady(gp, seq) goready(gp)                           (runtime/time.go)
#pragma once
#include <functional>

#include "runtime/runtime.h"

namespace gotimers::go {

void sendTime(rt::Runtime& rt, void* arg, uint64_t seq);
void goFunc(rt::Runtime& rt, void* arg, uint64_t seq);
void goroutineReady(rt::Runtime& rt, void* arg, uint64_t seq);

// A func() value for AfterFunc: makes the body of the goroutine goFunc starts.
struct FuncVal : rt::RefCounted {
  std::function<rt::Task<void>()> fn;
};

}  // namespace gotimers::go

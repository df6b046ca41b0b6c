// Fiber: a stackful execution context, so that a simulated M can stop in the middle of a
// runtime call (Runtime::lock) and let the Ms behind it in virtual time run first.
//
// Invariant: a Fiber alternates with the thread's main stack. resume() runs the body from
// where it last stopped until it calls suspend() or returns; suspend() must be called from
// inside the body (running() is then true). The body must return before the Fiber is
// destroyed once started (~Fiber checks it): an unfinished body's stack would still hold
// live objects.
//
// Built on Boost.Context's fcontext fiber; under AddressSanitizer every switch is announced
// with __sanitizer_start/finish_switch_fiber so that ASan tracks which stack is in use.
#pragma once
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>

namespace gotimers::sim {

class Fiber {
 public:
  explicit Fiber(std::function<void()> body);
  ~Fiber();
  Fiber(const Fiber&) = delete;
  Fiber& operator=(const Fiber&) = delete;

  // From the main stack: runs the body until it suspends or returns.
  void resume();
  // From inside the body: back to the resume() call.
  void suspend();
  bool started() const { return started_; }
  bool running() const { return running_; }
  bool finished() const { return finished_; }

  // Stack size of every fiber (virtual memory, committed as it is touched).
  static constexpr std::size_t kStackBytes = std::size_t{8} << 20;

 private:
  // Both implementations' destructor check: a started body must have returned (its stack
  // would still hold live objects; unwinding it would run through code that does not expect
  // it, as coroutine frames catch every exception).
  void abortIfUnfinished() const {
    if (started_ && !finished_) {
      std::fputs("gotimers: internal error: a fiber destroyed before its body returned\n", stderr);
      std::abort();
    }
  }

  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::function<void()> body_;
  bool started_ = false;
  bool running_ = false;
  bool finished_ = false;
};

}  // namespace gotimers::sim

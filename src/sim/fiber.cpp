// Fiber on Boost.Context (native builds); fiber_emscripten.cpp is the WebAssembly one.
#include "sim/fiber.h"

#if !defined(__EMSCRIPTEN__)

#include <boost/context/fiber.hpp>
#include <boost/context/protected_fixedsize_stack.hpp>
#include <cstdlib>
#include <utility>

#if defined(__SANITIZE_ADDRESS__)
#define GOTIMERS_ASAN_FIBERS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GOTIMERS_ASAN_FIBERS 1
#endif
#endif
#if defined(GOTIMERS_ASAN_FIBERS)
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

namespace ctx = boost::context;

namespace gotimers::sim {

namespace {
// Clears ASan's shadow of a stack: frames left on it (a fiber's last frames, whose redzones
// are never unpoisoned by a return) would otherwise poison whatever memory reuses the range.
void unpoison([[maybe_unused]] const ctx::stack_context& s) {
#if defined(GOTIMERS_ASAN_FIBERS)
  ASAN_UNPOISON_MEMORY_REGION(static_cast<char*>(s.sp) - s.size, s.size);
#endif
}

// protected_fixedsize_stack (a guard page below the stack: an overflow faults instead of
// corrupting memory) that remembers where the stack is, for ASan's switch annotations.
struct RecordingStack {
  ctx::protected_fixedsize_stack inner{Fiber::kStackBytes};
  ctx::stack_context* out;
  ctx::stack_context allocate() {
    ctx::stack_context s = inner.allocate();
    unpoison(s);
    *out = s;
    return s;
  }
  void deallocate(ctx::stack_context& s) noexcept {
    unpoison(s);
    inner.deallocate(s);
  }
};
}  // namespace

struct Fiber::Impl {
  ctx::fiber self;    // the fiber while it is not running
  ctx::fiber caller;  // the main stack while the fiber runs
  ctx::stack_context stack;
  // ASan: the other side's fake stack and bounds, saved across a switch
  void* fakeStack = nullptr;
  const void* mainBottom = nullptr;
  std::size_t mainSize = 0;

  // Announces a switch away from the current stack; nullptr save: this stack is finished.
  void startSwitch([[maybe_unused]] void** save, [[maybe_unused]] const void* bottom,
                   [[maybe_unused]] std::size_t size) {
#if defined(GOTIMERS_ASAN_FIBERS)
    __sanitizer_start_switch_fiber(save, bottom, size);
#endif
  }
  void finishSwitch([[maybe_unused]] void* save, [[maybe_unused]] const void** bottom,
                    [[maybe_unused]] std::size_t* size) {
#if defined(GOTIMERS_ASAN_FIBERS)
    __sanitizer_finish_switch_fiber(save, bottom, size);
#endif
  }
};

Fiber::Fiber(std::function<void()> body) : impl_(std::make_unique<Impl>()), body_(std::move(body)) {
  Impl* im = impl_.get();
  impl_->self = ctx::fiber(std::allocator_arg, RecordingStack{{}, &im->stack},
                           [this, im](ctx::fiber&& caller) {
                             im->finishSwitch(nullptr, &im->mainBottom, &im->mainSize);
                             im->caller = std::move(caller);
                             body_();
                             finished_ = true;
                             running_ = false;
                             im->startSwitch(nullptr, im->mainBottom, im->mainSize);
                             return std::move(im->caller);
                           });
}

Fiber::~Fiber() {
  // Destroying an unfinished one would unwind it with Boost's forced_unwind.
  abortIfUnfinished();
}

void Fiber::resume() {
  started_ = true;
  running_ = true;
  void* fake = nullptr;
  const void* bottom = static_cast<const char*>(impl_->stack.sp) - impl_->stack.size;
  impl_->startSwitch(&fake, bottom, impl_->stack.size);
  impl_->self = std::move(impl_->self).resume();
  impl_->finishSwitch(fake, nullptr, nullptr);
}

void Fiber::suspend() {
  running_ = false;
  impl_->startSwitch(&impl_->fakeStack, impl_->mainBottom, impl_->mainSize);
  impl_->caller = std::move(impl_->caller).resume();
  impl_->finishSwitch(impl_->fakeStack, &impl_->mainBottom, &impl_->mainSize);
  running_ = true;
}

}  // namespace gotimers::sim

#endif  // !__EMSCRIPTEN__

// Fiber in WebAssembly (the heap lab in the browser, wasm/): Emscripten's fiber API, which
// unwinds and rewinds the wasm call stack with Asyncify (link with -sASYNCIFY). Same contract
// as the Boost.Context fiber of native builds (fiber.cpp, sim/fiber.h).
//
// Each fiber has its own C stack (the part of the stack wasm keeps in linear memory: locals
// whose address is taken, large objects) and an Asyncify stack (where the wasm call stack is
// saved while the fiber is switched out). A body must never return into Emscripten's fiber
// entry, so the entry switches back to the caller for good once the body has returned.
#include "sim/fiber.h"

#if defined(__EMSCRIPTEN__)
#include <emscripten/fiber.h>

#include <cstdlib>
#include <utility>

namespace gotimers::sim {

namespace {
// Linear-memory stack and Asyncify stack per fiber. The simulator's Ms run runtime calls and
// coroutine resumptions on them, a few frames deep; the Asyncify stack holds the wasm frames
// between the fiber's entry and its suspend() while it is switched out.
constexpr std::size_t kCStackBytes = std::size_t{256} << 10;
constexpr std::size_t kAsyncifyBytes = std::size_t{256} << 10;
}  // namespace

struct Fiber::Impl {
  emscripten_fiber_t self{};
  emscripten_fiber_t caller{};  // the main stack while the fiber runs
  std::unique_ptr<char[]> cStack{new char[kCStackBytes]};
  std::unique_ptr<char[]> selfAsyncify{new char[kAsyncifyBytes]};
  std::unique_ptr<char[]> callerAsyncify{new char[kAsyncifyBytes]};
  Fiber* owner = nullptr;

  static void entry(void* arg) {
    auto* im = static_cast<Impl*>(arg);
    Fiber* f = im->owner;
    f->body_();
    f->finished_ = true;
    f->running_ = false;
    emscripten_fiber_swap(&im->self, &im->caller);  // never resumed: finished
    std::abort();
  }
};

Fiber::Fiber(std::function<void()> body) : impl_(std::make_unique<Impl>()), body_(std::move(body)) {
  impl_->owner = this;
  emscripten_fiber_init(&impl_->self, &Impl::entry, impl_.get(), impl_->cStack.get(), kCStackBytes,
                        impl_->selfAsyncify.get(), kAsyncifyBytes);
}

Fiber::~Fiber() {
  abortIfUnfinished();
}

void Fiber::resume() {
  started_ = true;
  running_ = true;
  emscripten_fiber_init_from_current_context(&impl_->caller, impl_->callerAsyncify.get(),
                                             kAsyncifyBytes);
  emscripten_fiber_swap(&impl_->caller, &impl_->self);
}

void Fiber::suspend() {
  running_ = false;
  emscripten_fiber_swap(&impl_->self, &impl_->caller);
  running_ = true;
}

}  // namespace gotimers::sim

#endif  // __EMSCRIPTEN__

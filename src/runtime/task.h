// Task<T>: the coroutine type every simulated goroutine body and blocking runtime call uses.
//
// Invariant: a Task is lazy (starts when awaited or when a G first runs it) and owns its
// frame. Awaiting a Task runs it with a plain call; if it finishes without suspending, the
// awaiter simply continues (no nesting, so loops of synchronous awaits use constant stack
// even where the compiler does not turn symmetric transfer into a tail call, e.g. under
// ASan). If it suspends, it resumes its awaiter when it finishes. An exception thrown inside
// (a Go panic) is stored and rethrown in the awaiter, so panics unwind through nested calls
// exactly like Go's panics unwind through frames.
#pragma once
#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <utility>

namespace gotimers::rt {

template <typename T = void>
class Task;

namespace detail {
// Bytes of the live coroutine frames of this thread: the largest part of a simulated
// program's memory, counted by the memory budget (RunConfig::memoryLimit).
inline thread_local int64_t tlsFrameBytes = 0;

struct PromiseBase {
  static void* operator new(std::size_t n) {
    tlsFrameBytes += static_cast<int64_t>(n);
    return ::operator new(n);
  }
  static void operator delete(void* ptr, std::size_t n) noexcept {
    tlsFrameBytes -= static_cast<int64_t>(n);
    ::operator delete(ptr);
  }
  std::coroutine_handle<> continuation;
  std::exception_ptr exception;
  bool runningInline = false;  // being run by its awaiter's await_suspend right now
  std::suspend_always initial_suspend() noexcept { return {}; }
  struct FinalAwaiter {
    bool await_ready() noexcept { return false; }
#if !defined(__EMSCRIPTEN__)
    template <typename P>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) noexcept {
      auto& p = h.promise();
      if (p.runningInline) return std::noop_coroutine();  // back to startInline
      return p.continuation ? p.continuation : std::noop_coroutine();
    }
#else
    // WebAssembly (wasm/): symmetric transfer is a tail call, which Asyncify (the fibers'
    // stack switching) cannot handle, so the awaiter is resumed by a nested call. The
    // finished frame is not touched after that call (the awaiter may destroy it).
    template <typename P>
    void await_suspend(std::coroutine_handle<P> h) noexcept {
      auto& p = h.promise();
      if (p.runningInline || !p.continuation) return;  // back to startInline / the resumer
      std::coroutine_handle<> next = p.continuation;
      next.resume();
    }
#endif
    void await_resume() noexcept {}
  };
  FinalAwaiter final_suspend() noexcept {
    return {};
  }
  void unhandled_exception() {
    exception = std::current_exception();
  }
};

// Runs h until it first suspends or finishes; returns whether the awaiter must suspend.
template <typename Promise>
bool startInline(std::coroutine_handle<Promise> h, std::coroutine_handle<> awaiting) {
  auto& p = h.promise();
  p.continuation = awaiting;
  p.runningInline = true;
  h.resume();
  p.runningInline = false;
  return !h.done();
}
}  // namespace detail

template <typename T>
class Task {
 public:
  struct promise_type : detail::PromiseBase {
    std::optional<T> value;
    Task get_return_object() {
      return Task(std::coroutine_handle<promise_type>::from_promise(*this));
    }
    template <typename U>
    void return_value(U&& v) {
      value.emplace(std::forward<U>(v));
    }
  };
  using Handle = std::coroutine_handle<promise_type>;

  Task() = default;
  explicit Task(Handle h) : h_(h) {}
  Task(Task&& o) noexcept : h_(std::exchange(o.h_, {})) {}
  Task& operator=(Task&& o) noexcept {
    if (this != &o) {
      if (h_) h_.destroy();
      h_ = std::exchange(o.h_, {});
    }
    return *this;
  }
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  ~Task() {
    if (h_) h_.destroy();
  }

  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> awaiting) { return detail::startInline(h_, awaiting); }
  T await_resume() {
    if (h_.promise().exception) std::rethrow_exception(h_.promise().exception);
    return std::move(*h_.promise().value);
  }
  Handle handle() const { return h_; }

 private:
  Handle h_;
};

template <>
class Task<void> {
 public:
  struct promise_type : detail::PromiseBase {
    Task get_return_object() {
      return Task(std::coroutine_handle<promise_type>::from_promise(*this));
    }
    void return_void() {}
  };
  using Handle = std::coroutine_handle<promise_type>;

  Task() = default;
  explicit Task(Handle h) : h_(h) {}
  Task(Task&& o) noexcept : h_(std::exchange(o.h_, {})) {}
  Task& operator=(Task&& o) noexcept {
    if (this != &o) {
      if (h_) h_.destroy();
      h_ = std::exchange(o.h_, {});
    }
    return *this;
  }
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  ~Task() {
    if (h_) h_.destroy();
  }

  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> awaiting) { return detail::startInline(h_, awaiting); }
  void await_resume() {
    if (h_.promise().exception) std::rethrow_exception(h_.promise().exception);
  }
  Handle handle() const { return h_; }
  explicit operator bool() const { return static_cast<bool>(h_); }

 private:
  Handle h_;
};

}  // namespace gotimers::rt

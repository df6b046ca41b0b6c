// The Go-like user API: goroutines, awaitable runtime calls, channels, select, WaitGroup.
//
// Goroutine bodies are rt::Task<void> coroutines. Every call that costs virtual time or may
// block is awaited (`co_await`): blocking calls return a Task, non-blocking ones a Sync<T>
// that only lets other simulated threads catch up before the caller continues.
#pragma once
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "runtime/chan.h"
#include "runtime/runtime.h"

namespace gotimers::go {

using rt::Task;

// The result of a non-blocking runtime call; awaiting it yields the simulated thread if its
// clock has run past another pending event.
// Awaiting a Sync lets other Ms catch up if this one has run ahead, and stops a goroutine
// that sysmon marked for preemption (Runtime::preemptAt), as Go's would at its next call.
inline bool syncReady() {
  rt::Runtime& r = rt::Runtime::current();
  return !r.behind() && !r.preemptPending();
}
inline void syncSuspend(std::coroutine_handle<> h) {
  rt::Runtime& r = rt::Runtime::current();
  if (r.preemptPending()) {
    r.preemptAt(h);
  } else {
    r.checkpoint().await_suspend(h);
  }
}
template <typename T>
struct [[nodiscard]] Sync {
  T value;
  bool await_ready() const { return syncReady(); }
  void await_suspend(std::coroutine_handle<> h) { syncSuspend(h); }
  T await_resume() { return std::move(value); }
};
template <>
struct [[nodiscard]] Sync<void> {
  bool await_ready() const { return syncReady(); }
  void await_suspend(std::coroutine_handle<> h) { syncSuspend(h); }
  void await_resume() const noexcept {}
};

inline rt::Runtime& RT() {
  return rt::Runtime::current();
}

// go f(): starts a goroutine running body.
Sync<void> Go(Task<void> body, std::string label = "");
// panic(msg)
[[noreturn]] void Panic(const std::string& msg);
// fmt.Println-like program output.
Sync<void> Println(const std::string& line);
// runtime.GOMAXPROCS(n): returns the previous setting; n < 1 only reads it.
inline Sync<int> GOMAXPROCS(int n) {
  return {RT().setGOMAXPROCS(n)};
}
// Busy CPU for d (a loop that never blocks).
inline Task<void> Work(int64_t d) {
  return RT().work(d);
}

namespace time {
// time.Time reduced to the virtual monotonic clock.
struct Time {
  int64_t ns = 0;
  int64_t Sub(Time u) const { return ns - u.ns; }
  Time Add(int64_t d) const { return Time{ns + d}; }
  bool Before(Time u) const { return ns < u.ns; }
  bool After(Time u) const { return ns > u.ns; }
  bool IsZero() const { return ns == 0; }
  bool operator==(const Time& o) const { return ns == o.ns; }
};
}  // namespace time
using time::Time;
struct Unit {
  bool operator==(const Unit&) const { return true; }
};

// Conversions between Go element types and channel values.
inline rt::Value toValue(int64_t v) {
  return rt::Value::Int(v);
}
inline rt::Value toValue(int v) {
  return rt::Value::Int(v);
}
inline rt::Value toValue(bool v) {
  return rt::Value::Bool(v);
}
inline rt::Value toValue(const std::string& v) {
  return rt::Value::Str(v);
}
inline rt::Value toValue(Time v) {
  return rt::Value::TimeAt(v.ns);
}
inline rt::Value toValue(Unit) {
  return rt::Value{};
}
inline rt::Value toValue(const rt::Value& v) {
  return v;
}
template <typename T>
T fromValue(const rt::Value& v);
template <>
inline int64_t fromValue<int64_t>(const rt::Value& v) {
  return v.i;
}
template <>
inline int fromValue<int>(const rt::Value& v) {
  return static_cast<int>(v.i);
}
template <>
inline bool fromValue<bool>(const rt::Value& v) {
  return v.i != 0;
}
template <>
inline std::string fromValue<std::string>(const rt::Value& v) {
  return v.s;
}
template <>
inline Time fromValue<Time>(const rt::Value& v) {
  return Time{v.i};
}
template <>
inline Unit fromValue<Unit>(const rt::Value&) {
  return Unit{};
}
template <>
inline rt::Value fromValue<rt::Value>(const rt::Value& v) {
  return v;
}

// <-c as an awaitable: rt::chanrecv (itself an awaitable) receives into v_ here, in the
// caller's co_await, so a blocked receiver keeps no coroutine frame of its own (issue 22's
// bytes per parked goroutine). Made only as the prvalue Chan::Recv returns (v_'s address is
// chanrecv's destination, and recvq points at chanrecv's sudog: never copied or moved).
template <typename T, bool WithOk>
class RecvAwaiter {
 public:
  explicit RecvAwaiter(rt::hchan* c) : recv_(RT(), c, &v_) {}
  RecvAwaiter(const RecvAwaiter&) = delete;
  RecvAwaiter& operator=(const RecvAwaiter&) = delete;
  bool await_ready() { return recv_.await_ready(); }
  void await_suspend(std::coroutine_handle<> h) { recv_.await_suspend(h); }
  auto await_resume() {
    bool ok = recv_.await_resume();
    if constexpr (WithOk) {
      return std::make_pair(fromValue<T>(v_), ok);
    } else {
      return fromValue<T>(v_);
    }
  }

 private:
  rt::Value v_;  // before recv_: constructed first, its address handed to chanrecv
  rt::chanrecv recv_;
};

// chan T. A default-constructed Chan is a nil channel.
template <typename T>
class Chan {
 public:
  Chan() = default;
  explicit Chan(rt::Ref<rt::hchan> c) : c_(std::move(c)) {}
  // v := <-c
  RecvAwaiter<T, false> Recv() const { return RecvAwaiter<T, false>(c_.get()); }
  // v, ok := <-c
  RecvAwaiter<T, true> Recv2() const { return RecvAwaiter<T, true>(c_.get()); }
  Task<void> Send(T v) const { return rt::chansend(RT(), c_.get(), toValue(v)); }
  Sync<void> Close() const {
    rt::closechan(RT(), c_.get());
    return {};
  }
  // len(c), cap(c): 0 for a go1.23 synchronous timer channel (chanlen / chancap).
  int Len() const { return rt::chanlen(RT(), c_.get()); }
  int Cap() const { return rt::chancap(RT(), c_.get()); }
  bool IsNil() const { return !c_; }
  rt::hchan* raw() const { return c_.get(); }
  const rt::Ref<rt::hchan>& ref() const { return c_; }
  bool operator==(const Chan& o) const { return c_ == o.c_; }

 private:
  rt::Ref<rt::hchan> c_;
};

// make(chan T, size)
template <typename T>
Chan<T> Make(uint32_t size = 0) {
  return Chan<T>(rt::makechan(RT(), size));
}

// One case of a select statement.
struct Case {
  rt::scase sc;
  std::function<void(const rt::Value&, bool)> onRecv;
};
template <typename T>
Case Recv(const Chan<T>& c, T* into = nullptr, bool* ok = nullptr) {
  Case k;
  k.sc.c = c.raw();
  if (into || ok) {
    k.onRecv = [into, ok](const rt::Value& v, bool okv) {
      if (into) *into = fromValue<T>(v);
      if (ok) *ok = okv;
    };
  }
  return k;
}
template <typename T>
Case Send(const Chan<T>& c, T v) {
  Case k;
  k.sc.c = c.raw();
  k.sc.isSend = true;
  k.sc.sendv = toValue(v);
  return k;
}
// select { cases... } (blocking) or with default (hasDefault): returns the chosen index,
// -1 for default.
Task<int> Select(std::vector<Case> cases, bool hasDefault = false);

// sync.WaitGroup
class WaitGroup {
 public:
  Sync<void> Add(int64_t delta);
  Sync<void> Done() { return Add(-1); }
  Task<void> Wait();

 private:
  int64_t n_ = 0;
  std::vector<rt::g*> waiters_;
};

}  // namespace gotimers::go

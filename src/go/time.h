// Package time on the simulated runtime: NewTimer, After, AfterFunc, Timer.Stop/Reset,
// NewTicker, Tick, Ticker.Stop/Reset, Sleep, Now, Since — built as time/sleep.go and
// time/tick.go build them, following the rules of the era's Go version:
//   Reset:  <=1.13 stopTimer + startTimer; 1.14 stopTimer + resetTimer; 1.15+ resetTimer.
//   Ticker.Reset: 1.15+ only (modTimer); d <= 0 panics from 1.18 (the go1.16 option of the
//   go1.14 era stands for 1.16-1.22 and includes it).
//   1.23+: the runtime allocates the timer (newTimer) and gets the channel unless
//   asynctimerchan=1 (syncTimer); Reset = resetTimer(t, when, 0); Ticker.Stop of a Ticker
//   not made by NewTicker returns at once (initTicker).
#pragma once
#include <functional>

#include "go/go.h"
#include "go/time_funcs.h"

namespace gotimers::go::time {

using Duration = int64_t;
inline constexpr Duration Nanosecond = gotimers::Nanosecond;
inline constexpr Duration Microsecond = gotimers::Microsecond;
inline constexpr Duration Millisecond = gotimers::Millisecond;
inline constexpr Duration Second = gotimers::Second;
inline constexpr Duration Minute = gotimers::Minute;
inline constexpr Duration Hour = gotimers::Hour;

// A program used an API its era's Go version does not have (it would not compile).
struct Unsupported : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A method called through a nil pointer: Go's panic.
[[noreturn]] inline void panicNilDeref() {
  Panic("runtime error: invalid memory address or nil pointer dereference");
}

// A Go pointer to T: calling a method through a nil one panics as Go does.
template <typename T>
class Ptr : public rt::Ref<T> {
 public:
  using rt::Ref<T>::Ref;
  Ptr() = default;
  Ptr(const rt::Ref<T>& r) : rt::Ref<T>(r) {}  // NOLINT(google-explicit-constructor)
  T* operator->() const {
    if (!this->get()) panicNilDeref();
    return this->get();
  }
};

// time.Timer: {C, r} (sleep.go). A default-constructed Timer is Go's zero Timer (Stop and
// Reset panic). Package time never changes a Timer's fields after NewTimer or AfterFunc made
// it, so a copy of a Timer behaves as a pointer to it: see TimerPtr.
class Timer {
 public:
  Chan<Time> C;
  rt::Ref<rt::timer> r;  // the embedded runtimeTimer (nil for a zero Timer)
  Sync<bool> Stop() const;
  Sync<bool> Reset(Duration d) const;
};
// *time.Timer, holding the Timer it points to by value: the runtime timer is the one shared
// object, as Go's Timer embeds its runtimeTimer, so a live timer costs one allocation
// (issue 22's bytes per live timer). Nil (default-constructed) when it holds no runtime
// timer: calling a method through it panics as through Go's nil *Timer. (A zero Timer is a
// Timer value; no TimerPtr points to one.)
class TimerPtr {
 public:
  TimerPtr() = default;
  explicit TimerPtr(Timer t) : t_(std::move(t)) {}
  const Timer* operator->() const {
    if (!t_.r) panicNilDeref();
    return &t_;
  }
  explicit operator bool() const { return static_cast<bool>(t_.r); }
  bool operator==(const TimerPtr& o) const { return t_.r == o.t_.r; }

 private:
  Timer t_;
};
// What Timer.Stop and Timer.Reset do, on the runtime timer itself (t not null): a Go
// program's *time.Timer (src/program) holds its runtime timer with no Timer handle between,
// as Go's Timer embeds its runtimeTimer.
bool timerStop(rt::timer* t);
bool timerReset(rt::timer* t, Duration d);
// The started runtime timers of NewTimer (sending on *c, which it makes) and AfterFunc (f
// null: a nil func), without a Timer handle: what a Go program's *time.Timer holds.
rt::Ref<rt::timer> newChanTimer(Duration d, Chan<Time>* c);
rt::Ref<rt::timer> newFuncTimer(Duration d, rt::Ref<FuncVal> f);

// time.Ticker. A default-constructed Ticker (or Ticker{C: c}) has a zero runtimeTimer.
class Ticker : public rt::RefCounted {
 public:
  Ticker();
  explicit Ticker(Chan<Time> c);
  Ticker(Chan<Time> c, rt::Ref<rt::timer> started);  // NewTicker's
  Chan<Time> C;
  rt::Ref<rt::timer> r;
  bool initTicker = false;  // tick.go@go1.23rc1: made by NewTicker (read from go1.23 only)
  Sync<void> Stop();
  Sync<void> Reset(Duration d);
};
using TickerPtr = Ptr<Ticker>;

// Now and Since read the virtual clock and charge what reading the real one costs
// (chargeClockRead). The C++ API's Time always carries a monotonic reading.
Time Now();
Duration Since(Time t);
// Charges reading the clock, before the read: time.Now's walltime + nanotime when wall (cost
// model time_now), else a monotonic reading alone (nanotime: Since / Until of a Time with a
// monotonic reading from Go 1.13; before 1.13 they called Now, so they cost time_now).
void chargeClockRead(rt::Runtime& r, bool wall);
// when(d): the absolute deadline for a duration (clamped on overflow; now for d <= 0).
int64_t when(Duration d);

Sync<TimerPtr> NewTimer(Duration d);
Sync<Chan<Time>> After(Duration d);
Sync<TimerPtr> AfterFunc(Duration d, std::function<Task<void>()> f);
// AfterFunc with f as a ready FuncVal (null: a nil func, which throws when the timer fires).
Sync<TimerPtr> AfterFuncVal(Duration d, rt::Ref<FuncVal> f);
Sync<TickerPtr> NewTicker(Duration d);
Sync<Chan<Time>> Tick(Duration d);
// time.Sleep: `co_await Sleep(d)` (an awaitable: the era's timeSleep has run when it returns
// and the goroutine parks in the co_await).
rt::Runtime::MaybePark Sleep(Duration d);

}  // namespace gotimers::go::time

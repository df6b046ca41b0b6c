#include "go/time.h"

#include <fmt/format.h>

#include "go/runtime_timer.h"
#include "runtime/timer_backend.h"

namespace gotimers::go::time {

namespace {

rt::Ref<rt::timer> newRuntimeTimer(rt::Runtime& r) {
  r.charge(r.cost().timer_alloc);
  rt::Ref<rt::timer> t = r.era().allocTimer();  // the era's timer type (runtime2.h)
  t->id = r.nextTimerId();
  return t;
}

// The run summary's accounting of package time's calls (rt::TimerOps), by kind of timer.
rt::TimerOps& ops(rt::Runtime& r, rt::TimerKind k) {
  return r.metrics().timerOps[static_cast<size_t>(k)];
}

// A new timer of kind k, started.
void started(rt::Runtime& r, rt::timer* t, rt::TimerKind k) {
  t->kind = k;
  ops(r, k).started++;
}

}  // namespace

void startTimer(rt::Runtime& r, rt::timer* t) {
  r.metrics().timerAdds++;
  r.emit(trace::Kind::TimerAdd, 0, t->id, t->when, t->period);
  r.era().addtimer(t);
}

rt::Ref<rt::timer> newTimer123(rt::Runtime& r, int64_t when, int64_t period, rt::TimerFunc f,
                               void* arg, rt::Ref<rt::RefCounted> argRef, rt::hchan* c) {
  rt::hchan* sync = c && r.era().asyncTimerChan() != 1 ? c : nullptr;
  // announced before the runtime's newTimer adds it to a heap (t.modify -> t.maybeAdd), as
  // startTimer announces addtimer
  uint32_t id = r.nextTimerId();
  r.metrics().timerAdds++;
  r.emit(trace::Kind::TimerAdd, 0, id, when, period);
  return r.era().newTimer(id, when, period, f, arg, std::move(argRef), sync);
}

namespace {

// stopTimer's body, without the timer.call that announces a Stop (Reset's stopTimer is part of
// the Reset).
bool deltimerCounted(rt::Runtime& r, rt::timer* t) {
  bool ok = r.era().deltimer(t);
  r.metrics().timerDels++;
  r.emit(trace::Kind::TimerDel, 0, t->id, ok ? 1 : 0);
  return ok;
}

}  // namespace

bool stopTimer(rt::Runtime& r, rt::timer* t) {
  r.emit(trace::Kind::TimerCall, 0, t->id, 0);
  return deltimerCounted(r, t);
}

bool resetTimer(rt::Runtime& r, rt::timer* t, int64_t w) {
  r.emit(trace::Kind::TimerCall, 0, t->id, 1, w);
  int minor = r.era().goMinor();
  bool active;
  if (minor <= 13) {
    active = deltimerCounted(r, t);
    t->when = w;
    startTimer(r, t);
  } else if (minor == 14) {
    active = deltimerCounted(r, t);
    r.era().resettimer(t, w);
  } else if (minor >= 23) {
    // resetTimer(t, w, 0) = t.reset(w, 0) = t.modify(w, 0, nil, nil, 0): f == nil keeps f.
    active = r.era().modtimer(t, w, 0, nullptr, nullptr, 0);
  } else {
    active = r.era().resettimer(t, w);
  }
  r.metrics().timerResets++;
  r.emit(trace::Kind::TimerReset, 0, t->id, w, active ? 1 : 0);
  return active;
}

Time Now() {
  rt::Runtime& r = RT();
  chargeClockRead(r, true);
  return Time{r.nanotime()};
}
Duration Since(Time t) {
  rt::Runtime& r = RT();
  chargeClockRead(r, false);
  return r.nanotime() - t.ns;
}

void chargeClockRead(rt::Runtime& r, bool wall) {
  // time.go@go1.9: Since(t) = Now().Sub(t); from go1.13 a Time with a monotonic reading
  // takes runtimeNano() - startNano alone (time.go@go1.13:923)
  r.charge(wall || r.goMinor() < 13 ? r.cost().time_now : r.cost().nanotime);
}

int64_t when(Duration d) {
  int64_t now = RT().nanotime();
  if (d <= 0) return now;
  auto t = static_cast<int64_t>(static_cast<uint64_t>(now) + static_cast<uint64_t>(d));
  if (t < 0) t = maxWhen;  // math.MaxInt64
  return t;
}

namespace {

// Starts the runtime timer of NewTimer, AfterFunc or NewTicker: on go1.23 the runtime
// allocates and starts it (newTimer, sleep.go@go1.23rc1, tick.go@go1.23rc1); before, package
// time fills in a runtimeTimer and calls startTimer (sleep.go, tick.go@go1.9..go1.22).
rt::Ref<rt::timer> startRuntimeTimer(Duration d, Duration period, rt::TimerFunc f, void* arg,
                                     rt::Ref<rt::RefCounted> argRef, rt::hchan* c,
                                     rt::TimerKind kind) {
  rt::Runtime& r = RT();
  rt::Ref<rt::timer> t;
  if (r.era().goMinor() >= 23) {
    t = newTimer123(r, when(d), period, f, arg, std::move(argRef), c);
    started(r, t.get(), kind);
    return t;
  }
  t = newRuntimeTimer(r);
  t->when = when(d);
  t->period = period;
  t->f = f;
  t->setArg(arg, argRef.get());
  started(r, t.get(), kind);
  startTimer(r, t.get());
  return t;
}

// NewTimer's and NewTicker's timer, sending on *c, which it makes.
rt::Ref<rt::timer> startChanTimer(Duration d, Duration period, Chan<Time>* c, rt::TimerKind k) {
  // Give the channel a 1-element time buffer. If the client falls behind while reading, we
  // drop ticks on the floor until the client catches up.
  *c = Make<Time>(1);
  c->raw()->isTimerChan = true;
  return startRuntimeTimer(d, period, sendTime, c->raw(), c->ref(), c->raw(), k);
}

// The accounting of a Stop / Reset call that found the timer pending or not.
void countStop(rt::Runtime& r, const rt::timer* t, bool pending) {
  rt::TimerOps& o = ops(r, t->kind);
  o.stopCalls++;
  o.stopped += pending;
}
void countReset(rt::Runtime& r, const rt::timer* t, bool pending) {
  rt::TimerOps& o = ops(r, t->kind);
  o.resets++;
  o.superseded += pending;
}

}  // namespace

rt::Ref<rt::timer> newChanTimer(Duration d, Chan<Time>* c) {
  return startChanTimer(d, 0, c, rt::TimerKind::Chan);
}

rt::Ref<rt::timer> newFuncTimer(Duration d, rt::Ref<FuncVal> fv) {
  FuncVal* arg = fv.get();
  return startRuntimeTimer(d, 0, goFunc, arg, std::move(fv), nullptr, rt::TimerKind::Func);
}

Sync<TimerPtr> NewTimer(Duration d) {
  Timer t;
  t.r = newChanTimer(d, &t.C);
  return {TimerPtr(std::move(t))};
}

Sync<Chan<Time>> After(Duration d) {
  Chan<Time> c;
  (void)newChanTimer(d, &c);
  return {c};
}

Sync<TimerPtr> AfterFunc(Duration d, std::function<Task<void>()> f) {
  rt::Ref<FuncVal> fv;
  if (f) fv = rt::Ref<FuncVal>(new StdFuncVal(std::move(f)));
  return AfterFuncVal(d, std::move(fv));
}

Sync<TimerPtr> AfterFuncVal(Duration d, rt::Ref<FuncVal> fv) {
  Timer t;
  t.r = newFuncTimer(d, std::move(fv));
  return {TimerPtr(std::move(t))};
}

Sync<bool> Timer::Stop() const {
  if (!r) Panic("time: Stop called on uninitialized Timer");
  return {timerStop(r.get())};
}

Sync<bool> Timer::Reset(Duration d) const {
  if (!r) Panic("time: Reset called on uninitialized Timer");
  return {timerReset(r.get(), d)};
}

bool timerStop(rt::timer* t) {
  rt::Runtime& rr = RT();
  bool pending = stopTimer(rr, t);
  countStop(rr, t, pending);
  return pending;
}

bool timerReset(rt::timer* t, Duration d) {
  rt::Runtime& rr = RT();
  bool pending = resetTimer(rr, t, when(d));
  countReset(rr, t, pending);
  return pending;
}

// Go's zero runtimeTimer: the era's zero timer (go1.9/go1.13: i == 0, a bogus index that
// deltimer verifies; go1.13: nil tb, Issue 21874).
Ticker::Ticker() : r(RT().era().allocTimer()) {}
Ticker::Ticker(Chan<Time> c) : Ticker() {
  C = std::move(c);
}

Ticker::Ticker(Chan<Time> c, rt::Ref<rt::timer> started)
    : C(std::move(c)), r(std::move(started)), initTicker(true) {}

Sync<TickerPtr> NewTicker(Duration d) {
  if (d <= 0) Panic("non-positive interval for NewTicker");
  Chan<Time> c;
  rt::Ref<rt::timer> t = startChanTimer(d, d, &c, rt::TimerKind::Ticker);
  return {TickerPtr(new Ticker(std::move(c), std::move(t)))};
}

Sync<void> Ticker::Stop() {
  // tick.go@go1.23rc1: "if !t.initTicker { return }" (Ticker{C: c} has no runtime timer).
  if (RT().era().goMinor() >= 23 && !initTicker) return {};
  (void)timerStop(r.get());
  return {};
}

Sync<void> Ticker::Reset(Duration d) {
  rt::Runtime& rr = RT();
  int minor = rr.era().goMinor();
  if (minor < 15) {
    throw Unsupported(
        fmt::format("Ticker.Reset does not exist in {} (added in Go 1.15)", rr.era().name()));
  }
  // tick.go@go1.18 ("time: make Ticker.Reset(0) panic"; Go 1.16 and 1.17 had no such check):
  // the go1.14@go1.16 option runs with the 1.17-1.19 fixes.
  if (minor >= 16 && d <= 0) Panic("non-positive interval for Ticker.Reset");
  // go1.23: resetTimer(t, when(d), d) = t.modify(when, d, nil, nil, 0) (tick.go@go1.23rc1);
  // go1.15-1.22: modTimer(&t.r, when(d), int64(d), t.r.f, t.r.arg, t.r.seq) (tick.go@go1.15)
  if (minor >= 23 ? !initTicker : r->f == nullptr) {
    Panic("time: Reset called on uninitialized Ticker");
  }
  int64_t w = when(d);
  rr.emit(trace::Kind::TimerCall, 0, r->id, 1, w);  // as resetTimer: the Reset begins
  bool pending = minor >= 23 ? rr.era().modtimer(r.get(), w, d, nullptr, nullptr, 0)
                             : rr.era().modtimer(r.get(), w, d, r->f, r->arg, r->seq);
  rr.metrics().timerResets++;
  countReset(rr, r.get(), pending);
  rr.emit(trace::Kind::TimerReset, 0, r->id, w, 0);  // Ticker.Reset returns nothing
  return {};
}

Sync<Chan<Time>> Tick(Duration d) {
  if (d <= 0) return {Chan<Time>()};
  auto t = NewTicker(d);
  return {t.value->C};
}

rt::Runtime::MaybePark Sleep(Duration d) {
  // the era's timeSleep returns at once for d <= 0, with no timer (time.go: "if ns <= 0")
  if (d > 0) ops(RT(), rt::TimerKind::Sleep).started++;
  return RT().era().timeSleep(d);
}

}  // namespace gotimers::go::time

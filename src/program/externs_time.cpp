// Package time for Go programs, on src/go/time.h (so every era's timer code runs).
//
// time.Time is an int64 of Unix nanoseconds on the virtual wall clock, which starts at the
// Go playground's 2009-11-10 23:00:00 UTC (VM::epochNs) and advances with the simulated
// monotonic clock; Value::b = 1 marks a time that carries a monotonic reading (Now, and
// what Add makes of it: String prints "m=+S"). The zero time.Time is VK::Nil.
// A *time.Timer / *time.Ticker is a pointer to an opaque struct Box: slot 0 is the field C,
// Box::nat the runtime timer (Timer) or the go::time::Ticker that holds it.
#include <fmt/format.h>

#include "go/time.h"
#include "program/externs.h"
#include "program/vm.h"
#include "program/vm_internal.h"
#include "sim/format_duration.h"
#include "sim/parse_duration.h"

namespace gotimers::program {

namespace {

namespace gt = go::time;

constexpr int64_t kUnixToInternal = int64_t{62135596800};  // seconds, year 1 to 1970

Value timeValue(int64_t unixNs, bool mono) {
  Value v = Value::Int(unixNs);
  v.b = mono ? 1 : 0;
  return v;
}
int64_t nowNs(ExternCtx& c) {
  return rt::Runtime::current().nanotime() + c.vm.epochNs();
}
// A pointer to a new opaque struct Box holding the channel and the native timer.
Value timerObject(rt::hchan* ch, Ref<RefCounted> nat) {
  auto* b = new Box(1);
  b->v[0] = Value::Obj(VK::Chan, ch);
  b->nat = std::move(nat);
  return Value::Obj(VK::Ptr, b, -1);
}
// The Box of a *time.Timer / *time.Ticker (or of a struct field holding one).
Box* boxOf(const Value& p) {
  if (p.k != VK::Ptr) go::Panic("runtime error: invalid memory address or nil pointer dereference");
  return p.a < 0 ? p.as<Box>() : p.as<Box>()->v[static_cast<size_t>(p.a)].as<Box>();
}
template <typename T>
T* nativeOf(const Value& p) {
  Box* b = boxOf(p);
  if (!b->nat) b->nat = Ref<RefCounted>(new T());  // a zero Timer / Ticker
  return static_cast<T*>(b->nat.get());
}

// A *time.Timer's Box holds the runtime timer itself (gt::timerStop / timerReset), not a
// gt::Timer handle: one block less per timer, as Go's Timer embeds its runtimeTimer.
void NewTimer(ExternCtx& c) {
  go::Chan<go::Time> ch;
  Ref<rt::timer> t = gt::newChanTimer(c.i(0), &ch);
  c.result = timerObject(ch.raw(), std::move(t));
}
void After(ExternCtx& c) {
  c.result = Value::Obj(VK::Chan, gt::After(c.i(0)).value.raw());
}
// A Go func() value as AfterFunc's f: its goroutine runs it on the VM.
struct VMFuncVal final : go::FuncVal {
  VM* vm;
  Value fn;
  int32_t pos;
  VMFuncVal(VM* v, Value f, int32_t p) : vm(v), fn(std::move(f)), pos(p) {}
  rt::Task<void> body() override {
    CallRec call;
    call.fn = fn;
    call.pos = pos;
    return vm->runCall(std::move(call));
  }
};

void AfterFunc(ExternCtx& c) {
  Ref<go::FuncVal> f;  // a nil func: Go's goFunc throws "go of nil func value" when it fires
  if (!c.arg(1).isNil()) f = Ref<go::FuncVal>(new VMFuncVal(&c.vm, c.arg(1), c.pos));
  c.result = timerObject(nullptr, gt::newFuncTimer(c.i(0), std::move(f)));
  c.result.as<Box>()->v[0] = Value();
}
// The runtime timer of a *time.Timer; a zero Timer (var t time.Timer) has none, and its
// methods panic as Go's do (sleep.go@go1.19: t.r.f == nil).
rt::timer* runtimeTimerOf(const Value& p, const char* method) {
  Box* b = boxOf(p);
  if (!b->nat) go::Panic(fmt::format("time: {} called on uninitialized Timer", method));
  return static_cast<rt::timer*>(b->nat.get());
}
void TimerStop(ExternCtx& c) {
  c.result = Value::Bool(gt::timerStop(runtimeTimerOf(c.arg(0), "Stop")));
}
void TimerReset(ExternCtx& c) {
  c.result = Value::Bool(gt::timerReset(runtimeTimerOf(c.arg(0), "Reset"), c.i(1)));
}
void NewTicker(ExternCtx& c) {
  if (c.i(0) <= 0) go::Panic("non-positive interval for NewTicker");
  gt::TickerPtr t = gt::NewTicker(c.i(0)).value;
  c.result = timerObject(t->C.raw(), Ref<RefCounted>(t.get()));
}
void Tick(ExternCtx& c) {
  if (c.i(0) <= 0) {
    c.result = Value();
    return;
  }
  gt::TickerPtr t = gt::NewTicker(c.i(0)).value;
  // the Ticker lives as long as its running timer holds the channel, as Go's Tick leaks it
  c.result = Value::Obj(VK::Chan, t->C.raw());
}
void TickerStop(ExternCtx& c) {
  (void)nativeOf<gt::Ticker>(c.arg(0))->Stop();
}
void TickerReset(ExternCtx& c) {
  (void)nativeOf<gt::Ticker>(c.arg(0))->Reset(c.i(1));
}
rt::Task<void> Sleep(ExternCtx& c) {
  co_await gt::Sleep(c.i(0));
}

void ParseDuration(ExternCtx& c) {
  std::string err;
  auto d = sim::parseDuration(strOf(c.arg(0)), &err);
  c.result = makeTuple(
      {Value::Int(d.value_or(0)), d ? Value() : c.vm.errorValue(c.vm.prog().tErrorString, err)});
}
void Now(ExternCtx& c) {
  gt::chargeClockRead(rt::Runtime::current(), true);
  c.result = timeValue(nowNs(c), true);
}
// Since and Until read only the monotonic clock for a Time that has a monotonic reading
// (from Go 1.13), else they call Now.
void Since(ExternCtx& c) {
  gt::chargeClockRead(rt::Runtime::current(), c.arg(0).b == 0);
  c.result = Value::Int(nowNs(c) - c.i(0));
}
void Until(ExternCtx& c) {
  gt::chargeClockRead(rt::Runtime::current(), c.arg(0).b == 0);
  c.result = Value::Int(c.i(0) - nowNs(c));
}

int64_t roundDuration(int64_t d, int64_t m) {
  if (m <= 0) return d;
  int64_t r = d % m;
  if (d < 0) {
    r = -r;
    if (r + r < m) return d + r;
    if (int64_t d1 = d - m + r; d1 < d) return d1;
    return INT64_MIN;
  }
  if (r + r < m) return d - r;
  if (int64_t d1 = d + m - r; d1 > d) return d1;
  return INT64_MAX;
}

void DString(ExternCtx& c) {
  c.result = makeStr(sim::formatDuration(c.i(0)));
}
void DNanoseconds(ExternCtx& c) {
  c.result = Value::Int(c.i(0));
}
void DMicroseconds(ExternCtx& c) {
  c.result = Value::Int(c.i(0) / 1000);
}
void DMilliseconds(ExternCtx& c) {
  c.result = Value::Int(c.i(0) / 1000000);
}
// Duration.Seconds/Minutes/Hours: whole part plus fraction, as time.go computes them
void DSeconds(ExternCtx& c) {
  int64_t d = c.i(0);
  c.result =
      Value::Float(static_cast<double>(d / gt::Second) + static_cast<double>(d % gt::Second) / 1e9);
}
void DMinutes(ExternCtx& c) {
  int64_t d = c.i(0);
  c.result = Value::Float(static_cast<double>(d / gt::Minute) +
                          static_cast<double>(d % gt::Minute) / (60 * 1e9));
}
void DHours(ExternCtx& c) {
  int64_t d = c.i(0);
  c.result = Value::Float(static_cast<double>(d / gt::Hour) +
                          static_cast<double>(d % gt::Hour) / (60 * 60 * 1e9));
}
void DRound(ExternCtx& c) {
  c.result = Value::Int(roundDuration(c.i(0), c.i(1)));
}
void DTruncate(ExternCtx& c) {
  int64_t d = c.i(0), m = c.i(1);
  c.result = Value::Int(m <= 0 ? d : d - d % m);
}
void DAbs(ExternCtx& c) {
  int64_t d = c.i(0);
  c.result = Value::Int(d >= 0 ? d : d == INT64_MIN ? INT64_MAX : -d);
}

void TAdd(ExternCtx& c) {
  c.result = timeValue(c.i(0) + c.i(1), c.arg(0).b == 1);
}
void TSub(ExternCtx& c) {
  c.result = Value::Int(c.i(0) - c.i(1));
}
void TBefore(ExternCtx& c) {
  c.result = Value::Bool(c.i(0) < c.i(1));
}
void TAfter(ExternCtx& c) {
  c.result = Value::Bool(c.i(0) > c.i(1));
}
void TEqual(ExternCtx& c) {
  c.result = Value::Bool(c.arg(0).k == c.arg(1).k && c.i(0) == c.i(1));
}
void TIsZero(ExternCtx& c) {
  c.result = Value::Bool(c.arg(0).k == VK::Nil);
}
// Round/Truncate as time.go: on the time since the zero time (year 1), without monotonic.
int64_t sinceZeroMod(int64_t unixNs, int64_t d) {
  __int128 abs =
      static_cast<__int128>(unixNs) + static_cast<__int128>(kUnixToInternal) * 1000000000;
  return static_cast<int64_t>(abs % d);
}
void TTruncate(ExternCtx& c) {
  int64_t t = c.i(0), d = c.i(1);
  c.result = timeValue(d <= 0 ? t : t - sinceZeroMod(t, d), false);
}
void TRound(ExternCtx& c) {
  int64_t t = c.i(0), d = c.i(1);
  if (d <= 0) {
    c.result = timeValue(t, false);
    return;
  }
  int64_t r = sinceZeroMod(t, d);
  c.result = timeValue(r + r < d ? t - r : t + (d - r), false);
}
void TUnix(ExternCtx& c) {
  int64_t t = c.i(0);
  c.result = Value::Int(t >= 0 ? t / 1000000000 : (t - 999999999) / 1000000000);
}
void TUnixNano(ExternCtx& c) {
  c.result = Value::Int(c.i(0));
}
void TUnixMilli(ExternCtx& c) {
  c.result = Value::Int(c.i(0) / 1000000);
}
void TUnixMicro(ExternCtx& c) {
  c.result = Value::Int(c.i(0) / 1000);
}

// Time.String: "2009-11-10 23:00:00.5 +0000 UTC m=+0.500000001" (UTC; the monotonic part
// when the time has one).
void TString(ExternCtx& c) {
  const Value& v = c.arg(0);
  if (v.k == VK::Nil) {
    c.result = makeStr("0001-01-01 00:00:00 +0000 UTC");
    return;
  }
  int64_t t = v.i;
  int64_t secs = t >= 0 ? t / 1000000000 : (t - 999999999) / 1000000000;
  int64_t ns = t - secs * 1000000000;
  int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  int64_t sod = secs - days * 86400;
  // civil_from_days (H. Hinnant)
  int64_t z = days + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) y++;
  std::string s = fmt::format("{:04d}-{:02d}-{:02d} {:02d}:{:02d}:{:02d}", y, m, d, sod / 3600,
                              sod / 60 % 60, sod % 60);
  if (ns) {
    std::string frac = fmt::format("{:09d}", ns);
    while (frac.back() == '0')
      frac.pop_back();
    s += "." + frac;
  }
  s += " +0000 UTC";
  if (v.b == 1) {
    int64_t mono = t - c.vm.epochNs();
    s += fmt::format(" m={}{}.{:09d}", mono < 0 ? '-' : '+', (mono < 0 ? -mono : mono) / 1000000000,
                     (mono < 0 ? -mono : mono) % 1000000000);
  }
  c.result = makeStr(std::move(s));
}

// time.Unix: a time without a monotonic reading, nsec normalized as Go's Unix does. The VM's
// time.Time is Unix ns in an int64: a time outside the years 1678-2262 stops the run.
void Unix(ExternCtx& c) {
  int64_t sec = c.i(0), nsec = c.i(1);
  if (nsec < 0 || nsec >= 1000000000) {
    sec += nsec / 1000000000;
    nsec %= 1000000000;
    if (nsec < 0) {
      nsec += 1000000000;
      sec--;
    }
  }
  int64_t ns;
  if (__builtin_mul_overflow(sec, int64_t{1000000000}, &ns) ||
      __builtin_add_overflow(ns, nsec, &ns)) {
    throw rt::GoThrow(
        fmt::format("{}: gotimers: time.Unix({}, {}) is outside the years "
                    "1678-2262 that the VM's time.Time holds",
                    c.vm.prog().where(c.pos), sec, nsec));
  }
  c.result = timeValue(ns, false);
}

}  // namespace

void registerTimeExterns(ExternTable& t) {
  t["time.Sleep"] = {nullptr, Sleep};
  t["time.Now"] = {Now, nullptr};
  t["time.ParseDuration"] = {ParseDuration, nullptr};
  t["time.Since"] = {Since, nullptr};
  t["time.Until"] = {Until, nullptr};
  t["time.NewTimer"] = {NewTimer, nullptr};
  t["time.After"] = {After, nullptr};
  t["time.AfterFunc"] = {AfterFunc, nullptr};
  t["time.NewTicker"] = {NewTicker, nullptr};
  t["time.Tick"] = {Tick, nullptr};
  t["(*time.Timer).Stop"] = {TimerStop, nullptr};
  t["(*time.Timer).Reset"] = {TimerReset, nullptr};
  t["(*time.Ticker).Stop"] = {TickerStop, nullptr};
  t["(*time.Ticker).Reset"] = {TickerReset, nullptr};
  t["(time.Duration).String"] = {DString, nullptr};
  t["(time.Duration).Nanoseconds"] = {DNanoseconds, nullptr};
  t["(time.Duration).Microseconds"] = {DMicroseconds, nullptr};
  t["(time.Duration).Milliseconds"] = {DMilliseconds, nullptr};
  t["(time.Duration).Seconds"] = {DSeconds, nullptr};
  t["(time.Duration).Minutes"] = {DMinutes, nullptr};
  t["(time.Duration).Hours"] = {DHours, nullptr};
  t["(time.Duration).Round"] = {DRound, nullptr};
  t["(time.Duration).Truncate"] = {DTruncate, nullptr};
  t["(time.Duration).Abs"] = {DAbs, nullptr};
  t["(time.Time).Add"] = {TAdd, nullptr};
  t["(time.Time).Sub"] = {TSub, nullptr};
  t["(time.Time).Before"] = {TBefore, nullptr};
  t["(time.Time).After"] = {TAfter, nullptr};
  t["(time.Time).Equal"] = {TEqual, nullptr};
  t["(time.Time).IsZero"] = {TIsZero, nullptr};
  t["(time.Time).Round"] = {TRound, nullptr};
  t["(time.Time).Truncate"] = {TTruncate, nullptr};
  t["(time.Time).String"] = {TString, nullptr};
  t["(time.Time).Unix"] = {TUnix, nullptr};
  t["(time.Time).UnixNano"] = {TUnixNano, nullptr};
  t["(time.Time).UnixMilli"] = {TUnixMilli, nullptr};
  t["(time.Time).UnixMicro"] = {TUnixMicro, nullptr};
  t["time.Unix"] = {Unix, nullptr};
}

}  // namespace gotimers::program

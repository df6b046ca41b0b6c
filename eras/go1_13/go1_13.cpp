#include "eras/go1_13/go1_13.h"

#include <fmt/format.h>

#include "eras/era_timer.h"
#include "eras/timerproc/timerproc_funcs.h"

namespace gotimers::eras {

namespace {
// go1.12 (CL 146337): `go timerproc(tb)` only in the new-root branch of addtimerLocked, and
// notewakeup only if tb.sleepUntil > t.when (time.go@go1.12:159-170).
constexpr BucketRules kGo113Rules{/*wakeOnlyIfEarlier=*/true, /*createOnNewRootOnly=*/true,
                                  /*deltimerName=*/"deltimerLocked"};
}  // namespace

Go113::Go113(rt::Runtime& r) : rt::TimerBackend(r) {
  for (int i = 0; i < timersLen; i++) {
    buckets_[static_cast<size_t>(i)] =
        std::make_unique<TimersBucket>(r, i, fmt::format("timers[{}]", i), kGo113Rules);
  }
}

// func (t *timer) assignBucket() *timersBucket {
//   id := uint8(getg().m.p.ptr().id) % timersLen
//   t.tb = &timers[id].timersBucket
TimersBucket& Go113::assignBucket(timer113* t) {
  rt::p* pp = rt_.curp();
  if (!pp) throw rt::GoThrow("assignBucket: no P (invalid memory address)");
  int id = static_cast<uint8_t>(pp->id) % timersLen;
  t->tb = static_cast<int16_t>(id);
  return *buckets_[static_cast<size_t>(id)];
}

timer113* Go113::T(rt::timer* t) const {
  return eraTimer<timer113>(rt_, t, "go1.13");
}

std::string Go113::timerFields(const rt::timer& t) const {
  const auto& x = static_cast<const timer113&>(t);
  return fmt::format("tb={} i={}", x.tb, x.i);
}

// func addtimer(t *timer) (runtime/time.go@go1.13)
void Go113::addtimer(rt::timer* rtt) {
  timer113* t = T(rtt);
  rt_.charge(rt_.cost().timer_op);
  TimersBucket& tb = assignBucket(t);
  rt_.lock(tb.lock);
  tb.addtimerLocked(t);
  rt_.unlock(tb.lock);
}

// func deltimer(t *timer) bool (runtime/time.go@go1.13): the bucket recorded at add time,
// which may be another P's.
bool Go113::deltimer(rt::timer* rtt) {
  timer113* t = T(rtt);
  rt_.charge(rt_.cost().timer_op);
  if (t->tb == -1) {
    // t.tb can be nil if the user created a timer directly, without invoking startTimer
    // e.g. time.Ticker{C: c}. In this case, return early without any deletion.
    // See Issue 21874.
    return false;
  }
  TimersBucket& tb = *buckets_[static_cast<size_t>(t->tb)];
  rt_.lock(tb.lock);
  bool removed = tb.deltimerLocked(t);
  rt_.unlock(tb.lock);
  return removed;
}

// func modtimer(t *timer, when, period int64, f func(interface{}, uintptr), arg interface{},
// seq uintptr) (runtime/time.go@go1.12, CL 146339; unchanged in go1.13): one lock round-trip
// on t.tb; the timer stays in its bucket. Go's modtimer returns nothing; the result here is
// whether t was still in the heap (deltimerLocked's `removed`).
bool Go113::modtimer(rt::timer* rtt, int64_t when, int64_t period, rt::TimerFunc f, void* arg,
                     uint64_t seq) {
  timer113* t = T(rtt);
  rt_.charge(rt_.cost().timer_op);
  if (t->tb == -1) {
    // Go dereferences the nil t.tb (lock(&tb.lock)): netpoll only modtimers added timers.
    throw rt::GoThrow("modtimer: invalid memory address or nil pointer dereference (t.tb == nil)");
  }
  TimersBucket& tb = *buckets_[static_cast<size_t>(t->tb)];
  rt_.lock(tb.lock);
  bool removed = tb.deltimerLocked(t);
  t->when = when;
  t->period = period;
  t->f = f;
  t->replaceArg(arg);
  t->seq = seq;
  tb.addtimerLocked(t);
  rt_.unlock(tb.lock);
  return removed;
}

// func timeSleep(ns int64) (runtime/time.go@go1.13)
rt::Runtime::MaybePark Go113::timeSleep(int64_t ns) {
  if (ns <= 0) return {};
  auto* t = static_cast<timer113*>(prepareSleepTimer(rt_, ns));  // *t = timer{} ...
  t->tb = -1;                                                    // ... (tb = nil)
  TimersBucket& tb = assignBucket(t);
  rt_.lock(tb.lock);
  tb.addtimerLocked(t);
  return {rt_.gopark(&tb.lock, "sleep")};  // goparkunlock(&tb.lock, waitReasonSleep, ...)
}

std::string Go113::heapName(int heapId) const {
  return fmt::format("bucket {}", heapId);
}

std::vector<rt::HeapView> Go113::heaps() const {
  std::vector<rt::HeapView> out;
  for (const auto& b : buckets_) {
    if (!b->created && b->t.empty()) continue;
    out.push_back(rt::HeapView{
        fmt::format("bucket {}", b->index), {b->t.items().begin(), b->t.items().end()}, {}});
  }
  return out;
}

void Go113::checkInvariants() const {
  rt::TimerBackend::checkInvariants();
  for (const auto& b : buckets_) {
    std::string nm = fmt::format("bucket {}", b->index);
    checkHeapIndices(b->t, nm);
    for (const rt::timer* rtt : b->t.items()) {
      const auto* t = static_cast<const timer113*>(rtt);
      if (t->tb != b->index) {
        throw rt::GoThrow(
            fmt::format("{}: timer {} records bucket {}", nm, t->id, static_cast<int>(t->tb)));
      }
    }
  }
}

std::unique_ptr<rt::TimerBackend> makeGo113(rt::Runtime& r) {
  return std::make_unique<Go113>(r);
}

}  // namespace gotimers::eras

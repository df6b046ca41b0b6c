#include "eras/go1_9/go1_9.h"

#include <fmt/format.h>

#include "eras/era_timer.h"
#include "eras/timerproc/timerproc_funcs.h"
#include "eras/timerproc/timers_bucket.h"

namespace gotimers::eras {

namespace {

class Go19 final : public rt::TimerBackend {
 public:
  explicit Go19(rt::Runtime& r) : rt::TimerBackend(r), timers_(r, 0, "timers", BucketRules{}) {}

  std::string name() const override { return "go1.9"; }
  int goMinor() const override { return 9; }

  // runtime.timer@go1.9 is indexedTimer (eras/timer_heap.h): the common fields and i.
  rt::Ref<rt::timer> allocTimer() override { return rt::Ref<rt::timer>(new indexedTimer()); }
  std::string timerFields(const rt::timer& t) const override {
    return fmt::format("i={}", asIndexed(&t)->i);
  }

  // func addtimer(t *timer)
  void addtimer(rt::timer* t) override {
    rt_.charge(rt_.cost().timer_op);
    rt_.lock(timers_.lock);
    timers_.addtimerLocked(T(t));
    rt_.unlock(timers_.lock);
  }

  // func deltimer(t *timer) bool
  bool deltimer(rt::timer* t) override {
    rt_.charge(rt_.cost().timer_op);
    rt_.lock(timers_.lock);
    bool removed = timers_.deltimerLocked(T(t));
    rt_.unlock(timers_.lock);
    return removed;
  }

  // func timeSleep(ns int64)
  rt::Runtime::MaybePark timeSleep(int64_t ns) override {
    if (ns <= 0) return {};
    indexedTimer* t = prepareSleepTimer(rt_, ns);
    rt_.lock(timers_.lock);
    timers_.addtimerLocked(t);
    return {rt_.gopark(&timers_.lock, "sleep")};
  }

  std::vector<rt::HeapView> heaps() const override {
    return {rt::HeapView{"timers", {timers_.t.items().begin(), timers_.t.items().end()}, {}}};
  }

  void checkInvariants() const override {
    rt::TimerBackend::checkInvariants();
    checkHeapIndices(timers_.t, "timers");
  }

  // one heap, no status field
  std::string heapName(int /*heapId*/) const override { return "timers"; }
  const char* heapLayout() const override { return "global"; }
  const rt::HeapCode& heapCode() const override { return kTimerHeapCode; }
  const rt::CallWords& callWords() const override { return kRemovingCallWords; }

 private:
  indexedTimer* T(rt::timer* t) const { return eraTimer<indexedTimer>(rt_, t, "go1.9"); }

  TimersBucket timers_;
};

}  // namespace

std::unique_ptr<rt::TimerBackend> makeGo19(rt::Runtime& r) {
  return std::make_unique<Go19>(r);
}

}  // namespace gotimers::eras

#include "eras/go1_9/go1_9.h"

#include "eras/timerproc/timerproc_funcs.h"
#include "eras/timerproc/timers_bucket.h"

namespace gotimers::eras {

namespace {

class Go19 final : public rt::TimerBackend {
 public:
  explicit Go19(rt::Runtime& r) : rt::TimerBackend(r), timers_(r, 0, "timers", BucketRules{}) {}

  std::string name() const override { return "go1.9"; }
  int goMinor() const override { return 9; }

  // func addtimer(t *timer)
  void addtimer(rt::timer* t) override {
    rt_.charge(rt_.cost().timer_op);
    rt_.lock(timers_.lock);
    timers_.addtimerLocked(t);
    rt_.unlock(timers_.lock);
  }

  // func deltimer(t *timer) bool
  bool deltimer(rt::timer* t) override {
    rt_.charge(rt_.cost().timer_op);
    rt_.lock(timers_.lock);
    bool removed = timers_.deltimerLocked(t);
    rt_.unlock(timers_.lock);
    return removed;
  }

  // func timeSleep(ns int64)
  rt::Task<void> timeSleep(int64_t ns) override {
    if (ns <= 0) co_return;
    rt::timer* t = prepareSleepTimer(rt_, ns);
    rt_.lock(timers_.lock);
    timers_.addtimerLocked(t);
    co_await rt_.gopark(&timers_.lock, "sleep");
  }

  std::vector<rt::HeapView> heaps() const override {
    return {rt::HeapView{"timers", {timers_.t.items().begin(), timers_.t.items().end()}, {}}};
  }

  void checkInvariants() const override {
    rt::TimerBackend::checkInvariants();
    checkHeapIndices(timers_.t, "timers");
  }

 private:
  TimersBucket timers_;
};

}  // namespace

std::unique_ptr<rt::TimerBackend> makeGo19(rt::Runtime& r) {
  return std::make_unique<Go19>(r);
}

}  // namespace gotimers::eras

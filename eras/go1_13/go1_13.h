// The go1.13 era (Go 1.10-1.13): 64 timer buckets, each with its own lock, 4-ary heap and
// lazily started timerproc goroutine; a timer goes to the bucket of the P that adds it.
// A port of runtime/time.go@go1.13 (timer.assignBucket, addtimer, deltimer, modtimer,
// timeSleep, timersBucket.addtimerLocked/deltimerLocked, timerproc), introduced by CL 34784
// (Go 1.10), with CL 146337 (Go 1.12: wake timerproc only if the new root is earlier than
// its sleepUntil, and start it only on a new root) and CL 146339 (Go 1.12: modtimer).
// Package time rules of go1.13 (Timer.Reset = stopTimer + startTimer, so Reset may move a
// timer to another bucket; no Ticker.Reset). Not ported: the 1.11-1.13 badTimer path
// (timers_bucket.h), and timeSleepUntil (time.go@go1.13:357-376), which only sysmon calls
// (for Windows' osRelax): sysmon is not run before goMinor() 14.
#pragma once
#include <array>
#include <memory>

#include "eras/timerproc/timers_bucket.h"
#include "runtime/timer_backend.h"

namespace gotimers::eras {

// runtime.timer@go1.13 (time.go@go1.13:18-30): tb, i and the common fields. tb is the
// bucket the timer was last added to, -1 for Go's nil t.tb (a timer never started).
struct timer113 : indexedTimer {
  int16_t tb = -1;
};

// var timers [timersLen]struct{ timersBucket; pad [...]byte } (runtime/time.go@go1.13).
//
// Invariants: buckets_[i] is bucket i for 0 <= i < timersLen and never moves (its lock is
// registered with the runtime by address); a timer t with t->tb == b >= 0 is either in
// buckets_[b]'s heap at index t->i or in no heap at all (t->i == -1); t->tb == -1 only for a
// timer never started (Go's nil t.tb, e.g. Ticker{C: c}, Issue 21874).
class Go113 final : public rt::TimerBackend {
 public:
  // const timersLen = 64: "Ideally, this would be set to GOMAXPROCS, but that would require
  // dynamic reallocation" (runtime/time.go@go1.13).
  static constexpr int timersLen = 64;

  explicit Go113(rt::Runtime& r);

  std::string name() const override { return "go1.13"; }
  int goMinor() const override { return 13; }

  rt::Ref<rt::timer> allocTimer() override { return rt::Ref<rt::timer>(new timer113()); }
  std::string timerFields(const rt::timer& t) const override;

  void addtimer(rt::timer* t) override;
  bool deltimer(rt::timer* t) override;
  bool modtimer(rt::timer* t, int64_t when, int64_t period, rt::TimerFunc f, void* arg,
                uint64_t seq) override;
  rt::Runtime::MaybePark timeSleep(int64_t ns) override;

  // The buckets whose timerproc was started or whose heap is non-empty, as "bucket N".
  std::vector<rt::HeapView> heaps() const override;
  void checkInvariants() const override;

  // 64 buckets, no status field
  std::string heapName(int heapId) const override;
  const char* heapLayout() const override { return "buckets"; }
  int bucketCount() const override { return timersLen; }
  const rt::HeapCode& heapCode() const override { return kTimerHeapCode; }
  const rt::CallWords& callWords() const override { return kRemovingCallWords; }

  // For tests and reports: bucket i (0 <= i < timersLen).
  const TimersBucket& bucket(int i) const { return *buckets_.at(static_cast<size_t>(i)); }

 private:
  // func (t *timer) assignBucket() *timersBucket
  TimersBucket& assignBucket(timer113* t);
  // A timer handed to the era (eras/era_timer.h: checked under --check).
  timer113* T(rt::timer* t) const;

  // Go pads each bucket to a multiple of the cache line (cpu.CacheLinePadSize from 1.12)
  // to avoid false sharing; the simulator models no memory layout, so there is no padding.
  std::array<std::unique_ptr<TimersBucket>, timersLen> buckets_;
};

std::unique_ptr<rt::TimerBackend> makeGo113(rt::Runtime& r);

}  // namespace gotimers::eras

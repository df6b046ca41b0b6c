// Collector: the metrics view of the event log. A trace::Sink that aggregates events as they
// arrive; nothing is stored per event (lock waits and lateness go into sim::Histograms, whose
// memory does not grow with the run).
//
// What it derives that no counter carries: per-heap sizes over time (peak and final), per-lock
// wait and hold samples, the number of go1.14 timers deleted but still in a heap, and the peak
// number of threads asleep at once. Counters that rt::Metrics already keeps are recomputed too
// so that crossCheck (run_metrics.h) can test that the two views agree.
//
// Invariant: after every event, heapSize[h] equals the number of timers whose last heap event
// put them in heap h and that have not left it since. A timer leaves a heap by heap.pop or
// heap.remove, by being pushed onto another heap (go1.14 moveTimers re-adds a dying P's timers
// with doaddtimer), or by a timer.status transition to timerRemoved (moveTimers drops a
// dying P's deleted timers by truncating the slice, time.go@go1.16 moveTimers, which emits no
// heap event); whichever comes first counts, the others are no-ops.
#pragma once
#include <array>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "sim/histogram.h"
#include "trace/event.h"

namespace gotimers::metrics {

// One runtime lock as seen in lock.acquire / lock.release events (lock id = index).
struct LockSeen {
  uint64_t acquisitions = 0;
  uint64_t contended = 0;  // phase != CAS
  std::array<uint64_t, 4> byPhase{};
  uint64_t futexWakes = 0;  // one per futex_sleep acquisition (the holder's unlock wakes it)
  int64_t holdTotal = 0;
  int64_t holdMax = 0;
  sim::Histogram waits;  // every contended acquisition's wait, as rt::LockStats
  int64_t waitTotal() const { return waits.sum(); }  // saturating
  int64_t waitMax() const { return waits.max(); }
};

// One timer heap (heap id: 0 for go1.9, the bucket for go1.13, the P for go1.14).
struct HeapSeen {
  uint64_t pushes = 0;
  uint64_t removes = 0;  // heap.pop + heap.remove
  uint64_t siftSteps = 0;
  int64_t size = 0;
  int64_t peak = 0;
};

class Collector : public trace::Sink {
 public:
  void onEvent(const trace::Event& e) override;

  std::vector<LockSeen> locks;  // by lock id
  std::vector<HeapSeen> heaps;  // by heap id
  sim::Histogram lateness;      // timer.fire lateness
  int64_t heapTotal = 0;        // timers in all heaps now
  int64_t heapTotalPeak = 0;
  // The era's Go minor version: timer.status carries go1.14's statuses before 23, go1.23's
  // state bits from 23 (a zombie is go1.23's "deleted but still in a heap").
  int goMinor = 14;
  int64_t deletedInHeap = 0;  // go1.14 timers in status timerDeleted now (go1.23: zombies)
  int64_t deletedInHeapPeak = 0;
  int64_t asleep = 0;  // Ms asleep now (m.sleep without a later m.wake)
  int64_t asleepPeak = 0;
  uint64_t count[static_cast<size_t>(trace::Kind::NumKinds)] = {};  // events of each kind
  uint64_t timerSteals = 0;
  uint64_t goroutineSteals = 0;
  uint64_t futexLockSleeps = 0;  // lock.acquire in phase futex_sleep: an M slept and woke

 private:
  LockSeen& lock(int64_t id);
  HeapSeen& heap(int64_t id);
  void leaveHeap(int64_t timer);
  std::unordered_map<int64_t, int64_t> heapOf_;  // timer id -> heap id, for timers in a heap
  std::unordered_map<int64_t, bool> mAsleep_;    // M id -> asleep
};

}  // namespace gotimers::metrics

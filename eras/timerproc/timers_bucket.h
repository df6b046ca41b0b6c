// timersBucket: one timer heap with its lock and its timerproc goroutine.
//
// Mirrors the global `timers` struct of runtime/time.go@go1.9 and `timersBucket` of
// runtime/time.go@go1.10..go1.13 (which is the same struct, one per bucket): lock, gp,
// created, sleeping, rescheduling, sleepUntil, waitnote, t. The two eras differ only in
// the rules below, named after the Go change that introduced them.
//
// Invariants (with lock held): t is a valid 4-ary heap with t[i]->i == i; sleeping implies
// timerproc is (or is about to be) in notetsleepg on waitnote until sleepUntil;
// rescheduling implies timerproc is parked and the heap was empty when it parked.
//
// Not ported: Go 1.11-1.13's `ok` results and badTimer() (CL 115815, #25686;
// time.go@go1.13:101-104, 134-138, 154-156, 192-194, 198-223, 229-241, 264-292, 390-392,
// 413-415): siftupTimer/siftdownTimer return false on an index past the slice, which only a
// racy use of a timer can cause (assignBucket runs unlocked), and the callers then
// panic("racy use of timers") after unlocking. The simulator runs one M step at a time, so
// the checks could never fire. (Go 1.9 and 1.10 have no such path.)
#pragma once
#include <string>

#include "eras/timer_heap.h"

namespace gotimers::eras {

struct BucketRules {
  // go1.12 CL 146337: on a new root, notewakeup only if the timerproc would otherwise sleep
  // past the new timer (tb.sleepUntil > t.when).
  bool wakeOnlyIfEarlier = false;
  // go1.12 CL 146337: the lazy `go timerproc(tb)` moved inside the "new earliest" branch
  // (time.go@go1.12:167-170; go1.10 and go1.11 still start it on any add, @go1.10:158-161).
  bool createOnNewRootOnly = false;
  // The Go function that removes a stopped timer from the heap: go1.9's deltimer holds the
  // global lock and does it itself; go1.10+ split it into tb.deltimerLocked.
  const char* deltimerName = "deltimer";
};

class TimersBucket {
 public:
  TimersBucket(rt::Runtime& r, int index, std::string name, BucketRules rules);

  // addtimerLocked: append, siftup, wake or ready timerproc on a new root, start it lazily.
  // Timers are locked (the caller holds lock).
  void addtimerLocked(indexedTimer* t);
  // deltimerLocked: true if t was in this heap (and is now removed). The caller holds lock.
  bool deltimerLocked(indexedTimer* t);
  // The timerproc goroutine body.
  rt::Task<void> timerproc();

  rt::mutex lock;
  rt::g* gp = nullptr;
  bool created = false;
  bool sleeping = false;
  bool rescheduling = false;
  int64_t sleepUntil = 0;
  rt::note waitnote;
  TimerHeap t;
  int index;
  std::string name;

 private:
  rt::Runtime& rt_;
  BucketRules rules_;
};

// Runs timer function f for t (already removed or re-armed), recording lateness and the fire
// of a timer of that kind (the run summary's rt::TimerOps). fn: the Go function that calls f
// (timerproc, runOneTimer), which the timer.fire event carries.
void runTimerFunc(rt::Runtime& rt, rt::TimerFunc f, void* arg, uint64_t seq, uint32_t timerId,
                  int64_t when, rt::TimerKind kind, const char* fn);

}  // namespace gotimers::eras

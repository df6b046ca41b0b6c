// The era seam: what each Go version's runtime/time.go offers the rest of the runtime.
//
// An era implements package time's runtime entry points (startTimer = addtimer, stopTimer =
// deltimer, resetTimer, modTimer, timeSleep) and the scheduler hooks of its version. The
// scheduler calls the hooks exactly where that Go version calls them; eras that have no
// such hook (go1.9, go1.13: timers are run by timerproc goroutines) keep the defaults.
// No era includes another era; shared mechanisms live in eras/ below them.
#pragma once
#include <string>
#include <vector>

#include "runtime/runtime.h"

namespace gotimers::eras {

// A read-only view of one timer heap (for reports, checks and animations).
struct HeapView {
  std::string name;  // "timers", "bucket 3", "P1"
  std::vector<const rt::timer*> t;
};

class TimerBackend {
 public:
  explicit TimerBackend(rt::Runtime& r) : rt_(r) {}
  virtual ~TimerBackend() = default;
  TimerBackend(const TimerBackend&) = delete;
  TimerBackend& operator=(const TimerBackend&) = delete;

  virtual std::string name() const = 0;  // "go1.9"
  // The Go minor version whose package time rules apply (9, 13, 14, 15, 16, 23).
  virtual int goMinor() const = 0;

  // --- runtime/time.go, called by package time ---------------------------------------------
  virtual void addtimer(rt::timer* t) = 0;  // startTimer
  virtual bool deltimer(rt::timer* t) = 0;  // stopTimer
  // resetTimer (1.14+) and modTimer (1.12+ netpoll, 1.15+ Ticker.Reset). Eras without them
  // throw, as calling them would not link in that Go version.
  virtual bool resettimer(rt::timer* t, int64_t when);
  virtual bool modtimer(rt::timer* t, int64_t when, int64_t period, rt::TimerFunc f, void* arg,
                        uint64_t seq);
  virtual rt::Task<void> timeSleep(int64_t ns) = 0;

  // --- scheduler hooks (go1.14+) -------------------------------------------------------------
  // schedule()/findrunnable() top: checkTimers on the current P.
  virtual void checkTimersHook(rt::p* /*pp*/) {}

  // --- introspection ----------------------------------------------------------------------
  virtual std::vector<HeapView> heaps() const = 0;
  // Timers still scheduled to fire (for the leak report and checkdead).
  virtual size_t liveTimers() const;
  // Verifies the heap property and recorded indices; throws rt::GoThrow on a violation.
  virtual void checkInvariants() const;

 protected:
  rt::Runtime& rt_;
};

}  // namespace gotimers::eras

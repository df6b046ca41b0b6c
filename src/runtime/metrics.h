// Run-wide counters, updated where the event they count happens (so they cost nothing when
// tracing is off). `gotimers trace stats` recomputes them from the event log, and a test
// checks that the two agree.
#pragma once
#include <cstdint>
#include <vector>

#include "runtime/timer_kind.h"
#include "sim/histogram.h"

namespace gotimers::rt {

struct Metrics {
  uint64_t threadsCreated = 0;
  uint64_t contextSwitches = 0;  // an M switched back in after sleeping
  uint64_t mSleeps = 0;          // an M went to sleep (stopm, notetsleepg, netpoll)
  uint64_t handoffs = 0;         // handoffp calls
  uint64_t wakeps = 0;           // wakep calls that started an M
  uint64_t netpollBreaks = 0;
  uint64_t timerSteals = 0;
  uint64_t goroutineSteals = 0;
  uint64_t timerprocWakeups = 0;  // timerproc woken (futex or goready)
  uint64_t goroutinesCreated = 0;
  uint64_t heapPushes = 0;
  uint64_t heapRemoves = 0;
  uint64_t siftSteps = 0;
  uint64_t timersFired = 0;
  uint64_t timerAdds = 0;  // the runtime's addtimer calls (go1.9's Reset makes one)
  uint64_t timerDels = 0;
  uint64_t timerResets = 0;
  uint64_t chanDrops = 0;   // sendTime found the 1-slot buffer full
  uint64_t osyields = 0;    // osyield in a go1.14 timer status loop (another M mid-transition)
  sim::Histogram lateness;  // per fire: start of f minus when
  TimerOpsByKind timerOps;  // package time's calls and the fires, by kind of timer
  std::vector<int64_t> timerCodeNsPerP;  // virtual CPU time in timer code, per P (-1 = none)
};

}  // namespace gotimers::rt

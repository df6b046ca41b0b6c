#include "eras/registry.h"

#include "eras/go1_13/go1_13.h"
#include "eras/go1_14/go1_14.h"
#include "eras/go1_23/go1_23.h"
#include "eras/go1_9/go1_9.h"

namespace gotimers::eras {

const std::vector<EraInfo>& allEras() {
  static const std::vector<EraInfo> eras = {
      {"go1.9", "Go <= 1.9: one global 4-ary heap, one lock, one timerproc goroutine", 9, makeGo19},
      {"go1.13", "Go 1.10-1.13: 64 per-P timer buckets, each with its own lock, heap and timerproc",
       13, makeGo113},
      // The go1.14 era has one option per Go version whose rules it follows: "go1.14@go1.N"
      // (N = 14, 15, 16). Plain "go1.14" is the go1.16 option, which stands for 1.16-1.22.
      {"go1.14",
       "Go 1.14-1.22: per-P heaps run by the scheduler, timer status machine (go1.16+ rules)", 16,
       [](rt::Runtime& r) { return makeGo114(r, 16, "go1.14"); }},
      {"go1.14@go1.14",
       "Go 1.14: per-P heaps; stealing from idle/preempted Ps only, sysmon backstop", 14,
       [](rt::Runtime& r) { return makeGo114(r, 14, "go1.14@go1.14"); }},
      {"go1.14@go1.15",
       "Go 1.15: per-P heaps; Reset = modtimer, Ticker.Reset, steal from running Ps", 15,
       [](rt::Runtime& r) { return makeGo114(r, 15, "go1.14@go1.15"); }},
      {"go1.14@go1.16",
       "Go 1.16-1.22: per-P heaps; timerModifiedEarliest, timerpMask, wakep on new timers; "
       "with the 1.17-1.19 fixes (no adjustTimers, #47762, #51654)",
       16, [](rt::Runtime& r) { return makeGo114(r, 16, "go1.14@go1.16"); }},
      // The go1.23 era has one option per value of the GODEBUG setting asynctimerchan:
      // "go1.23@asynctimerchan=N" (N = 1, 2). Plain "go1.23" is asynctimerchan=0, the default
      // for a main module whose go.mod says go 1.23 or later.
      {"go1.23",
       "Go 1.23+: per-timer locks and state bits, zombies, lazy synchronous timer channels "
       "(no stale values, len/cap 0), unreferenced timers collected",
       23, [](rt::Runtime& r) { return makeGo123(r, 0, "go1.23"); }},
      {"go1.23@asynctimerchan=1",
       "Go 1.23 with GODEBUG asynctimerchan=1: the pre-1.23 channel behaviour (buffered, stale "
       "values, timers always in a heap) on the 1.23 implementation",
       23, [](rt::Runtime& r) { return makeGo123(r, 1, "go1.23@asynctimerchan=1"); }},
      {"go1.23@asynctimerchan=2",
       "Go 1.23 with GODEBUG asynctimerchan=2: async (buffered) timer channels, but lazy and "
       "collectable as in 1.23 (a debugging setting)",
       23, [](rt::Runtime& r) { return makeGo123(r, 2, "go1.23@asynctimerchan=2"); }},
  };
  return eras;
}

const EraInfo* findEra(const std::string& name) {
  for (const auto& e : allEras()) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

std::string eraNames() {
  std::string out;
  for (const auto& e : allEras()) {
    if (!out.empty()) out += ", ";
    out += e.name;
  }
  return out;
}

}  // namespace gotimers::eras

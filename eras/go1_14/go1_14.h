// The go1.14 era (Go 1.14-1.22): per-P timer heaps run by the scheduler, a lock-free timer
// status machine, lazy deletion. A port of runtime/time.go@go1.14, @go1.15 and @go1.16
// (the version options; the go1.16 option with the era's later fixes, see below), with the
// scheduler integration in src/runtime (proc.go@same tags).
//
// Registered names (eras/registry.cpp):
//   "go1.14"         = the go1.16 option (the default; stands for Go 1.16-1.22)
//   "go1.14@go1.14"  Go 1.14: stealing only from idle/preempted Ps on the last pass, sysmon
//                    backstop, resettimer is its own function, racy misuse panics
//   "go1.14@go1.15"  Go 1.15: Ticker.Reset, Reset = resettimer = modtimer, steal from running
//                    Ps on the last pass, badTimer throws, netpollBreak coalesced
//   "go1.14@go1.16"  Go 1.16+ ("1.16-1.22"): timerModifiedEarliest, timerpMask, steal timers
//                    before runnext on the last pass, wakeNetPoller -> wakep, no sysmon
//                    backstop, strict when > 0 / period >= 0 checks; plus the fixes users of
//                    1.16+ got: no adjustTimers counter (CL 336432, CL 337309, go1.17),
//                    adjusttimers restarts at the smallest changed index (CL 343882, go1.18,
//                    #47762), timerModifiedEarliest cleared with the last timer (CL 417434,
//                    go1.19, #51654), Ticker.Reset(d <= 0) panics (CL 361074, go1.18).
//                    Not the go1.16.0 tag, which loses timers to #47762.
// goMinor() returns 14, 15 or 16, which selects the package time rules (src/go/time.cpp) and
// the proc.go paths (src/runtime/proc.cpp).
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "runtime/timer_backend.h"

namespace gotimers::eras {

// runtime/time.go@go1.14..go1.22 timer statuses (iota order), stored in timer114::status.
enum TimerStatus : uint8_t {
  timerNoStatus = 0,     // not in any heap (never started, or a one-shot that has run)
  timerWaiting,          // in some P's heap, waiting to fire
  timerRunning,          // being run (brief)
  timerDeleted,          // stopped; still in some P's heap, must not run
  timerRemoving,         // being removed (brief)
  timerRemoved,          // stopped and not in any heap
  timerModifying,        // being modified (brief)
  timerModifiedEarlier,  // in a heap, new earlier time in nextwhen; possibly misplaced
  timerModifiedLater,    // in a heap, new same/later time in nextwhen; possibly misplaced
  timerMoving,           // modified and being moved (brief)
};
const char* timerStatusName(uint8_t s);

// runtime.timer@go1.14..go1.22 (time.go@go1.14:17-37): pp, nextwhen and status beside the
// common fields. The era allocates every timer as one (TimerBackend::allocTimer).
struct timer114 : rt::timer {
  int16_t pp = -1;            // t.pp: the P whose heap holds it, -1 = nil
  uint8_t status = 0;         // timerNoStatus ...
  int16_t statusWriter = -1;  // the M whose CAS wrote status last (Runtime::atomicWrite);
                              // int16_t: it fills the tail padding (Go's limit is 10000 Ms)
  int64_t nextwhen = 0;
};
// The status and pending when of t, a timer of the go1.14 era (reports: the heap lab).
inline uint8_t go114Status(const rt::timer& t) {
  return static_cast<const timer114&>(t).status;
}
inline int64_t go114Nextwhen(const rt::timer& t) {
  return static_cast<const timer114&>(t).nextwhen;
}

std::unique_ptr<rt::TimerBackend> makeGo114(rt::Runtime& r, int minor, std::string name);

// A snapshot of one P's timer fields (tests, reports).
struct PTimersView {
  size_t len = 0;  // len(pp.timers)
  uint32_t numTimers = 0;
  uint32_t deletedTimers = 0;
  int32_t adjustTimers = 0;  // go1.14/go1.15 only (0 in go1.16+: removed by CL 337309)
  int64_t timer0When = 0;
  int64_t timerModifiedEarliest = 0;  // go1.16+
  bool timerpMask = true;             // go1.16+
};
// pp's timer fields if era is the go1.14 era; throws std::logic_error otherwise.
PTimersView go114PTimers(const rt::TimerBackend& era, int pid);

}  // namespace gotimers::eras

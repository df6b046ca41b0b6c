// The go1.23 era (Go 1.23+): per-timer locks and state bits, per-P `timers` heaps of
// {timer, when} pairs with zombies, lazy channel timers (in a heap only while a goroutine
// is blocked on the channel), synchronous timer channels (Stop/Reset drain, len/cap 0), and
// unreferenced channel timers collected. A port of runtime/time.go@go1.23rc1 with the
// channel hooks of chan.go/select.go@go1.23rc1 (src/runtime/chan.cpp) and the scheduler side
// of proc.go@go1.23rc1 (src/runtime: the same call sites as Go 1.16+, with timers.check,
// timers.wakeTime, timers.take).
//
// Registered names (eras/registry.cpp), after the GODEBUG setting asynctimerchan:
//   "go1.23"                    asynctimerchan=0, the default for go.mod >= 1.23
//   "go1.23@asynctimerchan=1"   the pre-1.23 channel behaviour: time.syncTimer returns nil,
//                               so the runtime sees ordinary always-in-heap timers
//   "go1.23@asynctimerchan=2"   async channels on the lazy implementation (debugging
//                               setting): no sendLock/seq/drain, maybeRunAsync in Stop/Reset
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "runtime/timer_backend.h"

namespace gotimers::eras {

// time.go@go1.23rc1 timer state bits (timer123::state).
enum TimerState : uint8_t {
  timerHeaped = 1,    // in some P's heap
  timerModified = 2,  // t.when changed; the heap's heap[i].when still needs updating
  timerZombie = 4,    // stopped (or no longer needed by a channel) but still in a heap
};
// timer123 keeps state and astate in 3 bits each.
static_assert((timerHeaped | timerModified | timerZombie) < 8);
// "h-z" style: the three bits as time.go's trace1 prints them ("hmz", "h--", "---").
std::string timerStateName(uint8_t state);
// The bits as words, for viewers: "heaped|modified", "none".
std::string timerStateWords(uint8_t state);

// runtime.timer@go1.23rc1 (time.go@go1.23rc1:25-71) beyond the fields rt::timer shares with
// the other eras. The era allocates every timer as one (newTimer, allocTimer).
// Invariants (t.mu not held): Modified and Zombie only with Heaped; Heaped iff ts >= 0 iff
// the timer has exactly one entry in that P's heap; isChan timers are in a heap only if
// blocked > 0 or they are zombies / were run from the heap (needsAdd); an isChan timer
// holds a reference on its channel (argHeld) only while Heaped.
struct timer123 : rt::timer {
  timer123() { liveObjects()++; }
  ~timer123() override { liveObjects()--; }
  timer123(const timer123&) = delete;
  timer123& operator=(const timer123&) = delete;
  // go1.23 timers allocated and not yet freed, in this process (the GC model's "inuse": the
  // port of TestTimerGC counts them).
  static int64_t& liveObjects() {
    static int64_t n = 0;
    return n;
  }
  // The small fields first: they fill rt::timer's tail padding (16 bytes per timer). Go keeps
  // astate, state and isChan in a byte each; here they share one, so that blocked fits too.
  uint8_t astate : 3 = 0;   // atomic copy of state published at unlock (fast paths)
  uint8_t state : 3 = 0;    // timerHeaped | timerModified | timerZombie
  bool isChan : 1 = false;  // timer has a channel; immutable
  int16_t ts = -1;          // t.ts: the P whose timers heap holds it, -1 = nil
  uint32_t blocked = 0;     // number of goroutines blocked on the timer's channel
  rt::mutex mu;             // t.mu: protects every field
  // (t.sendLock: only synchronous channel timers take it, so only they carry one:
  // syncChanTimer123 below.)
  // (An isChan timer's channel is its t.arg, read by Go123::hchan as t.hchan() reads it.)
  // (gp.sleepWhen, which timeSleep and resetForSleep use, is the g's, as in Go: rt::g.)
};
static_assert(sizeof(timer123) <= 88, "issue 22's bytes per live timer");
// A synchronous channel timer (isChan, asynctimerchan=0): newTimer allocates these, and only
// these take t.sendLock, which serialises sends vs Stop/Reset. Go gives every timer the
// field; here the others do without its bytes (simulator: 8 bytes less on every AfterFunc
// and Sleep timer, and one allocation less per NewTimer, than a pointer to a lock apart).
struct syncChanTimer123 final : timer123 {
  rt::mutex sendLock;  // t.sendLock
};
// The state bits of t, a timer of the go1.23 era (reports: the heap lab).
inline uint8_t go123State(const rt::timer& t) {
  return static_cast<const timer123&>(t).state;
}

std::unique_ptr<rt::TimerBackend> makeGo123(rt::Runtime& r, int asyncTimerChan, std::string name);

// A snapshot of one P's `timers` (tests, reports).
struct TimersView {
  size_t len = 0;  // len(ts.heap)
  int32_t zombies = 0;
  int64_t minWhenHeap = 0;
  int64_t minWhenModified = 0;
  bool timerpMask = true;
};
// pp's timers if era is the go1.23 era; throws std::logic_error otherwise.
TimersView go123Timers(const rt::TimerBackend& era, int pid);

}  // namespace gotimers::eras

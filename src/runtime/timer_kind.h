// What package time made a timer for: the kinds of timer the run summary accounts for
// separately (rt::Metrics::timerOps). A simulator annotation on rt::timer, set where package
// time creates the timer (go/time.cpp) and where each era's timeSleep makes its sleep timer;
// Go has no such field (its runtime tells the kinds apart only by t.f).
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>

namespace gotimers::rt {

enum class TimerKind : uint8_t {
  Other,   // made by the runtime or a test, not through package time
  Chan,    // NewTimer, After: sendTime on a channel
  Func,    // AfterFunc: goFunc
  Ticker,  // NewTicker, Tick: sendTime with a period
  Sleep,   // time.Sleep: goroutineReady
};
inline constexpr size_t kTimerKinds = 5;

// "NewTimer/After", "AfterFunc", "Ticker", "Sleep", "other".
const char* timerKindName(TimerKind k);

// What the program asked of package time for one kind of timer: the calls, not the runtime
// operations that carry them out (go1.9's Reset is a deltimer and an addtimer; here it is one
// reset). Each arming (a start, or a Reset) ends when the timer fires, when a Stop or a Reset
// finds it pending, or is still pending at exit; a ticker's fires re-arm it instead.
struct TimerOps {
  uint64_t started = 0;
  uint64_t resets = 0;      // Reset calls
  uint64_t fired = 0;       // f ran (a ticker: each tick)
  uint64_t stopped = 0;     // Stop calls that found the timer pending (returned true)
  uint64_t stopCalls = 0;   // every Stop call
  uint64_t superseded = 0;  // Reset calls that found the timer pending (re-armed it)
  // The armings no fire, Stop or Reset ended: started + resets - fired - stopped - superseded
  // (a ticker's fires are not subtracted).
  int64_t pending(TimerKind k) const {
    auto ended = stopped + superseded + (k == TimerKind::Ticker ? 0 : fired);
    return static_cast<int64_t>(started + resets) - static_cast<int64_t>(ended);
  }
  bool any() const { return started + resets + fired + stopCalls > 0; }
};
using TimerOpsByKind = std::array<TimerOps, kTimerKinds>;

}  // namespace gotimers::rt

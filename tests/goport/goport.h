// Shared helpers for the ports of Go's own package time tests (src/time/sleep_test.go,
// src/time/tick_test.go) to the simulator.
//
// Every ported test runs its program body on every era in eras::allEras(), one doctest
// SUBCASE per era name (filter with -sc=go1.9 etc.), and requires the program to end
// normally (main returned: no deadlock, panic, throw or limit).
//
// Timing: Go's tests allow generous slack because real machines are noisy. The simulator is
// deterministic, so the ports assert exact bounds instead:
//   * a timer set for d never fires before start+d (start = the virtual time before the call
//     that armed it), and
//   * it is observed no later than start+d+kSlack.
// kSlack = 1ms bounds the modelled overhead of one timer expiry reaching a goroutine. The
// largest figures in the cost model (src/runtime/cost_model.h) are timer_slack (50us, the
// overshoot of a timed futex/epoll sleep), thread_create (25us), wake_latency (5us) and
// context_switch (1.5us); one expiry path charges a handful of them, i.e. well under 100us in
// every era. 1ms gives 10x headroom while still being 20x smaller than the smallest delay in
// the timing tests (20ms), so "fired late by a scheduling/wake-up bug" is still caught.
#pragma once
#include <doctest/doctest.h>

#include <functional>
#include <string>

#include "eras/registry.h"
#include "go/program.h"
#include "go/time.h"
#include "runtime/timer_backend.h"

namespace goport {

using namespace gotimers::go;
using gotimers::rt::ExitKind;
using gotimers::rt::GoPanic;
using time::Duration;
using time::Hour;
using time::Microsecond;
using time::Millisecond;
using time::Minute;
using time::Nanosecond;
using time::Second;

// Bound on the modelled overhead between a timer's deadline and a goroutine observing it.
inline constexpr Duration kSlack = 1 * Millisecond;

// The Go minor version whose rules the running era follows (9, 13, 14, 15, 16, 23, ...).
inline int goMinor() {
  return RT().era().goMinor();
}
inline std::string eraName() {
  return RT().era().name();
}

// Assertions inside a goroutine body: CHECK and CHECK_MESSAGE, and GOPORT_ON_TIME below. Not
// REQUIRE (it throws doctest's own exception through the simulated goroutine), and no INFO or
// CAPTURE whose scope spans a co_await: doctest keeps them on one per-thread stack, which the
// goroutines that run while this one is suspended push and pop out of order.

// Checks lo <= got <= lo + slack (virtual nanoseconds); a failure is reported at file:line.
inline void checkOnTimeAt(int64_t got, int64_t lo, Duration slack, const std::string& what,
                          const char* file, int line) {
  if (got >= lo && got <= lo + slack) return;
  ADD_FAIL_CHECK_AT(file, line, what, ": got ", got, ", want [", lo, ", ", lo + slack, "]");
}
#define GOPORT_ON_TIME(got, lo, slack, what) \
  ::goport::checkOnTimeAt((got), (lo), (slack), (what), __FILE__, __LINE__)

struct EraOptions {
  int gomaxprocs = 1;
  int minGoMinor = 0;  // a test of a newer Go version: skip the eras of older ones
};

// Runs body as the main goroutine on every era, each in its own SUBCASE named after the era,
// and requires a normal exit. after (optional) inspects the result further.
inline void forEachEra(const std::function<Task<void>()>& body, EraOptions eo = {},
                       const std::function<void(const ProgramResult&)>& after = nullptr) {
  const auto& eras = gotimers::eras::allEras();
  REQUIRE(!eras.empty());
  for (const auto& era : eras) {
    if (era.goMinor < eo.minGoMinor) continue;
    SUBCASE(era.name.c_str()) {
      ProgramOptions o;
      o.era = era.name;
      o.config.gomaxprocs = eo.gomaxprocs;
      // Also verify the era's heaps (heap order, recorded indices, counters) at exit.
      o.checkInvariants = true;
      ProgramResult res;
      try {
        res = runProgram(o, body);
      } catch (const std::exception& e) {
        FAIL_CHECK("era " << era.name << ": invariant check failed: " << e.what());
        continue;
      }
      INFO("era ", era.name, " exit report: ", res.run.report);
      CHECK(res.run.kind == ExitKind::Normal);
      if (after) after(res);
    }
  }
}

// Runs f and returns the message of the Go panic it raised, or "" (recover() in a defer).
template <typename F>
std::string recoverPanic(F&& f) {
  try {
    f();
  } catch (const GoPanic& e) {
    return std::string("panic: ") + e.what();
  }
  return "";
}

}  // namespace goport

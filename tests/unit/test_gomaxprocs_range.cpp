// Every shipped scenario ends, at GOMAXPROCS 1 and 16 as well as at its own setting, on every
// era, with --check: no limit, no internal error, no violated invariant. With Ms that stop in
// the middle of an operation (Runtime::syncBeforeLock), a runtime function that reads shared
// state before a lock() and uses it after is wrong unless Go's own code does the same: the
// runqputslow that did once sent BenchmarkSleep on go1.9 at 16 Ps into an endless loop.
#include <doctest/doctest.h>

#include "runtime/runtime.h"
#include "trace_helpers.h"

using namespace gotimers;
using namespace gotimers::testing;

TEST_CASE("every shipped scenario ends at GOMAXPROCS 1 and 16 on every era") {
  for (const auto& path : shippedScenarios()) {
    auto s = scenario::loadScenario(path);
    shrink(s);
    for (const auto& era : erasFor(s)) {
      for (int procs : {1, 16}) {
        CAPTURE(path);
        CAPTURE(era);
        CAPTURE(procs);
        scenario::RunOptions o;
        o.era = era;
        o.procs = procs;
        o.check = true;
        o.eventLimit = 20'000'000;
        auto res = scenario::runScenario(s, o);
        const rt::RunResult& run = res.program.run;
        INFO(run.report);
        CHECK((run.kind == rt::ExitKind::Normal || run.kind == rt::ExitKind::Deadlock ||
               run.kind == rt::ExitKind::Panic));
      }
    }
  }
}

// The case that found runqputslow's bug, at full size (smaller heaps do not line the steal
// up with the parked runqputslow): --check sees the run queue's head pass its tail.
TEST_CASE("BenchmarkSleep on go1.9 at 16 Ps ends, its run queues intact") {
  auto s =
      scenario::loadScenario(std::string(GOTIMERS_SOURCE_DIR) + "/scenarios/benchmarks/sleep.json");
  scenario::RunOptions o;
  o.era = "go1.9";
  o.procs = 16;
  o.check = true;
  o.eventLimit = 5'000'000;
  auto res = scenario::runScenario(s, o);
  INFO(res.program.run.report);
  CHECK(res.program.run.kind == rt::ExitKind::Normal);
  CHECK(res.bench.complete());
}

// Run limits: each stops a runaway program with exit status 3 and a message naming the
// limit, where the run was and the flag that raises it; SIGINT stops a run with 130.
#include <doctest/doctest.h>

#include <atomic>
#include <csignal>
#include <string>

#include "eras/registry.h"
#include "harness.h"
#include "scenario/interpreter.h"
#include "scenario/scenario.h"

namespace rt = gotimers::rt;
namespace sc = gotimers::scenario;
using gotimers::testing::contains;

namespace {
sc::ScenarioResult runWith(const std::string& mainOps, const std::string& era,
                           const std::function<void(rt::RunConfig&)>& limits) {
  auto s = sc::parseScenario("limits.json", R"({"name": "limits", "main": )" + mainOps + "}");
  sc::RunOptions o;
  o.era = era;
  o.limits = limits;
  return sc::runScenario(s, o);
}
const char* const kEras[] = {"go1.9", "go1.13", "go1.14"};
}  // namespace

TEST_CASE("limits: too many goroutines") {
  for (const char* era : kEras) {
    CAPTURE(std::string(era));
    auto r =
        runWith(R"([{"op": "loop", "body": [{"op": "go", "body": [{"op": "Sleep", "d": "1h"}]}]}])",
                era, [](rt::RunConfig& c) { c.goroutineLimit = 500; });
    CHECK(r.program.run.kind == rt::ExitKind::GoroutineLimit);
    CHECK(r.exitCode() == 3);
    CHECK(r.program.run.report.starts_with(
        "gotimers: goroutine limit 500 exceeded at virtual time "));
    CHECK(contains(r.program.run.report,
                   "501 goroutines are alive; raise it with --goroutine-limit N\n"));
  }
}

TEST_CASE("limits: too many timers in the heaps") {
  for (const char* era : kEras) {
    CAPTURE(std::string(era));
    auto r = runWith(
        R"([{"op": "loop", "times": 100000, "body": [{"op": "NewTimer", "d": "1h", "as": "t"}]}])",
        era, [](rt::RunConfig& c) { c.timerLimit = 300; });
    CHECK(r.program.run.kind == rt::ExitKind::TimerLimit);
    CHECK(r.exitCode() == 3);
    CHECK(r.program.run.report.starts_with(
        "gotimers: live-timer limit 300 exceeded at virtual time "));
    CHECK(contains(r.program.run.report,
                   "301 timers are in the timer heaps; raise it with --timer-limit N\n"));
  }
}

TEST_CASE("limits: the memory budget counts what the simulated program holds") {
  // Output, buffered channel values and goroutine frames all count.
  const char* programs[] = {
      R"([{"op": "loop", "times": 100000000, "body": [{"op": "print", "msg": "0123456789012345678901234567890123456789"}]}])",
      R"([{"op": "make", "as": "c", "cap": 2000000000}, {"op": "loop", "body": [{"op": "send", "chan": "c", "value": 1}]}])",
      R"([{"op": "loop", "body": [{"op": "go", "body": [{"op": "Sleep", "d": "1h"}]}]}])"};
  for (const char* p : programs) {
    CAPTURE(p);
    auto r = runWith(p, "go1.9", [](rt::RunConfig& c) {
      c.memoryLimit = 2 << 20;
      c.spinLimit = int64_t{1} << 40;
    });
    CHECK(r.program.run.kind == rt::ExitKind::MemoryLimit);
    CHECK(r.exitCode() == 3);
    CHECK(
        r.program.run.report.starts_with("gotimers: memory budget 2MiB exceeded at virtual time "));
    CHECK(contains(r.program.run.report, "raise it with --memory-limit SIZE (e.g. 8GiB)\n"));
  }
}

TEST_CASE("limits: a loop that neither blocks nor lets time pass is stopped, and named") {
  for (const char* era : kEras) {
    CAPTURE(std::string(era));
    auto r = runWith(R"([{"op": "loop", "times": 1000000000000, "body": []}])", era,
                     [](rt::RunConfig& c) { c.spinLimit = 5000; });
    CHECK(r.program.run.kind == rt::ExitKind::Spin);
    CHECK(r.exitCode() == 3);
    CHECK(r.program.run.report.starts_with(
        "gotimers: goroutine 1 spins: the loop at limits.json:1:29 (/main/0) ran 5000 iterations "
        "at virtual time "));
    CHECK(contains(r.program.run.report, "or raise the limit with --spin-limit N\n"));
  }
}

TEST_CASE("limits: a goroutine that loops forever without blocking is reported as such") {
  for (const char* era : kEras) {
    CAPTURE(std::string(era));
    // Busy: virtual time passes, but the goroutine never blocks.
    auto r =
        runWith(R"([{"op": "go", "body": [{"op": "loop", "body": [{"op": "work", "d": "1ms"}]}]},
                         {"op": "Sleep", "d": "10s"}])",
                era, [](rt::RunConfig& c) { c.spinLimit = 2000; });
    CHECK(r.program.run.kind == rt::ExitKind::Spin);
    CHECK(r.program.run.report.starts_with(
        "gotimers: goroutine 2 loops forever without blocking: the loop at limits.json:1:51 "
        "(/main/0/body/0) ran 2000 iterations without blocking; stopped at virtual time "));
    // A forever loop that blocks in every iteration is not spinning.
    auto ok =
        runWith(R"([{"op": "go", "body": [{"op": "loop", "body": [{"op": "Sleep", "d": "1us"}]}]},
                          {"op": "Sleep", "d": "10ms"}])",
                era, [](rt::RunConfig& c) { c.spinLimit = 2000; });
    CHECK(ok.program.run.kind == rt::ExitKind::Normal);
  }
}

TEST_CASE("limits: when another limit stops the run, forever loops that do not block are named") {
  auto r = runWith(R"([{"op": "loop", "body": [{"op": "work", "d": "1ms"}]}])", "go1.9",
                   [](rt::RunConfig& c) { c.timeLimit = 5 * gotimers::Second; });
  CHECK(r.program.run.kind == rt::ExitKind::TimeLimit);
  // The next event's exact time depends on the cost model (each iteration adds the
  // interpreter's user_op cost to the 1ms of work), so only its place in the message is fixed.
  const std::string& rep = r.program.run.report;
  CHECK(rep.starts_with(
      "gotimers: virtual-time limit 5s reached at event 1 (the next event is at 5.000"));
  CHECK(contains(rep,
                 "s); raise it with --time-limit DURATION\n"
                 "note: goroutine 1 loops forever without blocking: the loop at "
                 "limits.json:1:29 (/main/0) ran 4999 iterations since it last blocked\n"));
}

TEST_CASE("limits: events, wall clock and SIGINT") {
  auto ev = runWith(R"([{"op": "loop", "body": [{"op": "Sleep", "d": "1ms"}]}])", "go1.14",
                    [](rt::RunConfig& c) { c.eventLimit = 1000; });
  CHECK(ev.program.run.kind == rt::ExitKind::EventLimit);
  CHECK(ev.program.run.report.starts_with("gotimers: event limit 1000 reached at virtual time "));
  CHECK(ev.exitCode() == 3);

  // The wall clock only ever stops a run; 1ms is certainly exceeded by a spin of 10^12.
  auto wall = runWith(R"([{"op": "loop", "body": [{"op": "work", "d": "1us"}]}])", "go1.9",
                      [](rt::RunConfig& c) {
                        c.wallLimitMs = 1;
                        c.spinLimit = int64_t{1} << 50;
                        c.timeLimit = gotimers::maxWhen - 1;
                      });
  CHECK(wall.program.run.kind == rt::ExitKind::WallClockLimit);
  CHECK(contains(wall.program.run.report, "raise it with --wall-limit DURATION (0 = none)\n"));
  CHECK(wall.exitCode() == 3);

  static std::atomic<int> sigint{SIGINT};
  auto in = runWith(R"([{"op": "loop", "body": [{"op": "Sleep", "d": "1ms"}]}])", "go1.13",
                    [](rt::RunConfig& c) { c.interrupt = &sigint; });
  CHECK(in.program.run.kind == rt::ExitKind::Interrupted);
  CHECK(in.program.run.report == "gotimers: interrupted (SIGINT) at virtual time 0s (event 0)\n");
  CHECK(in.exitCode() == 130);
}

TEST_CASE("limits: make with a capacity beyond the address space panics as in Go") {
  auto r = runWith(R"([{"op": "make", "as": "c", "cap": 100000000000}])", "go1.9", nullptr);
  CHECK(r.program.run.kind == rt::ExitKind::Panic);
  CHECK(contains(r.program.run.report, "panic: makechan: size out of range"));
}

TEST_CASE("limits: a findrunnable that goes round without yielding is stopped, and named") {
  // findrunnable's goto top repeats inside one kernel step, out of reach of the event limit
  // and the scenario's spin limit; with --spin-limit 1 any second round (here: the first
  // timer steal that readies nothing, goto top) is reported as an internal error, exit 3.
  auto s = sc::loadScenario(GOTIMERS_SOURCE_DIR "/scenarios/pitfalls/reset-stale-value.json");
  for (const char* era : {"go1.14", "go1.14@go1.16"}) {
    CAPTURE(std::string(era));
    sc::RunOptions o;
    o.era = era;
    o.procs = 4;
    o.limits = [](rt::RunConfig& c) { c.spinLimit = 1; };
    auto r = sc::runScenario(s, o);
    CHECK(r.program.run.kind == rt::ExitKind::Spin);
    CHECK(r.exitCode() == 3);
    CHECK(r.program.run.report.starts_with(
        "gotimers: internal error: findrunnable looped 1 times at virtual time "));
    // With the default limit the same run ends normally.
    o.limits = nullptr;
    CHECK(sc::runScenario(s, o).exitCode() == 0);
  }
}

// The scenario interpreter: slices (append, index, len, out-of-range panics) on every era.
#include <doctest/doctest.h>

#include <string>

#include "eras/registry.h"
#include "scenario/interpreter.h"
#include "scenario/scenario.h"

using gotimers::scenario::parseScenario;
using gotimers::scenario::RunOptions;
using gotimers::scenario::runScenario;

namespace {
gotimers::scenario::ScenarioResult runText(const std::string& text, const std::string& era) {
  auto s = parseScenario("t.json", text);
  RunOptions o;
  o.era = era;
  return runScenario(s, o);
}
}  // namespace

TEST_CASE("slices: append timers, index them, len, and receive from an element's channel") {
  const std::string text = R"({
    "name": "slices",
    "main": [
      {"op": "slice", "as": "ts"},
      {"op": "loop", "times": 3, "body": [
        {"op": "NewTimer", "d": "$i*10ms+10ms", "as": "ts[]"}
      ]},
      {"op": "len", "of": "ts", "as": "n"},
      {"op": "print", "msg": "len {n}"},
      {"op": "Stop", "timer": "ts[$n-1]", "expect": true},
      {"op": "recv", "chan": "ts[1].C", "expect": {"sentAtLeast": "20ms", "sentAtMost": "21ms"}},
      {"op": "select", "cases": [{"recv": "ts[0].C", "body": [{"op": "print", "msg": "ts[0]"}]}]},
      {"op": "slice", "as": "cs"},
      {"op": "make", "as": "cs[]", "cap": 1},
      {"op": "go", "body": [{"op": "send", "chan": "cs[0]", "value": 7}]},
      {"op": "recv", "chan": "cs[0]", "as": "v", "expect": {"value": 7}},
      {"op": "check", "liveTimers": {"max": 0}}
    ]
  })";
  for (const auto& era : gotimers::eras::allEras()) {
    INFO(era.name);
    auto r = runText(text, era.name);
    CHECK(r.failures.empty());
    CHECK(r.program.output == "len 3\nts[0]\n");
    CHECK(r.exitCode() == 0);
  }
}

TEST_CASE("slices: an index out of range panics as Go does, and recover catches it") {
  auto r = runText(R"({"name": "oob", "main": [
      {"op": "slice", "as": "ts"},
      {"op": "AfterFunc", "d": "1h", "as": "ts[]", "body": []},
      {"op": "recover", "body": [{"op": "Stop", "timer": "ts[-1]"}]},
      {"op": "loop", "times": 2, "body": [{"op": "NewTimer", "d": "1h", "as": "ts[]"}]},
      {"op": "Stop", "timer": "ts[5]"}
    ]})",
                   "go1.14");
  CHECK(r.program.output == "recovered: runtime error: index out of range [-1]\n");
  CHECK(r.program.run.report.find("panic: runtime error: index out of range [5] with length 3") ==
        0);
  CHECK(r.exitCode() == 2);
}

TEST_CASE("slices are shared with the goroutines that capture them") {
  auto r = runText(R"({"name": "shared", "main": [
      {"op": "slice", "as": "ts"},
      {"op": "WaitGroup", "as": "wg"},
      {"op": "wg.Add", "wg": "wg", "n": 4},
      {"op": "go", "count": 4, "body": [
        {"op": "NewTicker", "d": "1ms", "as": "ts[]"},
        {"op": "wg.Done", "wg": "wg"}
      ]},
      {"op": "wg.Wait", "wg": "wg"},
      {"op": "len", "of": "ts", "as": "n"},
      {"op": "loop", "times": "$n", "body": [{"op": "Ticker.Stop", "ticker": "ts[$i]"}]},
      {"op": "print", "msg": "{n} {ts}"}
    ]})",
                   "go1.9");
  CHECK(r.program.output == "4 [*time.Ticker *time.Ticker *time.Ticker *time.Ticker]\n");
  CHECK(r.exitCode() == 0);
}

TEST_CASE("minGo: the version of each era") {
  auto s = parseScenario("t.json", R"({"name": "x", "minGo": "1.15", "main": []})");
  CHECK(s.minGoMinor == 15);
  CHECK(gotimers::eras::findEra("go1.9")->goMinor == 9);
  CHECK(gotimers::eras::findEra("go1.13")->goMinor == 13);
  CHECK(gotimers::eras::findEra("go1.14")->goMinor == 16);
  CHECK(gotimers::eras::findEra("go1.14@go1.14")->goMinor == 14);
  CHECK(gotimers::eras::findEra("go1.14@go1.15")->goMinor == 15);
}

TEST_CASE("b.ResetTimer/b.StopTimer: ns/op is the timed region's virtual time over n") {
  const std::string text = R"({
    "name": "bench",
    "main": [
      {"op": "Sleep", "d": "5ms"},
      {"op": "b.ResetTimer"},
      {"op": "Sleep", "d": "30ms"},
      {"op": "b.StopTimer", "n": 3},
      {"op": "Sleep", "d": "1s"}
    ]})";
  for (const auto& e : gotimers::eras::allEras()) {
    CAPTURE(e.name);
    auto r = runText(text, e.name);
    REQUIRE(r.bench.complete());
    CHECK(r.bench.n == 3);
    // the region holds the 30ms sleep (and its wakeup latency), not the 5ms or the 1s
    CHECK(r.bench.end - r.bench.start >= 30'000'000);
    CHECK(r.bench.end - r.bench.start < 31'000'000);
    CHECK(r.bench.nsPerOp() == doctest::Approx((r.bench.end - r.bench.start) / 3.0));
  }
  auto bad = runText(R"({"name": "b", "main": [{"op": "b.StopTimer", "n": 1}]})", "go1.9");
  CHECK_FALSE(bad.bench.complete());
  CHECK(bad.exitCode() == 2);
}

TEST_CASE("expectOn: the most specific selector of the run replaces expect") {
  using gotimers::scenario::runTraits;
  CHECK(runTraits(16, 1).empty());
  CHECK(runTraits(23, 0) == std::vector<std::string>{"sync", "lazy", "go1.23"});
  CHECK(runTraits(23, 1) == std::vector<std::string>{"go1.23"});
  CHECK(runTraits(23, 2) == std::vector<std::string>{"lazy", "go1.23"});
  // An unreceived expiry: Stop is false before Go 1.23 (and with asynctimerchan=1, 2), true
  // with synchronous channels. Each run must pass its own expectation, and only its own.
  const std::string text = R"({
    "name": "x",
    "main": [
      {"op": "NewTimer", "d": "10ms", "as": "t"},
      {"op": "Sleep", "d": "20ms"},
      {"op": "len", "of": "t.C", "as": "n"},
      {"op": "cap", "of": "t.C", "as": "k"},
      {"op": "print", "msg": "len {n} cap {k}"},
      {"op": "Stop", "timer": "t", "expect": false, "expectOn": {"sync": true}},
      {"op": "check", "int": {"of": "$k", "min": 1, "max": 1},
       "expectOn": {"sync": {"int": {"of": "$k", "min": 0, "max": 0}}}}
    ]})";
  for (const char* era :
       {"go1.14", "go1.23", "go1.23@asynctimerchan=1", "go1.23@asynctimerchan=2"}) {
    CAPTURE(era);
    auto r = runText(text, era);
    CHECK(r.failures.empty());
    bool sync = std::string(era) == "go1.23";
    CHECK(r.program.output == (sync ? "len 0 cap 0\n" : "len 1 cap 1\n"));
  }
  // The other way round fails on exactly the runs it claims.
  const std::string wrong = R"({"name": "x", "expectOn": {"lazy": {"exit": "deadlock"}}, "main": [
      {"op": "NewTimer", "d": "10ms", "as": "t"}, {"op": "Sleep", "d": "20ms"},
      {"op": "Stop", "timer": "t", "expect": true, "expectOn": {"go1.23": false}}]})";
  CHECK(runText(wrong, "go1.14").failures.size() == 1);  // Stop false, expected true
  CHECK(runText(wrong, "go1.23@asynctimerchan=1").failures.empty());
  CHECK(runText(wrong, "go1.23@asynctimerchan=2").failures.size() == 1);  // exit: normal
  CHECK(runText(wrong, "go1.23").failures.size() == 2);                   // Stop true, exit
}

TEST_CASE("AfterFunc chain: f re-arms itself N times from its own goroutine, body runs last") {
  // Go's BenchmarkAfterFunc: f = func() { n--; if n >= 0 { AfterFunc(10ms, f) } else { body } }
  const std::string text = R"({
    "name": "chain",
    "main": [
      {"op": "make", "as": "c"},
      {"op": "AfterFunc", "d": "10ms", "chain": 3, "body": [
        {"op": "print", "msg": "last at {now}"},
        {"op": "send", "chan": "c", "value": 1}
      ]},
      {"op": "check", "liveTimers": {"min": 1, "max": 1}},
      {"op": "recv", "chan": "c"},
      {"op": "check", "liveTimers": {"max": 0}, "now": {"min": "40ms"}}
    ]
  })";
  for (const auto& era : gotimers::eras::allEras()) {
    INFO(era.name);
    auto r = runText(text, era.name);
    CHECK(r.failures.empty());
    CHECK(r.exitCode() == 0);
    // 4 timers of 10ms one after another: the body runs once, after the fourth
    CHECK(r.program.output.starts_with("last at 40."));
    CHECK(r.program.output.find("last", 1) == std::string::npos);
  }
  auto bad =
      runText(R"({"name": "neg", "main": [{"op": "AfterFunc", "d": 0, "chain": -1, "body": []}]})",
              "go1.9");
  CHECK(bad.exitCode() == 2);
}

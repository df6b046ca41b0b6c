// The metrics view of the event log (metrics::Collector) and the run summary built on it:
// the collector's gauges on hand-made event streams, agreement with the runtime's counters on
// shipped scenarios, and the summary's JSON round trip.
#include <doctest/doctest.h>

#include <filesystem>
#include <set>

#include "eras/go1_14/go1_14.h"
#include "metrics/collector.h"
#include "metrics/grid.h"
#include "metrics/run_metrics.h"
#include "scenario/interpreter.h"
#include "scenario/scenario.h"

namespace fs = std::filesystem;
using namespace gotimers;
using trace::Kind;

namespace {

trace::Event ev(Kind k, int64_t a0 = 0, int64_t a1 = 0, int64_t a2 = 0, int64_t a3 = 0) {
  trace::Event e{};
  e.kind = k;
  e.a[0] = a0;
  e.a[1] = a1;
  e.a[2] = a2;
  e.a[3] = a3;
  return e;
}

scenario::Scenario shipped(const std::string& rel) {
  return scenario::loadScenario((fs::path(GOTIMERS_SOURCE_DIR) / "scenarios" / rel).string());
}

}  // namespace

TEST_CASE("collector: per-heap sizes follow pushes, removes, moves and status drops") {
  metrics::Collector c;
  c.onEvent(ev(Kind::HeapPush, 0, 1));
  c.onEvent(ev(Kind::HeapPush, 0, 2));
  c.onEvent(ev(Kind::HeapPush, 1, 3));
  CHECK(c.heaps.size() == 2);
  CHECK(c.heaps[0].size == 2);
  CHECK(c.heapTotalPeak == 3);
  // timer 2 pushed on heap 1 without a remove from heap 0 (moveTimers' doaddtimer)
  c.onEvent(ev(Kind::HeapPush, 1, 2));
  CHECK(c.heaps[0].size == 1);
  CHECK(c.heaps[1].size == 2);
  CHECK(c.heaps[1].peak == 2);
  CHECK(c.heapTotal == 3);
  // timer 1 deleted (lazily), then dropped by a transition to timerRemoved with no heap event
  c.onEvent(ev(Kind::TimerStatus, 0, 1, eras::timerWaiting, eras::timerDeleted));
  CHECK(c.deletedInHeap == 1);
  c.onEvent(ev(Kind::TimerStatus, 0, 1, eras::timerDeleted, eras::timerRemoved));
  CHECK(c.deletedInHeap == 0);
  CHECK(c.deletedInHeapPeak == 1);
  CHECK(c.heaps[0].size == 0);
  // a later heap.remove of the same timer is not counted twice in the size
  c.onEvent(ev(Kind::HeapRemove, 0, 1));
  CHECK(c.heaps[0].size == 0);
  CHECK(c.heaps[0].removes == 1);
  c.onEvent(ev(Kind::HeapPop, 1, 3));
  c.onEvent(ev(Kind::HeapSiftStep, 1, 2, 1, 0));
  CHECK(c.heaps[1].size == 1);
  CHECK(c.heaps[1].siftSteps == 1);
  CHECK(c.heapTotal == 1);
  CHECK(c.heaps[0].peak == 2);
}

TEST_CASE("collector: lock waits by phase, holds, lateness, threads asleep") {
  metrics::Collector c;
  c.onEvent(ev(Kind::LockAcquire, 1, 0, 20));    // CAS: not a wait
  c.onEvent(ev(Kind::LockAcquire, 1, 1, 240));   // active spin
  c.onEvent(ev(Kind::LockAcquire, 1, 3, 9000));  // futex sleep
  c.onEvent(ev(Kind::LockRelease, 1, 0, 500));
  c.onEvent(ev(Kind::LockRelease, 1, 0, 700));
  REQUIRE(c.locks.size() == 2);
  const auto& l = c.locks[1];
  CHECK(l.acquisitions == 3);
  CHECK(l.contended == 2);
  CHECK(l.byPhase == std::array<uint64_t, 4>{1, 1, 0, 1});
  CHECK(l.waits.exactSamples() == std::vector<int64_t>{240, 9000});
  CHECK(l.waitTotal() == 9240);
  CHECK(l.waitMax() == 9000);
  CHECK(l.futexWakes == 1);
  CHECK(l.holdTotal == 1200);
  CHECK(l.holdMax == 700);
  c.onEvent(ev(Kind::TimerFire, 0, 7, 100, 55));
  CHECK(c.lateness.exactSamples() == std::vector<int64_t>{55});
  c.onEvent(ev(Kind::MSleep, 0, 1));
  c.onEvent(ev(Kind::MSleep, 0, 2));
  c.onEvent(ev(Kind::MWake, 0, 1));
  c.onEvent(ev(Kind::MSleep, 0, 3));
  CHECK(c.asleep == 2);
  CHECK(c.asleepPeak == 2);
}

// may_fail: known gap since the lock-model rewrite. lock.acquire events do not say whether a
// futex-sleep acquisition really slept (futexsleep can return at once with EAGAIN) nor how
// many futexwakeup calls its release made, so the event view's context switches, M sleeps
// and per-lock futex wakes disagree with the counters on contended locks (go1.9 at 4 Ps).
// The fix is an event for futexsleep/futexwakeup themselves; until then the diffs stay printed.
TEST_CASE("metrics: the event view agrees with the runtime's counters on shipped scenarios" *
          doctest::may_fail()) {
  // Small versions of a benchmark, the teaching scenarios (lazy deletion, GOMAXPROCS shrink:
  // moveTimers), a contention scenario and pitfalls, on each era, at 1 and 4 Ps.
  struct Case {
    std::string file;
    std::vector<std::string> sets;
  };
  std::vector<Case> cases = {
      {"benchmarks/start-stop.json", {"Garbage=50", "Batch=40"}},
      {"benchmarks/ticker-reset.json", {}},
      {"teaching/lazy-deletion.json", {}},
      {"teaching/gomaxprocs-shrink.json", {}},
      {"teaching/reset-earlier.json", {}},
      {"contention/stop-storm.json", {}},
      {"pitfalls/after-in-loop.json", {}},
      {"pitfalls/fastping-leak.json", {}},
  };
  for (const auto& cs : cases) {
    scenario::Scenario s = shipped(cs.file);
    for (const auto& kv : cs.sets)
      scenario::setParam(s, kv);
    for (std::string era :
         {"go1.9", "go1.13", "go1.14", "go1.14@go1.14", "go1.14@go1.15", "go1.23"}) {
      for (int procs : {1, 4}) {
        CAPTURE(cs.file);
        CAPTURE(era);
        CAPTURE(procs);
        metrics::Collector c;
        c.goMinor = era == "go1.23" ? 23 : 14;  // timer.status: state bits from go1.23
        scenario::RunOptions o;
        o.era = era;
        o.procs = procs;
        o.sink = &c;
        auto res = scenario::runScenario(s, o);
        auto diffs = crossCheck(c, res.program);
        std::string all;
        for (const auto& d : diffs)
          all += d + "\n";
        CHECK_MESSAGE(diffs.empty(), all);
        // per-heap final sizes add up to what is left in the heaps
        auto m = metrics::summarize({cs.file, era, procs, 1}, c, res);
        int64_t finals = 0;
        for (const auto& h : m.heaps)
          finals += h.final;
        CHECK(finals == *m.value("heap_final_total"));
        CHECK(*m.value("heap_final_total") - *m.value("deleted_in_heap_final") ==
              *m.value("timers_live_at_exit"));
      }
    }
  }
}

TEST_CASE("metrics: summary of a benchmark run") {
  scenario::Scenario s = shipped("benchmarks/stop.json");
  metrics::ScenarioInput in{"benchmarks/stop", s};
  metrics::RunMetrics m = metrics::runPoint(in, {"benchmarks/stop", "go1.14", 2, 1}, {});
  scenario::RunOptions o;
  o.era = "go1.14";
  o.procs = 2;
  auto res = scenario::runScenario(s, o);
  REQUIRE(res.bench.complete());
  CHECK(*m.value("ns_per_op") == doctest::Approx(res.bench.nsPerOp()));
  CHECK(*m.value("bench_n") == res.bench.n);
  CHECK(*m.value("timers_started") == res.program.metrics.timerAdds);  // no Reset, no Sleep
  CHECK(*m.value("timers_pending_at_exit") == *m.value("timers_live_at_exit"));
  CHECK(*m.value("threads") == res.program.metrics.threadsCreated + 1);
  CHECK(m.exit == "normal exit");
  CHECK(m.values.size() == metrics::metricDefs().size());
  // go1.14 has per-P heaps and timer-CPU figures; the lock groups add up
  CHECK(m.timerCpuPerP.size() == 2);
  CHECK(m.value("timer_cpu_ns").has_value());
  uint64_t timerAcq = 0;
  for (const auto& l : m.locks)
    if (l.name != "sched.lock") timerAcq += l.acquisitions;
  CHECK(*m.value("timer_locks_acquisitions") == timerAcq);
  // go1.9 has no per-P timer CPU figure: undefined, not zero
  auto m9 = metrics::runPoint(in, {"benchmarks/stop", "go1.9", 2, 1}, {});
  CHECK_FALSE(m9.value("timer_cpu_ns").has_value());
  CHECK(m9.heaps.size() == 1);
}

TEST_CASE("metrics: names are unique, units known, and toJson/fromJson round-trip") {
  std::set<std::string> names;
  for (const auto& d : metrics::metricDefs()) {
    CHECK(names.insert(d.name).second);
    CHECK(std::string(metrics::unitName(d.unit)) != "?");
    CHECK_FALSE(d.axisLabel().empty());
  }
  CHECK(metrics::metricIndex("ns_per_op") == 0);
  CHECK(metrics::metricIndex("no_such_metric") == -1);

  scenario::Scenario s = shipped("teaching/lazy-deletion.json");
  auto m = metrics::runPoint({"lazy", s}, {"lazy", "go1.14", 2, 3}, {});
  m.inputs = "abc";
  nlohmann::json j = metrics::toJson(m);
  CHECK(j["metrics"].size() == metrics::metricDefs().size());
  CHECK(j["metrics"]["ns_per_op"].is_null());
  auto back = metrics::fromJson(j);
  CHECK(back.key == m.key);
  CHECK(back.inputs == "abc");
  CHECK(metrics::toJson(back).dump() == j.dump());

  j.erase("gomaxprocs");
  CHECK_THROWS_WITH_AS(metrics::fromJson(j), "missing field \"gomaxprocs\"", std::runtime_error);
}

TEST_CASE("metrics: a scenario that needs a newer Go is skipped, not run") {
  scenario::Scenario s = scenario::parseScenario(
      "mem.json", R"({"name": "x", "minGo": "1.15", "main": [{"op": "Sleep", "d": "1ms"}]})");
  auto m = metrics::runPoint({"x", s}, {"x", "go1.13", 1, 1}, {});
  CHECK(m.skipped());
  for (const auto& v : m.values)
    CHECK_FALSE(v.has_value());
  auto m14 = metrics::runPoint({"x", s}, {"x", "go1.14@go1.15", 1, 1}, {});
  CHECK_FALSE(m14.skipped());
}

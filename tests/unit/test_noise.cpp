// The noise model (CostModel::noise_pct, --noise): off by default and then exactly the model
// without it; on, each seed's run is deterministic and the seeds differ, within the bounds
// the model states (a time slice's pace and each charge within ±noise_pct each).
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "eras/registry.h"
#include "go/program.h"
#include "metrics/grid.h"
#include "scenario/scenario.h"

using namespace gotimers;

namespace {

metrics::ScenarioInput stopBenchmark() {
  auto s = scenario::loadScenario(
      (std::filesystem::path(GOTIMERS_SOURCE_DIR) / "scenarios/benchmarks/stop.json").string());
  return {"benchmarks/stop", s};
}

double nsPerOp(const metrics::ScenarioInput& in, const std::string& era, int procs, uint64_t seed,
               int64_t noise, uint64_t* fingerprint = nullptr) {
  scenario::RunOptions o;
  o.era = era;
  o.procs = procs;
  o.seed = seed;
  o.fingerprint = fingerprint != nullptr;
  if (noise >= 0) {
    o.cost = rt::CostModel{};
    o.cost->noise_pct = noise;
  }
  std::string err;
  auto res = metrics::runInput(in, o, &err);
  REQUIRE(res.bench.complete());
  if (fingerprint) *fingerprint = res.program.fingerprint;
  return res.bench.nsPerOp();
}

}  // namespace

TEST_CASE("noise: 0 is the model without noise, to the event") {
  auto in = stopBenchmark();
  for (const char* era : {"go1.9", "go1.14", "go1.23"}) {
    uint64_t a = 0, b = 0;
    double x = nsPerOp(in, era, 4, 3, -1, &a), y = nsPerOp(in, era, 4, 3, 0, &b);
    CHECK(x == y);
    CHECK(a == b);
  }
}

TEST_CASE("noise: deterministic per seed, different across seeds, within its bounds") {
  auto in = stopBenchmark();
  for (const char* era : {"go1.9", "go1.14", "go1.23"}) {
    CAPTURE(era);
    // the same seed twice: the same events
    uint64_t a = 0, b = 0;
    CHECK(nsPerOp(in, era, 2, 5, 10, &a) == nsPerOp(in, era, 2, 5, 10, &b));
    CHECK(a == b);
    // at 1 P nothing else varies with the seed: without noise every seed gives the same
    const double base = nsPerOp(in, era, 1, 1, 0);
    CHECK(nsPerOp(in, era, 1, 2, 0) == base);
    std::vector<double> v;
    for (uint64_t seed = 1; seed <= 12; seed++)
      v.push_back(nsPerOp(in, era, 1, seed, 10));
    std::sort(v.begin(), v.end());
    CHECK(v.front() < v.back());  // the seeds differ
    // a slice's pace and each charge within ±10% each: at most 0.9 x 0.9 to 1.1 x 1.1
    CHECK(v.front() >= 0.81 * base);
    CHECK(v.back() <= 1.21 * base);
    // and the spread is of the noise's size, not a rounding error
    CHECK(v.back() / v.front() > 1.02);
  }
}

TEST_CASE("noise: a Go program's instructions take the thread's pace, without a draw per batch") {
  // Runtime::chargeUser (the VM's user_instr batches) against charge: in one time slice every
  // batch of 64 costs the same, round(64 x pace), where charge draws a factor per call
  // (docs/cost-model.md, "Noise").
  go::ProgramOptions o;
  o.era = "go1.14";
  o.config.cost.noise_pct = 10;
  for (uint64_t seed : {1, 2, 3}) {
    CAPTURE(seed);
    o.config.seed = seed;
    std::vector<int64_t> user, other;
    auto res = go::runProgram(o, [&]() -> go::Task<void> {
      rt::Runtime& r = rt::Runtime::current();
      for (int i = 0; i < 50; i++) {
        Time t0 = r.nanotime();
        r.chargeUser(64);
        Time t1 = r.nanotime();
        r.charge(64);
        user.push_back(t1 - t0);
        other.push_back(r.nanotime() - t1);
      }
      co_return;
    });
    REQUIRE(res.run.kind == rt::ExitKind::Normal);
    REQUIRE(user.size() == 50);
    CHECK(std::count(user.begin(), user.end(), user.front()) == 50);  // one pace, no draws
    CHECK(user.front() >= 58);                                        // 64 at a pace within ±10%
    CHECK(user.front() <= 70);
    std::sort(other.begin(), other.end());
    CHECK(other.front() < other.back());  // charge draws a factor each time
  }
  // without noise it is the cost itself
  o.config.cost.noise_pct = 0;
  Time cost = 0;
  (void)go::runProgram(o, [&]() -> go::Task<void> {
    rt::Runtime& r = rt::Runtime::current();
    Time t0 = r.nanotime();
    r.chargeUser(64);
    cost = r.nanotime() - t0;
    co_return;
  });
  CHECK(cost == 64);
}

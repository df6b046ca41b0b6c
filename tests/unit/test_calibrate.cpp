// The calibration report (metrics/calibration.h) on figures made up here, and `gotimers
// calibrate` from the command line. The cost model's own figures are checked by
// test_calibration.cpp.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <tuple>

#include "harness.h"
#include "metrics/calibration.h"

using namespace gotimers;
namespace fs = std::filesystem;

namespace {

// Figures whose go1.9 -> go1.13 change is the published one plus offset(bench, procs); go1.9's
// StartStop costs 100 at 1 P and collapseN at 8 Ps.
metrics::CalibrationReport madeUp(double (*offset)(const std::string&, int), double collapseN,
                                  std::set<std::tuple<std::string, std::string, int>>* asked) {
  return metrics::evaluateCalibration([&](const metrics::CalibrationPoint& pt) {
    CHECK(asked->insert({pt.bench, pt.era, pt.procs}).second);  // each point once
    if (pt.procs == 1) return 100.0;
    if (pt.procs == metrics::kCollapseProcs) return collapseN;
    if (pt.era == "go1.9") return 1000.0;
    for (const auto& row : metrics::cl34784())
      if (row.bench == pt.bench)
        return 1000.0 * (1 + (row.change(pt.procs) + offset(pt.bench, pt.procs)) / 100);
    FAIL("unknown benchmark " << pt.bench);
    return 0.0;
  });
}

}  // namespace

TEST_CASE("calibration report: asks for every listed point once, and judges each change") {
  std::set<std::tuple<std::string, std::string, int>> asked;
  // Stop at 4 Ps 15.1 points off; Reset at 2 Ps 14.9 points off the other way; others exact.
  auto offset = [](const std::string& bench, int procs) {
    if (bench == "stop" && procs == 4) return 15.1;
    if (bench == "reset" && procs == 2) return -14.9;
    return 0.0;
  };
  metrics::CalibrationReport r = madeUp(offset, 300, &asked);
  CHECK(asked.size() == metrics::calibrationPoints().size());
  for (const auto& pt : metrics::calibrationPoints())
    CHECK(asked.count({pt.bench, pt.era, pt.procs}) == 1);

  REQUIRE(r.changes.size() == 16);  // eight benchmarks at 2 and 4 Ps
  CHECK(r.changesInBand() == 15);
  for (const auto& c : r.changes) {
    CAPTURE(c.published->bench);
    CAPTURE(c.procs);
    CHECK(c.inBand() == !(std::string(c.published->bench) == "stop" && c.procs == 4));
  }
  CHECK(r.collapseRatio() == doctest::Approx(3.0));
  CHECK(r.collapseHolds());
  CHECK_FALSE(r.allMet());

  std::string text = metrics::formatCalibration(r, "made-up figures");
  CHECK(text.find("made-up figures") != std::string::npos);
  CHECK(text.find("NO (+15 points)") != std::string::npos);  // Stop at 4: -44.9 vs -60
  CHECK(text.find("15 of 16 changes within 15 points; the #6239 collapse holds.") !=
        std::string::npos);

  nlohmann::json j = metrics::calibrationJson(r, {{"ops", 3}});
  CHECK(j["schema"] == "gotimers-calibrate");
  CHECK(j["ops"] == 3);
  CHECK(j["changes_in_band"] == 15);
  CHECK(j["all_met"] == false);
  CHECK(j["changes"][0]["benchmark"] == "AfterFunc");
  CHECK(j["changes"][0]["published_go1.9_ns_per_op"] == 3.43e6);
  CHECK(j["collapse"]["holds"] == true);
}

TEST_CASE("calibration report: every change in band and the collapse short of 3x") {
  std::set<std::tuple<std::string, std::string, int>> asked;
  metrics::CalibrationReport r = madeUp([](const std::string&, int) { return 0.0; }, 299, &asked);
  CHECK(r.changesInBand() == 16);
  CHECK_FALSE(r.collapseHolds());
  CHECK_FALSE(r.allMet());
  CHECK(metrics::formatCalibration(r, "").find("the #6239 collapse does not hold.") !=
        std::string::npos);
  r.collapseN = 300;
  CHECK(r.allMet());
}

using testing::runCli;

TEST_CASE("gotimers calibrate: the table, its JSON and an exit status that says if all is met") {
  testing::TempDir o("calibrate_test");
  // Small runs: one op of 1000 operations per goroutine, 100 garbage timers per P.
  const std::string args = "calibrate --ops 1 --garbage 100 --json ";
  int code = runCli(args + o.file("a.json") + " -j 1", o.file("a.txt"));
  REQUIRE((code == 0 || code == 1));
  nlohmann::json j = nlohmann::json::parse(testing::slurp(o.file("a.json")));
  CHECK(code == (j["all_met"].get<bool>() ? 0 : 1));
  CHECK(j["ops"] == 1);
  CHECK(j["settings"] == "Ops=1 per goroutine, Garbage=100 per P; cost model: the defaults");
  CHECK(j["cost_model"]["wake_latency"] == 5000);
  REQUIRE(j["changes"].size() == 16);
  int inBand = 0;
  for (const auto& c : j["changes"]) {
    double change = c["change_pct"], published = c["published_change_pct"];
    double want = (c["go1.13_ns_per_op"].get<double>() - c["go1.9_ns_per_op"].get<double>()) * 100 /
                  c["go1.9_ns_per_op"].get<double>();
    CHECK(change == doctest::Approx(want));
    CHECK(c["in_band"] == (std::fabs(change - published) <= 15));
    inBand += c["in_band"].get<bool>() ? 1 : 0;
  }
  CHECK(j["changes_in_band"] == inBand);
  std::string text = testing::slurp(o.file("a.txt"));
  CHECK(text.find("SimultaneousAfterFunc") != std::string::npos);
  CHECK(text.find(std::to_string(inBand) + " of 16 changes within 15 points") != std::string::npos);

  // Deterministic whatever the number of jobs; the cost options reach the runs.
  CHECK(runCli(args + o.file("b.json") + " -j 2", o.file("b.txt")) == code);
  CHECK(testing::slurp(o.file("b.json")) == testing::slurp(o.file("a.json")));
  CHECK(testing::slurp(o.file("b.txt")) == text);
  runCli(args + o.file("c.json") + " --ncpu 64", o.file("c.txt"));
  nlohmann::json wide = nlohmann::json::parse(testing::slurp(o.file("c.json")));
  CHECK(wide["cost_model"]["cpu_threads"] == 64);
  CHECK(wide["changes"] != j["changes"]);
}

TEST_CASE("gotimers calibrate: a --json path that cannot be written is bad input, no file left") {
  testing::TempDir o("calibrate_test");
  std::string bad = o.file("no-such-dir/cal.json");
  CHECK(runCli("calibrate --ops 1 --garbage 100 --json " + bad, o.file("x.txt")) == 2);
  CHECK_FALSE(fs::exists(bad));
  CHECK_FALSE(fs::exists(bad + ".tmp"));
}

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
#include "metrics/reference_file.h"
#include "scenario/scenario.h"

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
    for (const auto& p : metrics::cl34784().changes)
      if (p.bench == pt.bench && p.procs == pt.procs)
        return 1000.0 * (1 + (p.change + offset(pt.bench, pt.procs)) / 100);
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
    CAPTURE(c.procs());
    CHECK(c.inBand() == !(c.published->bench == "stop" && c.procs() == 4));
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
  CHECK(j["changes"][0]["reference_old_ns_per_op"] == 3.43e6);
  CHECK(j["reference"]["new"] == "Go 1.10");
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
  const std::string args = "calibrate --band --ops 1 --garbage 100 --json ";
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
    double change = c["change_pct"], published = c["reference_change_pct"];
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
  CHECK(runCli("calibrate --band --ops 1 --garbage 100 --json " + bad, o.file("x.txt")) == 2);
  CHECK_FALSE(fs::exists(bad));
  CHECK_FALSE(fs::exists(bad + ".tmp"));
}

namespace {

const char* kReference = R"({
  "schema": "gotimers-reference", "version": 1,
  "machine": "a test box", "old": "go version go1.9 linux/amd64",
  "new": "go version go1.10 linux/amd64",
  // comments are allowed
  "ns_per_op": {
    "Stop": {"old": {"2": 800, "4": 1000}, "new": {"2": 400}},
    "AfterFunc": {"old": {"1": 6000, "2": 4000, "4": 5000}, "new": {"1": 6000, "2": 4400, "4": 2500}}
  }
})";

// The message parseReference gives for text, or "" if it parses.
std::string referenceError(const std::string& text) {
  try {
    metrics::parseReference("ref.json", text);
  } catch (const scenario::ScenarioError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("reference file: real Go's figures as the calibration's target") {
  metrics::Reference ref = metrics::parseReference("ref.json", kReference);
  CHECK(ref.oldName == "go1.9");
  CHECK(ref.newName == "go1.10");
  CHECK(ref.title == "real go1.9 -> go1.10 on a test box (ref.json)");
  // CL 34784's order (AfterFunc before Stop), 2 Ps before 4, only where both Gos have a figure
  REQUIRE(ref.changes.size() == 3);
  CHECK(ref.changes[0].goName == "AfterFunc");
  CHECK(ref.changes[0].bench == "after-func");
  CHECK(ref.changes[0].procs == 2);
  CHECK(ref.changes[0].change == doctest::Approx(10));
  CHECK(ref.changes[1].procs == 4);
  CHECK(ref.changes[1].change == doctest::Approx(-50));
  CHECK(ref.changes[2].goName == "Stop");
  CHECK(ref.changes[2].procs == 2);
  CHECK(ref.changes[2].change == doctest::Approx(-50));
  CHECK(metrics::calibrationPoints(ref).size() == 3 * 2 + 2);

  std::set<std::tuple<std::string, std::string, int>> asked;
  metrics::CalibrationReport r = metrics::evaluateCalibration(
      [&](const metrics::CalibrationPoint& pt) {
        CHECK(asked.insert({pt.bench, pt.era, pt.procs}).second);
        if (pt.bench == "start-stop") return pt.procs == 1 ? 100.0 : 400.0;
        return pt.era == "go1.9" ? 1000.0 : 600.0;  // -40% everywhere
      },
      ref);
  CHECK(asked.size() == 8);
  CHECK(r.changesInBand() == 2);  // -40 against -50 twice; +10 is 50 points off
  std::string text = metrics::formatCalibration(r, "");
  CHECK(testing::contains(text, "against real go1.9 -> go1.10 on a test box (ref.json)"));
  CHECK(testing::contains(text, "NO (-50 points)"));
  CHECK(metrics::calibrationJson(r, {})["reference"]["title"] == ref.title);
}

TEST_CASE("reference file: bad input names the place and what was expected") {
  CHECK(referenceError("[1]") ==
        "ref.json:1:1: at /: expected a JSON object (a gotimers-reference file)");
  CHECK(referenceError("{\"schema\": \"gotimers-compare\", \"version\": 1}") ==
        "ref.json:1:12: at /schema: expected \"gotimers-reference\", got \"gotimers-compare\"");
  std::string good = kReference;
  auto with = [&](const std::string& from, const std::string& to) {
    std::string t = good;
    t.replace(t.find(from), from.size(), to);
    return referenceError(t);
  };
  CHECK(with("\"Stop\":", "\"Stopp\":") ==
        "ref.json:7:5: at /ns_per_op/Stopp: unknown benchmark \"Stopp\" (expected one of: "
        "AfterFunc, After, Stop, SimultaneousAfterFunc, StartStop, Reset, Sleep, Ticker)");
  CHECK(with("\"4\": 1000", "\"4\": -3") ==
        "ref.json:7:37: at /ns_per_op/Stop/old/4: expected a positive number of ns per op, "
        "got -3");
  CHECK(with("\"4\": 1000", "\"four\": 1000") ==
        "ref.json:7:32: at /ns_per_op/Stop/old/four: expected a GOMAXPROCS from 1 to 256 as the "
        "key, got \"four\"");
  CHECK(with(", \"new\": {\"2\": 400}", "") ==
        "ref.json:7:13: at /ns_per_op/Stop: missing \"new\" (ns per op by GOMAXPROCS)");
  CHECK(with("\"machine\": \"a test box\", ", "") ==
        "ref.json:1:1: at /: missing \"machine\" (a string)");
  // a missing comma: nlohmann's message, placed at the token it stopped on ("machine")
  CHECK(testing::contains(with("\"version\": 1,", "\"version\": 1"),
                          "ref.json:3:11: syntax error in the reference: "));
  CHECK(referenceError(R"({"schema": "gotimers-reference", "version": 1, "machine": "m",
    "old": "a", "new": "b", "ns_per_op": {"Stop": {"old": {"1": 5}, "new": {"1": 4}}}})") ==
        "ref.json:2:42: at /ns_per_op: no benchmark has both \"old\" and \"new\" figures at "
        "GOMAXPROCS 2 or 4");
}

TEST_CASE("gotimers calibrate --reference: the shipped machine and its cost file") {
  testing::TempDir o("calibrate_reference_test");
  int code = testing::runCli(
      "calibrate --ops 1 --garbage 100 --reference docs/machines/vm-2cpu-fast-wake.json "
      "--cost-model docs/machines/vm-2cpu-fast-wake.cost.json --json " +
          o.file("r.json"),
      o.file("r.txt"));
  REQUIRE((code == 0 || code == 1));
  nlohmann::json j = nlohmann::json::parse(testing::slurp(o.file("r.json")));
  CHECK(code == (j["all_met"].get<bool>() ? 0 : 1));
  CHECK(j["reference"]["old"] == "go1.9");
  CHECK(j["reference"]["new"] == "go1.10");
  CHECK(testing::contains(j["reference"]["title"], "(docs/machines/vm-2cpu-fast-wake.json)"));
  CHECK(j["cost_model"]["cpu_threads"] == 2);
  CHECK(j["changes"].size() == 16);  // the eight benchmarks at 2 and 4 Ps were measured
  CHECK(testing::contains(testing::slurp(o.file("r.txt")), "against real go1.9 -> go1.10 on "));
}

// The calibration set (metrics/figure_set.h): its reader, the check of a cost model against it
// (metrics/figure_check.h), the fit's optimiser (metrics/cost_fit.h) on made-up scores, and
// `gotimers calibrate` on a small set from the command line.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "harness.h"
#include "metrics/cost_fit.h"
#include "metrics/figure_check.h"
#include "metrics/figure_set.h"
#include "scenario/cost_file.h"
#include "scenario/scenario.h"

using namespace gotimers;

namespace {

const char* kSet = R"({
  "schema": "gotimers-figures", "version": 1,
  "source": "test", "cite": "here", "machine": "a test box",
  "cost": {"cpu_threads": 8, "wake_latency": 2000},
  "garbage": 100,
  "versions": ["go1.13", "go1.14"],
  // comments are allowed
  "ns_per_op": {
    "go1.14": {"Stop": {"2": 400, "1": 300}, "AfterFunc": {"2": 1000}},
    "go1.13": {"Stop": {"1": 300, "2": 800}, "AfterFunc": {"2": 1000}}
  },
  "unstable": {"AfterFunc": [2]},
  "unstable_why": "moves between runs"
})";

std::string setError(const std::string& text) {
  try {
    metrics::parseFigureSet("set.json", text);
  } catch (const scenario::ScenarioError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("figure set: figures in version, benchmark and GOMAXPROCS order, eras and changes") {
  metrics::FigureSet s = metrics::parseFigureSet("set.json", kSet);
  CHECK(s.source == "test");
  CHECK(s.garbage == 100);
  REQUIRE(s.figures.size() == 6);
  // go1.13 first although the file lists go1.14 first; AfterFunc before Stop (Go's order)
  CHECK(s.figures[0].goVersion == "go1.13");
  CHECK(s.figures[0].goName == "AfterFunc");
  CHECK(s.figures[0].unstable);
  CHECK(s.figures[1].goName == "Stop");
  CHECK(s.figures[1].procs == 1);
  CHECK(s.figures[2].procs == 2);
  CHECK(s.figures[2].nsPerOp == 800);
  CHECK(s.figures[2].era == "go1.13");
  CHECK(s.figures[5].era == "go1.14@go1.14");
  CHECK(s.figures[5].bench == "stop");
  CHECK_FALSE(s.figures[5].unstable);
  auto changes = metrics::figureChanges(s);
  REQUIRE(changes.size() == 3);
  CHECK(s.figures[changes[2].from].nsPerOp == 800);
  CHECK(s.figures[changes[2].to].nsPerOp == 400);

  rt::CostModel c = s.costFor(rt::CostModel{});
  CHECK(c.cpu_threads == 8);
  CHECK(c.wake_latency == 2000);
  CHECK(c.sift_step == rt::CostModel{}.sift_step);

  // One version: the changes run along GOMAXPROCS.
  metrics::FigureSet one = metrics::parseFigureSet("one.json", R"({
    "schema": "gotimers-figures", "version": 1, "source": "s", "cite": "c", "machine": "m",
    "versions": ["go1.1"], "ns_per_op": {"go1.1": {"StartStop": {"1": 2, "2": 5, "4": 7}}}})");
  CHECK(one.garbage == 32768);
  CHECK(one.figures[0].era == "go1.9");
  REQUIRE(metrics::figureChanges(one).size() == 2);
  CHECK(one.figures[metrics::figureChanges(one)[1].to].procs == 4);
}

TEST_CASE("figure set: Go releases map to the era that simulates them") {
  CHECK(metrics::eraForGoVersion("go1.1") == "go1.9");
  CHECK(metrics::eraForGoVersion("go1.9") == "go1.9");
  CHECK(metrics::eraForGoVersion("go1.10") == "go1.13");
  CHECK(metrics::eraForGoVersion("go1.13.15") == "go1.13");
  CHECK(metrics::eraForGoVersion("go1.14") == "go1.14@go1.14");
  CHECK(metrics::eraForGoVersion("go1.15") == "go1.14@go1.15");
  CHECK(metrics::eraForGoVersion("go1.16") == "go1.14@go1.16");
  CHECK(metrics::eraForGoVersion("go1.22") == "go1.14@go1.16");
  CHECK(metrics::eraForGoVersion("go1.23") == "go1.23");
  CHECK(metrics::eraForGoVersion("go1.0") == "");
  CHECK(metrics::eraForGoVersion("go2.1") == "");
  CHECK(metrics::eraForGoVersion("1.14") == "");
}

TEST_CASE("figure set: bad input names the place and what was expected") {
  CHECK(setError("[]") == "set.json:1:1: at /: expected a JSON object (a gotimers-figures file)");
  std::string head = R"({"schema": "gotimers-figures", "version": 1, "source": "s", "cite": "c",
"machine": "m", )";
  CHECK(setError(head + R"("versions": ["go1.9", "go9"], "ns_per_op": {}})") ==
        "set.json:2:39: at /versions/1: expected a Go release such as \"go1.10\", got \"go9\"");
  CHECK(setError(head + R"("versions": ["go1.9"], "ns_per_op": {"go1.10": {}}})") ==
        "set.json:2:54: at /ns_per_op/go1.10: \"go1.10\" is not one of \"versions\"");
  CHECK(setError(head + R"("versions": ["go1.9"], "ns_per_op": {"go1.9": {"Stopp": {}}}})") ==
        "set.json:2:64: at /ns_per_op/go1.9/Stopp: unknown benchmark \"Stopp\" (expected one of: "
        "AfterFunc, After, Stop, SimultaneousAfterFunc, StartStop, Reset, Sleep, Ticker)");
  CHECK(
      setError(head + R"("versions": ["go1.9"], "ns_per_op": {"go1.9": {"Stop": {"2": 0}}}})") ==
      "set.json:2:78: at /ns_per_op/go1.9/Stop/2: expected a positive number of ns per op, got 0");
  CHECK(setError(head + R"("cost": {"wake": 1}, "versions": ["go1.9"], "ns_per_op": {}})") ==
        "set.json:2:26: at /cost/wake: unknown cost field 'wake' (expected one of: " +
            [] {
              std::string s;
              rt::CostModel c;
              for (auto& [n, v] : c.fields())
                s += (s.empty() ? "" : ", ") + n;
              return s;
            }() +
            ")");
  CHECK(setError(head + R"("garbage": -1, "versions": ["go1.9"], "ns_per_op": {}})") ==
        "set.json:2:28: at /garbage: expected idle timers per P, an integer from 0 to 1048576, "
        "got -1");
  CHECK(setError(head + R"("versions": ["go1.9"], "ns_per_op": {}})") ==
        "set.json:2:53: at /ns_per_op: missing \"go1.9\" (figures of each of \"versions\")");
  CHECK(setError(head + R"("versions": ["go1.9"], "ns_per_op": {"go1.9": {}},
"unstable": {"Stop": [2]}, "unstable_why": "w"})") ==
        "set.json:3:23: at /unstable/Stop/0: no figure of Stop at GOMAXPROCS 2 in \"ns_per_op\"");
  CHECK(setError(head + R"("versions": ["go1.9"], "ns_per_op": {"go1.9": {}},
"unstable": {}})") == "set.json:1:1: at /: missing \"unstable_why\" (a string)");
  CHECK(setError(head + R"("version": ["go1.9"]})") ==
        "set.json:2:17: duplicate key \"version\" in the figure set (first at 1:32); expected each "
        "key once");
  CHECK(setError(head + R"("versionz": ["go1.9"]})") ==
        "set.json:2:17: at /versionz: unknown member \"versionz\" (expected schema, version, "
        "source, cite, machine, cost, garbage, versions, ns_per_op, avg_late_ns, max_late_ns, "
        "program, benchtime, unstable, unstable_why)");
  // Go's own benchmarks: the metric the figures are, with a program only
  CHECK(setError(head + R"("versions": ["go1.9"], "ns_per_op": {}, "avg_late_ns": {}})") ==
        "set.json:1:1: at /: expected the figures under exactly one of ns_per_op, avg_late_ns, "
        "max_late_ns (2 found)");
  CHECK(setError(head + R"("versions": ["go1.9"], "avg_late_ns": {}})") ==
        "set.json:2:40: at /avg_late_ns: \"avg_late_ns\" figures need \"program\": the "
        "benchmark scenarios report ns_per_op only");
  CHECK(setError(head + R"("versions": ["go1.9"], "benchtime": "5x", "ns_per_op": {}})") ==
        "set.json:2:40: at /benchtime: \"benchtime\" goes with \"program\" (Go's own benchmarks)");
  CHECK(setError(head + R"("versions": ["go1.9"], "program": "../x", "ns_per_op": {}})") ==
        "set.json:2:51: at /program: expected a directory of Go tests under the scenarios "
        "directory, such as \"benchmarks/go1.16\", got \"../x\"");
  CHECK(setError(head + R"("versions": ["go1.9"], "program": "p",
"avg_late_ns": {"go1.9": {"BenchmarkX": {"2": 5}}}})") ==
        "set.json:3:27: at /avg_late_ns/go1.9/BenchmarkX: expected Go's benchmark name without "
        "\"Benchmark\", such as \"ParallelTimerLatency\", got \"BenchmarkX\"");
}

TEST_CASE("figure set: Go's own benchmarks, their metric and go test's pattern for each") {
  metrics::FigureSet s = metrics::parseFigureSet("set.json", R"({
    "schema": "gotimers-figures", "version": 1, "source": "s", "cite": "c", "machine": "m",
    "versions": ["go1.14", "go1.16"], "program": "benchmarks/go1.16", "benchtime": "5x",
    "avg_late_ns": {
      "go1.14": {"ParallelTimerLatency": {"8": 17300000}, "Staggered/work=300µs/n=1": {"8": 5}},
      "go1.16": {"ParallelTimerLatency": {"8": 200000}, "Staggered/work=300µs/n=1": {"8": 9}}
    }})");
  CHECK(s.metric == "avg_late_ns");
  CHECK(s.program == "benchmarks/go1.16");
  CHECK(s.benchtime == "5x");
  REQUIRE(s.figures.size() == 4);
  CHECK(s.figures[0].goName == "ParallelTimerLatency");
  CHECK(s.figures[0].era == "go1.14@go1.14");
  CHECK(s.figures[1].goName == "Staggered/work=300µs/n=1");
  CHECK(s.figures[3].era == "go1.14@go1.16");
  CHECK(s.figures[3].nsPerOp == 9);
  CHECK(metrics::figureChanges(s).size() == 2);
  CHECK(metrics::benchPattern("ParallelTimerLatency") == "^BenchmarkParallelTimerLatency$");
  CHECK(metrics::benchPattern("Staggered/work=300µs/n=1") ==
        "^BenchmarkStaggered$/^work=300µs$/^n=1$");
  CHECK(metrics::benchPattern("A.b/(c)") == "^BenchmarkA\\.b$/^\\(c\\)$");
  // the shipped set of CL 232298's latency figures is one of these
  metrics::FigureSet shipped = metrics::loadFigureSet(std::string(GOTIMERS_SOURCE_DIR) +
                                                      "/calibration/cl232298-latency.json");
  CHECK(shipped.metric == "avg_late_ns");
  CHECK(shipped.figures.size() == 15);
}

TEST_CASE("figure check: within 2x, directions, unstable changes, score and targets") {
  std::vector<metrics::FigureSet> sets = {metrics::parseFigureSet("set.json", kSet)};
  // Simulated: each figure's published value times factor, over two "seeds".
  auto check = [&](double stop2go13, double stop2go14) {
    return metrics::checkFigures(sets, [&](size_t s, size_t f) {
      const metrics::Figure& fig = sets[s].figures[f];
      double v = fig.nsPerOp;
      if (fig.goName == "Stop" && fig.procs == 2) v = fig.era == "go1.13" ? stop2go13 : stop2go14;
      return std::vector<double>{v * 0.9, v * 1.1, v};
    });
  };
  metrics::FigureCheck exact = check(800, 400);
  CHECK(exact.figures.size() == 6);
  CHECK(exact.figures[2].median == doctest::Approx(800));
  CHECK(exact.figures[2].min == doctest::Approx(720));
  CHECK(exact.figures[2].max == doctest::Approx(880));
  CHECK(exact.within() == 6);
  REQUIRE(exact.changes.size() == 3);
  CHECK(exact.changes[0].unstable);  // AfterFunc at 2 Ps
  CHECK_FALSE(exact.changes[0].matters());
  CHECK(exact.changesMatter() == 1);  // Stop at 2 Ps, -50%; Stop at 1 P is 0%
  CHECK(exact.directionsRight() == 1);
  CHECK(exact.score() == doctest::Approx(0));
  CHECK(exact.targetsMet());

  // Stop at 2 Ps simulated 400 -> 1700: 2.12x off on go1.14, the wrong way; 0.5x on go1.13.
  metrics::FigureCheck off = check(400, 850);
  CHECK(off.within() == 5);
  CHECK(off.directionsRight() == 0);
  CHECK_FALSE(off.targetsMet());
  double l13 = std::log(0.5), l14 = std::log(850.0 / 400);
  CHECK(off.score() == doctest::Approx((l13 * l13 + l14 * l14) / 6 + metrics::kDirectionWeight));

  std::string text = metrics::formatFigureCheck(off, "made up");
  CHECK(testing::contains(text, "unstable: moves between runs"));
  CHECK(testing::contains(text, "(unstable)"));
  CHECK(testing::contains(text, "WRONG"));
  CHECK(testing::contains(text, "5 of 6 figures within 2x (target 75%); 0 of 1 changes"));
  nlohmann::json j = metrics::figureCheckJson(off);
  CHECK(j["within_2x"] == 5);
  CHECK(j["targets_met"] == false);
  CHECK(j["sets"][0]["figures"][5]["simulated_ns_per_op"].size() == 3);
  CHECK(j["sets"][0]["changes"][2]["direction_right"] == false);
}

TEST_CASE("cost fit: coordinate descent finds a made-up optimum, deterministically") {
  // The score is smallest at wake_latency 2000 and sift_step 48.
  auto score = [](const rt::CostModel& c) {
    double a = std::log(double(c.wake_latency) / 2000), b = std::log(double(c.sift_step) / 48);
    return a * a + b * b;
  };
  rt::CostModel start;  // wake_latency 5000, sift_step 12
  metrics::FitResult r = metrics::fitCostModel(start, {"wake_latency", "sift_step"}, 4, score);
  CHECK(r.trail.front().field == "");
  CHECK(r.trail.front().score == doctest::Approx(score(start)));
  CHECK(r.bestScore < 0.01);
  CHECK(r.bestScore == doctest::Approx(score(r.best)));
  CHECK(std::abs(r.best.wake_latency - 2000) < 200);
  CHECK(std::abs(r.best.sift_step - 48) < 5);
  CHECK(r.best.timer_op == start.timer_op);  // fields not named stay
  // every evaluation is in the trail, each best so far kept
  size_t kept = 0;
  for (const auto& s : r.trail)
    kept += s.kept ? 1 : 0;
  CHECK(kept >= 3);
  metrics::FitResult again = metrics::fitCostModel(start, {"wake_latency", "sift_step"}, 4, score);
  CHECK(again.trail.size() == r.trail.size());
  CHECK(again.best.values() == r.best.values());
  CHECK_THROWS_AS(metrics::fitCostModel(start, {"no_such"}, 1, score), std::invalid_argument);
}

TEST_CASE("gotimers calibrate: a figure set's report, JSON, fit and cost file") {
  testing::TempDir o("calibrate_set_test");
  std::string set = o.file("set.json", R"({
    "schema": "gotimers-figures", "version": 1, "source": "tiny", "cite": "c", "machine": "m",
    "cost": {"cpu_threads": 4}, "garbage": 100, "versions": ["go1.9", "go1.10"],
    "ns_per_op": {"go1.9": {"StartStop": {"1": 250000, "2": 240000}},
                  "go1.10": {"StartStop": {"1": 250000, "2": 140000}}}})");
  std::string args = "calibrate --set " + set + " --ops 1 --seeds 1,2 --json ";
  int code = testing::runCli(args + o.file("a.json"), o.file("a.txt"));
  REQUIRE((code == 0 || code == 1));
  nlohmann::json j = nlohmann::json::parse(testing::slurp(o.file("a.json")));
  CHECK(code == (j["targets_met"].get<bool>() ? 0 : 1));
  CHECK(j["schema"] == "gotimers-calibrate-set");
  CHECK(j["figures"] == 4);
  CHECK(j["seeds"] == nlohmann::json::array({1, 2}));
  // Commands run with 10% noise unless told otherwise (a cost file's other fields keep it).
  CHECK(j["cost_model"]["noise_pct"] == 10);
  std::string quiet = o.file("quiet.json", R"({"noise_pct": 0})");
  std::string slow = o.file("slow.json", R"({"wake_latency": 9000})");
  REQUIRE(testing::runCli(args + o.file("q.json") + " --cost-model " + quiet) <= 1);
  REQUIRE(testing::runCli(args + o.file("s.json") + " --cost-model " + slow) <= 1);
  REQUIRE(testing::runCli(args + o.file("n.json") + " --cost-model " + slow + " --noise 3") <= 1);
  auto costOf = [&](const char* f) {
    return nlohmann::json::parse(testing::slurp(o.file(f)))["cost_model"];
  };
  CHECK(costOf("q.json")["noise_pct"] == 0);
  CHECK(costOf("s.json")["noise_pct"] == 10);
  CHECK(costOf("s.json")["wake_latency"] == 9000);
  CHECK(costOf("n.json")["noise_pct"] == 3);
  REQUIRE(j["sets"][0]["figures"].size() == 4);
  CHECK(j["sets"][0]["figures"][1]["era"] == "go1.9");
  CHECK(j["sets"][0]["figures"][3]["era"] == "go1.13");
  CHECK(j["sets"][0]["figures"][0]["simulated_ns_per_op"].size() == 2);
  std::string text = testing::slurp(o.file("a.txt"));
  CHECK(testing::contains(text, "Calibration set: 4 figures from 1 source\n"));
  CHECK(testing::contains(text, "go1.9->go1.10"));
  CHECK(testing::contains(text, "-42%"));

  // --fit of one field, one round: the cost file it writes is a cost file, and the report is
  // made with it.
  std::string fitted = o.file("fit.cost.json");
  int fcode = testing::runCli(
      args + o.file("b.json") + " --fit --fit-fields sift_step --rounds 1 --out " + fitted,
      o.file("b.txt"));
  REQUIRE((fcode == 0 || fcode == 1));
  rt::CostModel c = scenario::loadCostModel(fitted);
  nlohmann::json b = nlohmann::json::parse(testing::slurp(o.file("b.json")));
  CHECK(b["fit"]["fitted"]["sift_step"] == c.sift_step);
  CHECK(b["fit"]["evaluations"] == 3);  // the start, x2 and /2
  CHECK(b["score"].get<double>() <= j["score"].get<double>());
  CHECK(b["cost_model"]["sift_step"] == c.sift_step);

  CHECK(testing::runCli("calibrate --set " + o.file("none.json")) == 2);
  CHECK(testing::runCli("calibrate --set " + set + " --fit --fit-fields nope") == 2);
  CHECK(testing::runCli("calibrate --set " + set + " --out x.json") == 2);
  CHECK(testing::runCli("calibrate --band --fit") == 2);
  CHECK_FALSE(std::filesystem::exists(GOTIMERS_SOURCE_DIR "/x.json"));
}

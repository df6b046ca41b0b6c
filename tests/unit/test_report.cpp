// gotimers report's data (metrics/report.h): medians and ranges over seeds, the lock-wait
// share, and the sentences, verdicts and caveats computed from them. Built from hand-made
// RunMetrics so that every expected number follows from the inputs.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <sstream>

#include "metrics/report.h"
#include "metrics/run_metrics.h"
#include "metrics/text.h"

using namespace gotimers;
using metrics::RunMetrics;
using nlohmann::json;

namespace {

struct Point {
  double nsPerOp, virtualTime, lockWait, futex, fired = 0, lateP50 = 0;
};

RunMetrics run(const std::string& era, int procs, uint64_t seed, const Point& p) {
  RunMetrics m;
  m.key = {"stop", era, procs, seed};
  m.exit = "normal exit";
  m.values.assign(metrics::metricDefs().size(), std::nullopt);
  auto set = [&](const char* n, double v) { m.values[metrics::metricIndex(n)] = v; };
  set("ns_per_op", p.nsPerOp);
  set("virtual_time_ns", p.virtualTime);
  set("timer_locks_wait_total_ns", p.lockWait);
  set("timer_locks_futex_sleep", p.futex);
  set("timer_locks_cas", 100);
  set("timer_locks_acquisitions", 100 + p.futex);
  set("thread_sleeps", 7);
  set("context_switches", 3);
  set("timers_fired", p.fired);
  if (p.fired > 0) {
    set("lateness_p50_ns", p.lateP50);
    set("lateness_p99_ns", 2 * p.lateP50);
    set("lateness_max_ns", 3 * p.lateP50);
  }
  return m;
}

// go1.9 collapses at 4 Ps (half the Ps' time waiting), go1.14 does not; two seeds each.
metrics::ReportInput input(bool fired = false) {
  metrics::ReportInput in;
  in.scenarioName = "BenchmarkStop";
  in.scenarioId = "stop";
  in.eras = {"go1.9", "go1.14"};
  in.procs = {1, 4};
  in.seeds = {1, 2};
  double f = fired ? 10 : 0;
  in.runs = {
      run("go1.9", 1, 1, {1000, 1e6, 0, 0, f, 100}),
      run("go1.9", 1, 2, {1000, 1e6, 0, 0, f, 100}),
      run("go1.9", 4, 1, {4000, 1e6, 2e6, 30, f, 500}),    // share 2e6 / (1e6 x 4) = 0.5
      run("go1.9", 4, 2, {6000, 1e6, 2.4e6, 50, f, 700}),  // 0.6: median 0.55
      run("go1.14", 1, 1, {900, 1e6, 0, 0, f, 50}),
      run("go1.14", 1, 2, {900, 1e6, 0, 0, f, 50}),
      run("go1.14", 4, 1, {500, 1e6, 0, 0, f, 60}),
      run("go1.14", 4, 2, {500, 1e6, 0, 0, f, 60}),
  };
  return in;
}

const json& pointOf(const json& d, const std::string& era, int p) {
  for (const auto& pt : d["points"])
    if (pt["era"] == era && pt["gomaxprocs"] == p) return pt;
  FAIL("no point " << era << " " << p);
  static json none;
  return none;
}

std::string sentence(const json& d, const std::string& chart, size_t i = 0) {
  for (const auto& s : d["sentences"])
    if (s["chart"] == chart && i-- == 0) return s["text"];
  return "";
}

}  // namespace

TEST_CASE("report data: medians and ranges over seeds, the share of P time waiting") {
  json d = metrics::reportData(input());
  CHECK(d["schema"] == "gotimers-report");
  CHECK(d["headline"]["metric"] == "ns_per_op");
  CHECK(d["points"].size() == 4);
  const json& slow = pointOf(d, "go1.9", 4);
  CHECK(slow["runs"] == 2);
  CHECK(slow["headline"]["median"].get<double>() == 5000);
  CHECK(slow["headline"]["min"].get<double>() == 4000);
  CHECK(slow["headline"]["max"].get<double>() == 6000);
  CHECK(slow["lock_wait_share"].get<double>() == doctest::Approx(0.55));
  CHECK(slow["lock_phases"]["futex_sleep"].get<double>() == 40);
  CHECK(pointOf(d, "go1.14", 4)["lock_wait_share"].get<double>() == 0);
  CHECK(slow["lateness"].is_null());  // nothing fired
  CHECK(d["runs"].size() == 8);
}

TEST_CASE("report sentences and verdicts follow from the numbers") {
  json d = metrics::reportData(input());
  CHECK(sentence(d, "headline") == "At 4 Ps go1.9 needs 5µs per op, 10.0x go1.14's 500ns.");
  CHECK(sentence(d, "headline", 1) ==
        "From 1 to 4 Ps the virtual time per benchmark op changes by: go1.9 5.00x, go1.14 "
        "0.56x.");
  CHECK(sentence(d, "locks") ==
        "At 4 Ps go1.9 loses 55% of its Ps' time waiting for timer locks (40 of 140 "
        "acquisitions slept on the futex); go1.14 0%.");
  CHECK(sentence(d, "lateness").rfind("No timer fired", 0) == 0);
  REQUIRE(d["verdicts"].size() == 2);
  CHECK(d["verdicts"][0]["era"] == "go1.9");
  CHECK(d["verdicts"][0]["verdict"] == "collapses");
  CHECK(d["verdicts"][0]["text"] ==
        "collapses: 55% of P time in timer-lock waits at 4 Ps (40 futex sleeps); one heap, one "
        "lock");
  CHECK(d["verdicts"][1]["verdict"] == "scales");
  CHECK(d["verdicts"][1]["text"] == "scales: no timer-lock waits at 4 Ps; a heap and lock per P");

  // slower per op without lock waits: "slows"
  auto in = input();
  for (auto& r : in.runs)
    if (r.key.era == "go1.9") r.values[metrics::metricIndex("timer_locks_wait_total_ns")] = 0;
  json s = metrics::reportData(in);
  CHECK(s["verdicts"][0]["verdict"] == "slows");
  CHECK(s["verdicts"][0]["text"] ==
        "slows: 5.00x per op from 1 to 4 Ps, 0% of P time in timer-lock waits; one heap, one "
        "lock");
}

TEST_CASE("report caveats: go1.23's lazy channel timers, seeds, virtual time") {
  json d = metrics::reportData(input());
  auto has = [&](const json& data, const std::string& part) {
    for (const auto& c : data["caveats"])
      if (c.get<std::string>().find(part) != std::string::npos) return true;
    return false;
  };
  CHECK(has(d, "All times are virtual"));
  CHECK(has(d, "The simulated machine has 4 hardware threads on 2 cores (--ncpu"));
  CHECK_FALSE(has(d, "go1.23"));
  CHECK_FALSE(has(d, "The noise model is on"));
  auto noisy = input();
  noisy.noisePct = 7;
  noisy.cpuThreads = 16;
  json n = metrics::reportData(noisy);
  CHECK(has(n, "The noise model is on (--noise 7; the default is 10)"));
  CHECK(has(n, "16 hardware threads on 8 cores"));
  // lateness on go1.23: the caveat appears
  auto in = input(true);
  for (auto& r : in.runs)
    if (r.key.era == "go1.14") r.key.era = "go1.23";
  in.eras = {"go1.9", "go1.23"};
  json l = metrics::reportData(in);
  CHECK(has(l, "On go1.23 a channel timer"));
  CHECK(pointOf(l, "go1.23", 4)["lateness"]["p50"].get<double>() == 60);
  CHECK(sentence(l, "lateness") ==
        "At 4 Ps the median timer fires late by: go1.9 600ns, go1.23 60ns.");
  // identical seeds are said to be identical
  auto same = input();
  same.runs[3].values[metrics::metricIndex("ns_per_op")] = 4000;
  same.runs[2].values[metrics::metricIndex("ns_per_op")] = 4000;
  CHECK(has(metrics::reportData(same), "The 2 seeds gave identical"));
}

TEST_CASE("report summary fits the width; Markdown has every era's row") {
  json d = metrics::reportData(input());
  for (size_t width : {60, 100}) {
    std::string s = metrics::reportSummary(d, width);
    std::istringstream in(s);
    for (std::string line; std::getline(in, line);)
      CHECK(metrics::displayWidth(line) <= width);
    CHECK(s.find("go1.9") != std::string::npos);
    CHECK(s.find("collapses") != std::string::npos);
  }
  std::string md = metrics::reportMarkdown(d);
  CHECK(md.find("| go1.9 | 1µs | 5µs ±20% |") != std::string::npos);
  CHECK(md.find("| go1.14 | 900ns | 500ns |") != std::string::npos);
  CHECK(md.find("- **go1.9** collapses") != std::string::npos);
}

// gotimers report: the story of one comparison (eras x GOMAXPROCS x seeds on one scenario)
// as data: per era and GOMAXPROCS, the headline metric's median and range over seeds, the
// timer locks' acquisition phases, the share of the Ms' time spent waiting for timer locks,
// thread sleeps and wake-ups, and firing lateness; sentences computed from those numbers, a
// one-line verdict per era, and caveats where eras are not measured alike.
//
// The same JSON feeds the HTML page (viz/report.html, charts drawn with Observable Plot), the
// Markdown version and the compact terminal summary, so that every number and sentence a
// reader sees is one the JSON holds (the browser test checks the page against it).
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "metrics/run_metrics.h"

namespace gotimers::metrics {

struct ReportInput {
  std::string scenarioName;  // as the scenario names itself (BenchmarkStop)
  std::string scenarioId;    // as named on the command line (stop)
  std::vector<std::string> eras;
  std::vector<int> procs;
  std::vector<uint64_t> seeds;
  std::vector<RunMetrics> runs;  // one per era x procs x seed (a missing one is left out)
  int64_t cpuThreads = 4;        // the simulated machine (CostModel::cpu_threads, --ncpu)
  int64_t noisePct = 0;          // the noise model (CostModel::noise_pct, --noise)
};

// {"schema": "gotimers-report", "version": 1, "scenario": {name, id}, "eras", "gomaxprocs",
//  "seeds", "headline": {metric, unit, label}, "points": [{era, gomaxprocs, runs, headline:
//  {median, min, max}, lock_phases: {cas, active_spin, passive_spin, futex_sleep},
//  lock_acquisitions, lock_wait_ns, lock_wait_share, virtual_time_ns, threads: {thread_sleeps,
//  context_switches, p_handoffs, wakeps}, lateness: {p50, p99, max} | null}], "sentences":
//  [{chart, text}], "verdicts": [{era, verdict, text}], "caveats": [text], "runs": [...]}.
// Each point's numbers are medians over the seeds that ran.
nlohmann::json reportData(const ReportInput& in);

inline constexpr int kReportSchemaVersion = 1;

// The report for a README or a pull request: the sentences, a table of the headline metric
// (eras x GOMAXPROCS), of the lock-wait share and of thread sleeps, the verdicts and caveats.
std::string reportMarkdown(const nlohmann::json& data);

// What the terminal gets: the headline rows as a table of eras x GOMAXPROCS that fits `width`
// columns, then a verdict line per era.
std::string reportSummary(const nlohmann::json& data, size_t width);

}  // namespace gotimers::metrics

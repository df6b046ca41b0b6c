// gotimers compare: one scenario on several eras x GOMAXPROCS values, as one table (rows:
// metrics; columns: GOMAXPROCS x era, with ratios to the first era), and as CSV, JSON and a
// chart of one metric over GOMAXPROCS with one line per era (docs/compare.md). With --from,
// the runs come from a sweep results file instead of being run again.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <iostream>
#include <memory>

#include "cli/cli.h"
#include "cli/common.h"
#include "cli/compare_outputs.h"
#include "cli/go_test_args.h"
#include "cli/scenario_input.h"
#include "cli/scenario_paths.h"
#include "eras/registry.h"
#include "io/input_file.h"
#include "metrics/benchstat.h"
#include "metrics/format.h"
#include "metrics/grid.h"
#include "metrics/sweep.h"
#include "metrics/sweep_select.h"
#include "program/gofront.h"

namespace gotimers::cli {

namespace {

// compare's seeds when neither --seed nor --seeds is given: a comparison is a median over
// runs, as a real benchmark's is over repetitions.
constexpr const char* kDefaultSeeds = "1..3";

struct CompareArgs {
  ScenarioArgs scenario;
  std::string seeds;  // --seeds
  std::string eras = "go1.9,go1.13,go1.14";
  std::string procs = "1,2,4,8";
  std::string metrics;
  int jobs = 0;
  std::string from;                   // a sweep results file to read the runs from
  std::vector<std::string> progArgs;  // after `--`: os.Args[1:] of a Go program
  bool dashDash = false;
  bool erasGiven = false, procsGiven = false;
  OutputArgs out;
  TableLayoutArgs layout;
  bool benchstat = false;  // also the first two eras as benchstat's table
  GoTestArgs test;         // a Go package's tests or one benchmark (--run, --bench)
};

// The name of `compare --bench PATTERN` runs: Go's benchmark name when the pattern is one
// (anchors aside), "PACKAGE -bench PATTERN" otherwise.
std::string benchDisplayName(const std::string& package, const std::string& pattern) {
  std::string p = pattern;
  if (p.starts_with("^")) p.erase(0, 1);
  if (p.ends_with("$")) p.pop_back();
  const bool plain = !p.empty() && std::all_of(p.begin(), p.end(), [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_';
  });
  if (!plain) return package + " -bench " + pattern;
  return p.starts_with("Benchmark") ? p : "Benchmark" + p;
}

// compare --benchstat: the first two eras' ns_per_op as benchstat shows two sets of runs.
// Prints a message and returns false when it cannot be made.
bool printBenchstat(const CompareArgs& a, const std::string& benchName,
                    const std::vector<std::string>& eras, const std::vector<int>& procs,
                    const std::vector<metrics::RunMetrics>& runs) {
  if (!a.benchstat) return true;
  if (eras.size() < 2) {
    badInput("--benchstat: compares two eras (the first two of --eras)");
    return false;
  }
  std::string t = metrics::benchstatTable(runs, benchName, eras[0], eras[1], procs, "ns_per_op");
  if (t.empty()) {
    badInput("--benchstat: the runs have no benchmark region (no ns_per_op)");
    return false;
  }
  std::cout << "\n" << t;
  return true;
}

// Prints a note for each run that did not end well; returns the worst exit status.
int printNotes(const std::vector<metrics::RunMetrics>& runs, const std::string& id) {
  int worst = 0;
  for (const auto& r : runs) {
    if (r.exitCode != 0 && !r.skipped()) {
      std::cout << fmt::format("note: {} on {} at GOMAXPROCS={} ended with {} (exit status {})\n",
                               id, r.key.era, r.key.procs, r.exit, r.exitCode);
    }
    worst = std::max(worst, r.exitCode);
  }
  return worst;
}

// The first option given that only applies when compare runs the scenario itself.
std::string runOnlyOption(const CompareArgs& a) {
  const ScenarioArgs& s = a.scenario;
  if (!s.sets.empty()) return "--set";
  if (!s.costModel.empty()) return "--cost-model";
  if (s.ncpu) return "--ncpu";
  if (s.noise) return "--noise";
  if (!s.timeLimit.empty()) return "--time-limit";
  if (s.eventLimit) return "--event-limit";
  if (s.goroutineLimit) return "--goroutine-limit";
  if (s.timerLimit) return "--timer-limit";
  if (!s.memoryLimit.empty()) return "--memory-limit";
  if (!s.wallLimit.empty()) return "--wall-limit";
  if (s.spinLimit) return "--spin-limit";
  if (s.check) return "--check";
  if (a.jobs > 0) return "--jobs";
  if (!a.seeds.empty()) return "--seeds";
  return "";
}

// compare --from FILE: table and outputs of runs a sweep already made.
int compareFromSweep(const CompareArgs& a) {
  if (std::string opt = runOnlyOption(a); !opt.empty()) {
    return badInput(fmt::format(
        "--from {}: {} applies when compare runs the scenario; the runs in the file were made "
        "with the sweep's settings",
        a.from, opt));
  }
  metrics::SweepSelectQuery q;
  q.scenario = a.scenario.scenario;
  q.seed = a.scenario.seed;
  if (a.erasGiven && !parseEraList(a.eras, &q.eras)) return 2;
  if (a.procsGiven && !parseProcs(a.procs, "--procs", &q.procs)) return 2;
  metrics::TableOptions table;
  if (!a.metrics.empty() && !parseMetricList(a.metrics, "--metrics", &table.metrics)) return 2;
  if (!tableLayoutFromArgs(a.layout, &table)) return 2;
  if (!checkOutputArgs(a.out)) return 2;
  if (std::string why = io::regularFileProblem(a.from); !why.empty()) {
    if (why == "no such file")
      return badInput(fmt::format("--from {}: no such results file", a.from));
    return badInput(fmt::format("--from {}: cannot read the results: {}", a.from, why));
  }
  metrics::Selection sel;
  try {
    sel = metrics::selectFromSweep(metrics::readResults(a.from).runs, q);
  } catch (const metrics::SweepError& e) {
    return badInput(fmt::format("--from: {}", e.what()));
  } catch (const std::exception& e) {
    return badInput(fmt::format("--from {}: the file {}", a.from, e.what()));
  }
  // The scenario's own name for the titles, when it can still be found.
  std::string name = sel.scenario;
  try {
    name = scenario::loadScenario(resolveScenario(sel.scenario)).name;
  } catch (const scenario::ScenarioError&) {
  }
  std::cout << metrics::compareTable(fmt::format("{} ({}, from {})", name, sel.scenario, a.from),
                                     sel.eras, sel.procs, sel.runs, table);
  int worst = printNotes(sel.runs, sel.scenario);
  OutputContext ctx{name, sel.scenario, sel.eras, sel.procs, {sel.seed}};
  if (!writeOutputs(a.out, ctx, sel.runs)) return 2;
  return worst;
}

int compare(const CompareArgs& a) {
  if (!a.from.empty()) return compareFromSweep(a);
  int status = 0;
  const bool isGo = program::isGoProgramPath(a.scenario.scenario);
  if (!isGo && a.test.given()) {
    return badInput(
        "--run and --bench are for Go programs (a .go file or a directory); a JSON scenario "
        "takes --set NAME=VALUE");
  }
  auto loaded = loadInput(a.scenario, a.progArgs, a.dashDash, &status);
  if (!loaded) return status;
  metrics::ScenarioInput in = std::move(*loaded);
  if (isGo && !applyGoTestArgs(a.test, a.scenario.scenario, &in)) return 2;
  // the table's, chart's and benchstat's name is the benchmark's when --bench names one
  // plainly (Stop, ^BenchmarkStop$), else the package's with the pattern
  if (a.test.benchRe) in.scenario.name = benchDisplayName(in.scenario.name, *a.test.benchRe);
  const scenario::Scenario* s = &in.scenario;
  std::vector<std::string> eraList;
  if (!parseEraList(a.eras, &eraList)) return 2;
  std::vector<int> procs;
  if (!parseProcs(a.procs, "--procs", &procs)) return 2;
  scenario::RunOptions opts;
  if (!runOptionsFromArgs(a.scenario, &opts)) return 2;
  metrics::TableOptions table;
  if (!a.metrics.empty() && !parseMetricList(a.metrics, "--metrics", &table.metrics)) return 2;
  if (!tableLayoutFromArgs(a.layout, &table)) return 2;
  if (!checkOutputArgs(a.out)) return 2;

  metrics::RunSettings set{opts.timeLimit, opts.eventLimit, opts.cost, opts.limits, opts.check};
  // the seeds: --seeds, else --seed alone, else kDefaultSeeds
  std::vector<uint64_t> seeds;
  if (!a.seeds.empty() && opts.seed) {
    return badInput("--seed and --seeds: give one (--seed S is --seeds S)");
  }
  if (opts.seed) {
    seeds = {*opts.seed};
  } else {
    std::vector<int64_t> list;
    std::string err;
    std::string text = a.seeds.empty() ? std::string(kDefaultSeeds) : a.seeds;
    if (!metrics::parseIntList(text, 0, INT64_MAX / 2, &list, &err))
      return badInput(fmt::format("--seeds {}: {}", text, err));
    seeds.assign(list.begin(), list.end());
  }
  std::vector<metrics::RunKey> keys;
  for (const auto& e : eraList)
    for (int p : procs)
      for (uint64_t seed : seeds)
        keys.push_back({in.id, e, p, seed});
  std::vector<metrics::RunMetrics> runs = runGrid(in, keys, set, a.jobs);
  if (reportInterrupted(runs, "compare")) return 130;

  std::cout << metrics::compareTable(fmt::format("{} ({})", s->name, in.id), eraList, procs, runs,
                                     table);
  if (!printBenchstat(a, s->name, eraList, procs, runs)) return 2;
  int worst = printNotes(runs, in.id);
  OutputContext ctx{s->name, in.id, eraList, procs, seeds};
  if (!writeOutputs(a.out, ctx, runs)) return 2;
  return worst;
}

}  // namespace

void addCompareCommand(CLI::App& app, CliState& st) {
  auto args = std::make_shared<CompareArgs>();
  auto* c = app.add_subcommand("compare", "Compare eras x GOMAXPROCS on one scenario");
  c->footer(
      "Examples:\n"
      "  gotimers compare start-stop\n"
      "  gotimers compare scenarios/contention/stop-storm.go --procs 1,4 -- -n 2000\n"
      "  gotimers compare sleep --eras go1.9,go1.13,go1.14 --procs 1..8 --chart sleep.svg\n"
      "  gotimers compare after-in-loop --metrics lateness_p99_ns,threads --csv out.csv\n"
      "  gotimers compare start-stop --from sweep.jsonl --chart ss.svg  # runs a sweep made\n"
      "  gotimers compare scenarios/benchmarks/go1.16 --bench ParallelTimerLatency --benchtime "
      "20x --procs 8 --ncpu 8 --eras go1.14@go1.14,go1.14@go1.15,go1.14@go1.16 --metrics "
      "avg_late_ns\n"
      "Metric names: gotimers metrics.\n" +
      std::string(kGridExitStatus));
  addGridOptions(c, args->scenario, args->eras, args->procs);
  c->add_option("--seeds", args->seeds,
                fmt::format("Seeds: a list and/or ranges (default {}); a cell is the median over "
                            "them, with ± the seed farthest from it",
                            kDefaultSeeds));
  c->add_flag("--benchstat", args->benchstat,
              "Also print the first two eras' ns/op as benchstat's table (mean ± spread, delta "
              "when a Mann-Whitney U test gives p < 0.05; use --seeds 1..5 or more)");
  c->add_option(
      "--metrics", args->metrics,
      "Table rows: comma-separated metric names (default: every metric not zero everywhere)");
  c->add_option("-j,--jobs", args->jobs, "Runs at once (default: the machine's hardware threads)")
      ->check(CLI::Range(1, 1024));
  c->add_option("--from", args->from,
                "Read the runs from a sweep results file (gotimers sweep --out) instead of "
                "running them; --eras and --procs default to those the file has");
  addGoTestOptions(c, args->test);
  addTableLayoutOptions(c, args->layout);
  addOutputOptions(c, args->out, /*withChart=*/true);
  c->callback([args, c, &st] {
    args->erasGiven = c->get_option("--eras")->count() > 0;
    args->procsGiven = c->get_option("--procs")->count() > 0;
    args->progArgs = st.programArgs;
    args->dashDash = st.dashDash;
    st.exit = compare(*args);
  });
}

}  // namespace gotimers::cli

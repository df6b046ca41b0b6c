// Running a grid of (scenario, era, GOMAXPROCS, seed) points, each on its own simulated
// runtime, on several OS threads at once. Each simulation is confined to the thread that runs
// it (rt::Runtime::current() is thread_local; the runtime keeps no other mutable global), and
// the scenarios are shared read-only.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "metrics/run_metrics.h"
#include "program/vm.h"
#include "runtime/cost_model.h"
#include "scenario/scenario.h"

namespace gotimers::metrics {

// A loaded scenario (with --set applied) and the name runs are keyed by; or a Go program
// (ir set: a .go file or directory, lowered once, run with vm's os.Args), which `scenario`
// then only names: its name, and as text the program's IR and arguments, which inputsHash
// covers. Each run loads the IR into its own program::Program: a Program holds the package
// variables of its run, so runs on several threads cannot share one.
struct ScenarioInput {
  std::string id;  // e.g. "benchmarks/sleep"
  scenario::Scenario scenario;
  std::string ir = {};
  program::VMOptions vm = {};
};

// What every run of a grid shares besides its coordinates.
struct RunSettings {
  std::optional<int64_t> timeLimit;
  std::optional<uint64_t> eventLimit;
  std::optional<rt::CostModel> cost;
  // The rest of RunConfig as RunOptions::limits sets it: compare's other limits
  // (--goroutine-limit, ...) and the interrupt flag of Ctrl-C. Like `check` (--check, on top
  // of RunConfig::checkByDefault), they never change the figures of a run that ends well, so
  // inputsHash leaves them out.
  std::function<void(rt::RunConfig&)> limits;
  bool check = false;
};

// True for a run that Ctrl-C stopped (its figures are partial: never keep or show them).
bool interruptedRun(const RunMetrics& m);

// A hash (hex) of what determines a run's result besides its key: the scenario text and
// parameters, the cost model and the limits. Results with other inputs are not reused.
std::string inputsHash(const ScenarioInput& s, const RunSettings& set);

// Runs the scenario or the Go program of s with opts; a Go program's stderr (os.Stderr,
// package flag's messages) goes to *errText when given, its benchmarks' results to *bench.
scenario::ScenarioResult runInput(const ScenarioInput& s, const scenario::RunOptions& opts,
                                  std::string* errText = nullptr,
                                  std::vector<program::BenchResult>* bench = nullptr);

// Runs one point with a Collector attached and summarizes it. A scenario that needs a newer
// Go than the era gives skippedRun; an exception from the simulator gives exit "error: ...".
RunMetrics runPoint(const ScenarioInput& s, const RunKey& key, const RunSettings& set);

// Calls work(i) for i in [0, n) on `jobs` threads and done(i, result) on the calling thread as
// each finishes (in completion order). done may throw; the remaining work is then abandoned
// (the running calls finish first) and the exception propagates.
void runParallel(size_t n, int jobs, const std::function<RunMetrics(size_t)>& work,
                 const std::function<void(size_t, RunMetrics&&)>& done);

// Parses "1,2,4,8", "1..16" or a mix ("1..4,8,16") into distinct values in the order given;
// each must lie in [lo, hi]. Returns false and sets *err ("what was expected at position N").
bool parseIntList(const std::string& arg, int64_t lo, int64_t hi, std::vector<int64_t>* out,
                  std::string* err);

// The default number of jobs: the machine's hardware threads (at least 1).
int defaultJobs();

}  // namespace gotimers::metrics

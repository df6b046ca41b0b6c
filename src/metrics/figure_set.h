// The calibration set: published and measured figures of Go's timer benchmarks that the cost
// model is judged and fitted against (calibration/*.json, docs/cost-model.md "Calibration").
//
// One file is one source (a CL's commit message, an issue, real Go measured on a stated
// machine):
//   {"schema": "gotimers-figures", "version": 1,
//    "source": "CL 34784", "cite": "https://...", "machine": "what the source says of it",
//    "cost": {"cpu_threads": 4},      the machine as cost-model fields (docs/cost-model.md);
//                                     they override the model under test for this source's
//                                     runs and are never fitted
//    "garbage": 32768,                idle timers per P the benchmark harness makes (optional,
//                                     default 32768: Go 1.10+'s sleep_test.go)
//    "versions": ["go1.9", "go1.10"], Go releases, oldest first
//    "ns_per_op": {"go1.9": {"StartStop": {"1": 267000, "2": 238000}, ...}, ...},
//    "unstable": {"AfterFunc": [1, 2]},   optional: benchmarks and GOMAXPROCS whose figures
//    "unstable_why": "..."                vary between runs by more than the changes shown
//                                         (the changes are reported, not judged); the reason
//                                         is required with them}
// Benchmarks are Go's names (calibrationBenchmarks()); an op is 1000 timer operations, as in
// sleep_test.go from Go 1.9 on. Each version of "versions" needs figures, and no others may.
//
// A set can instead name Go's own benchmarks to run, unchanged:
//    "program": "benchmarks/go1.16",  a directory of Go test files under the scenarios
//                                     directory; each benchmark runs as go test -bench would
//                                     (its name, sub-benchmarks too, anchored level by level)
//    "benchtime": "20x",              optional, default 20x
//    "avg_late_ns": {"go1.14": {"ParallelTimerLatency": {"8": 17300000}, ...}}
// The figures' member names the metric they are (one of ns_per_op, avg_late_ns, max_late_ns:
// the run's metric of that name). Benchmark names are then Go's, e.g.
// "StaggeredTickerLatency/work-dur=300µs/tickers-per-P=1"; "garbage" does not apply.
//
// Invariant: figures are in versions order, then calibrationBenchmarks() order (with a
// program: name order), then GOMAXPROCS; every figure's era is eraForGoVersion(goVersion),
// never empty.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "runtime/cost_model.h"

namespace gotimers::metrics {

// One published or measured figure.
struct Figure {
  std::string goVersion;  // "go1.10"
  std::string era;        // the simulated era of that release: "go1.13"
  std::string goName;     // Go's benchmark: "StartStop"
  std::string bench;      // the scenario: "start-stop" (scenarios/benchmarks/<bench>.json);
                          // with a program: Go's benchmark name, as goName
  int procs = 1;          // GOMAXPROCS
  double nsPerOp = 0;
  bool unstable = false;  // listed in the set's "unstable"
};

struct FigureSet {
  std::string file, source, cite, machine;
  std::string metric = "ns_per_op";  // what the figures are: the run metric of that name
  std::string program;               // Go's benchmarks to run ("benchmarks/go1.16"), or ""
  std::string benchtime = "20x";     // with a program: go test's -benchtime
  std::vector<std::pair<std::string, int64_t>> machineCost;  // "cost", in the file's order
  int64_t garbage = 32768;
  std::vector<std::string> versions;
  std::vector<Figure> figures;
  std::string unstableWhy;
  // base with the machine's fields set.
  rt::CostModel costFor(const rt::CostModel& base) const;
};

// A change the source shows: the same benchmark and GOMAXPROCS from one Go version to the
// next of `versions`; in a set of one version, from one GOMAXPROCS to the next.
struct FigureChange {
  size_t from = 0, to = 0;  // indexes into the set's figures
};
std::vector<FigureChange> figureChanges(const FigureSet& set);

// The era that simulates a Go release: go1.1-go1.9 "go1.9", go1.10-go1.13 "go1.13", go1.14
// "go1.14@go1.14", go1.15 "go1.14@go1.15", go1.16-go1.22 "go1.14@go1.16", go1.23 on "go1.23";
// "" for anything else. Accepts "go1.N" and "go1.N.P".
std::string eraForGoVersion(const std::string& version);

// The go test -bench pattern that selects exactly Go's benchmark name (sub-benchmarks too):
// each level anchored and its regexp characters escaped, "StaggeredTickerLatency/n=1" ->
// "^BenchmarkStaggeredTickerLatency$/^n=1$".
std::string benchPattern(const std::string& goName);

// Parses one file (comments allowed); throws scenario::ScenarioError naming FILE:LINE:COL, the
// JSON path and what was expected.
FigureSet parseFigureSet(const std::string& file, const std::string& text);
FigureSet loadFigureSet(const std::string& path);
// A file, or every *.json of a directory in name order; throws as above (a directory without
// any is bad input too).
std::vector<FigureSet> loadFigureSets(const std::string& path);

}  // namespace gotimers::metrics

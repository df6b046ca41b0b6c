// gotimers sweep: a grid of scenarios x eras x GOMAXPROCS x seeds, run in parallel, with one
// JSON Lines result per run appended to a results file so an interrupted sweep resumes.
//
// Results file invariant: every complete line is one run's toJson() followed by '\n', written
// with one fwrite and flushed; lines appear in grid order (a reorder buffer holds runs that
// finish before their predecessors). On resume, complete lines are kept and their runs are
// not repeated; a torn last line (no '\n', or not valid JSON) is cut off and its run redone.
// A bad line anywhere else is an error, as is a kept line whose inputs hash differs from this
// sweep's (the scenario, --set, cost model or limits changed): use --restart or another file.
#pragma once
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "metrics/grid.h"

namespace gotimers::metrics {

// Bad input or an unusable results file: exit status 2, the message names FILE:LINE.
struct SweepError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Ctrl-C stopped a run. The lines written so far stay; the message says how many runs the
// file holds. The interrupted run, and any held back to keep grid order, are redone on resume.
struct SweepInterrupted : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A deterministic slice of a grid for a machine of its own (sweep --shard K/N): the runs whose
// grid-order index i has i % N == K - 1. Interleaving spreads the slow corners (many Ps, slow
// eras) over every shard. Its results file's lines carry {"shard": {"index": K, "count": N,
// "grid_runs": T}}, which `sweep merge` (metrics/sweep_merge.h) checks and strips.
struct Shard {
  size_t index = 1;  // K, 1-based
  size_t count = 1;  // N
  bool operator==(const Shard&) const = default;
};
// "K/N" with 1 <= K <= N <= 100000; false with a reason in *why.
bool parseShard(const std::string& text, Shard* out, std::string* why);
// How many of a T-run grid's runs shard K/N has.
size_t shardRuns(size_t gridRuns, const Shard& s);

struct SweepConfig {
  std::vector<ScenarioInput> scenarios;
  std::vector<std::string> eras;
  std::vector<int> procs;
  std::vector<uint64_t> seeds = {1};
  RunSettings settings;
  std::string out;  // the JSON Lines results file
  int jobs = 1;
  bool restart = false;        // discard an existing results file
  std::optional<Shard> shard;  // run only this slice of the grid
};

// The runs of a grid in grid order: scenario, era, GOMAXPROCS, seed (each as listed); with
// cfg.shard, only that shard's, still in grid order.
std::vector<RunKey> gridKeys(const SweepConfig& cfg);
// The full grid of these lists, in grid order.
std::vector<RunKey> gridKeys(const std::vector<std::string>& scenarios,
                             const std::vector<std::string>& eras, const std::vector<int>& procs,
                             const std::vector<uint64_t>& seeds);

struct ResultsFile {
  std::vector<RunMetrics> runs;  // the complete lines, in file order
  std::vector<size_t> lines;     // their line numbers (1-based)
  uintmax_t goodBytes = 0;       // length of the complete lines
  bool torn = false;             // a torn last line follows them
};
// Reads a results file (a missing file is empty); throws SweepError on a bad inner line.
ResultsFile readResults(const std::string& path);
// The same for the text of a results file named path.
ResultsFile parseResults(const std::string& path, const std::string& text);

struct SweepOutcome {
  size_t planned = 0;               // runs in the grid (in the shard, with --shard)
  size_t reused = 0;                // found complete in the results file
  size_t ran = 0;                   // run now
  bool tornRedone = false;          // a torn last line was cut off
  size_t foreign = 0;               // lines of the file for runs outside this grid (kept, ignored)
  std::vector<RunMetrics> results;  // every run of the grid, in grid order
};

// Runs what the results file lacks. progress(done, total) is called on the calling thread
// after each run (done counts reused runs too). Throws SweepError, or SweepInterrupted.
SweepOutcome runSweep(const SweepConfig& cfg,
                      const std::function<void(size_t done, size_t total)>& progress = {});

}  // namespace gotimers::metrics

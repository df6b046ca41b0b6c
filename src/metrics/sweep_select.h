// Picking one scenario's era x GOMAXPROCS grid out of a sweep results file, so that
// `compare --from FILE` tables and charts finished runs instead of running them again.
//
// Invariant of a Selection: runs holds exactly one run per (era, GOMAXPROCS) of eras x procs,
// in compare's order (era-major), all with the selected scenario id and seed.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "metrics/run_metrics.h"

namespace gotimers::metrics {

struct SweepSelectQuery {
  std::string scenario;           // a sweep's id ("benchmarks/sleep") or its last part ("sleep")
  std::vector<std::string> eras;  // empty: those the file has for the scenario, in file order
  std::vector<int> procs;         // empty: those the file has, ascending
  std::optional<uint64_t> seed;   // none: the file must hold a single seed for the scenario
};

struct Selection {
  std::string scenario;  // the id as the file has it
  std::vector<std::string> eras;
  std::vector<int> procs;
  uint64_t seed = 1;
  std::vector<RunMetrics> runs;
};

// Throws std::runtime_error with a message that says what is missing and what the file has
// (the caller prefixes the file name).
Selection selectFromSweep(const std::vector<RunMetrics>& all, const SweepSelectQuery& q);

}  // namespace gotimers::metrics

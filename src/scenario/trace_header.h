// The trace header's description of a scenario run (docs/trace-schema.md, first line):
// one mapping from a loaded Scenario to trace::HeaderInfo for the CLI, the tests and the
// benchmarks.
#pragma once
#include <cstdint>
#include <string>

#include "scenario/scenario.h"
#include "trace/header.h"

namespace gotimers::scenario {

// The scenario's name, file and text (hashed in the header), the era, GOMAXPROCS and seed;
// the default cost model; the caller sets another cost model and the categories.
trace::HeaderInfo traceHeaderInfo(const Scenario& s, const std::string& era, int procs,
                                  uint64_t seed);

}  // namespace gotimers::scenario

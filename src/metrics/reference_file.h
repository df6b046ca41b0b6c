// `gotimers calibrate --reference FILE`: real Go measured on a stated machine, as the target
// of the calibration instead of CL 34784's table (docs/cost-model.md, "Calibrating against
// your own machine"). scripts/real-go/run.sh writes such a file (REFERENCE=FILE).
//
// The format (comments allowed):
//   {"schema": "gotimers-reference", "version": 1,
//    "machine": "...", "old": "go version go1.9 ...", "new": "go version go1.10 ...",
//    "source": "...",                                   (optional)
//    "ns_per_op": {"AfterFunc": {"old": {"1": ns, "2": ns, "4": ns}, "new": {...}}, ...}}
// Benchmarks are CL 34784's Go names (calibrationBenchmarks()); each needs "old" and "new"
// with positive ns per op for the same GOMAXPROCS keys. Changes are made for GOMAXPROCS 2 and
// 4 where both are given (other keys are allowed and ignored), in CL 34784's benchmark order;
// a file with none is bad input.
#pragma once
#include <string>

#include "metrics/calibration.h"

namespace gotimers::metrics {

// Parses text into a reference titled after its machine; throws scenario::ScenarioError
// naming file:line:col, the JSON path and what was expected.
Reference parseReference(const std::string& file, const std::string& text);
// Reads and parses the file at path.
Reference loadReference(const std::string& path);

}  // namespace gotimers::metrics

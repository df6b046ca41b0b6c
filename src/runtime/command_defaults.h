// What every command runs with unless told otherwise, shared by the command line
// (cli::commandCostModel) and the browser lab (wasm/lab_api.cpp), so that a program runs the
// same in both. rt::CostModel itself (the C++ API, the mechanism tests) keeps its own defaults.
#pragma once
#include <cstdint>

namespace gotimers::rt {

// The noise model's percent (docs/cost-model.md, "Noise"): 10, so that seeds differ as a
// benchmark's runs do and no GOMAXPROCS locks Ms into step.
inline constexpr int64_t kCommandNoisePct = 10;

}  // namespace gotimers::rt

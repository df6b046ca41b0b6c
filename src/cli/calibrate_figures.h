// `gotimers calibrate` against the calibration set (metrics/figure_set.h): runs every figure's
// benchmark on its era, machine and GOMAXPROCS over several seeds and reports
// (metrics/figure_check.h); with --fit it searches cost-model fields to minimise the score
// (metrics/cost_fit.h) and writes the result as a cost file; with --cross-validate it fits once
// per source without that source and judges the fit on it.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "runtime/cost_model.h"
#include "runtime/runtime.h"

namespace gotimers::cli {

struct FigureCalibrateArgs {
  std::string set;  // a file or directory; "" for the shipped calibration/
  std::vector<uint64_t> seeds;
  int64_t ops = 3;
  std::optional<int64_t> garbage;  // overrides every set's
  int jobs = 0;
  std::string json;
  bool fit = false;
  std::vector<std::string> fitFields;
  int rounds = 2;
  std::string out;  // --fit's cost file
  bool crossValidate = false;
  std::function<void(rt::RunConfig&)> limits;  // RunOptions::limits (Ctrl-C)
};

// Exit status: 0 targets met, 1 missed (or a run failed), 2 bad input, 130 interrupted.
int calibrateFigures(const FigureCalibrateArgs& a, const rt::CostModel& base,
                     const std::string& costText);

}  // namespace gotimers::cli

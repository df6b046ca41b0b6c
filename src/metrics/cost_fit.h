// `gotimers calibrate --fit`: a deterministic search over cost-model fields that minimises a
// score (metrics/figure_check.h's, over the calibration set).
//
// The optimiser is coordinate descent with shrinking multiplicative steps: in round r
// (0-based) the step is 2^(1/2^r) (x2, x1.41, x1.19, ...); for each field in the given order it
// tries the field's value times the step and divided by it (rounded to an integer, clamped to
// CostModel::range, skipped when unchanged), and keeps the better of the two if it beats the
// current score. No randomness: the same start, fields, rounds and score give the same result.
// Invariant: the result's trail lists every evaluation in the order made, the first being the
// start, and `best` is the trail's lowest score (the earliest of equal ones).
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "runtime/cost_model.h"

namespace gotimers::metrics {

struct FitStep {
  std::string field;  // "" for the start
  int64_t value = 0;  // the field's value tried
  double score = 0;
  bool kept = false;  // became the current model
};

struct FitResult {
  rt::CostModel best;
  double bestScore = 0;
  std::vector<FitStep> trail;
};

// The fields `--fit` searches by default: the costs the benchmarks are most sensitive to.
const std::vector<std::string>& defaultFitFields();

// Fits `fields` of start; score(model) is called once per evaluation (progress, if given,
// after each). Throws std::invalid_argument for a field CostModel does not have.
FitResult fitCostModel(const rt::CostModel& start, const std::vector<std::string>& fields,
                       int rounds, const std::function<double(const rt::CostModel&)>& score,
                       const std::function<void(const FitStep&)>& progress = {});

}  // namespace gotimers::metrics

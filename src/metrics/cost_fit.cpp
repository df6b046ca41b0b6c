#include "metrics/cost_fit.h"

#include <cmath>
#include <stdexcept>

namespace gotimers::metrics {

const std::vector<std::string>& defaultFitFields() {
  static const std::vector<std::string> fields = {
      "wake_latency", "context_switch", "futex_wake",       "timer_alloc",
      "sift_step",    "chan_op",        "smt_slowdown_pct",
  };
  return fields;
}

namespace {

int64_t* fieldOf(rt::CostModel& c, const std::string& name) {
  for (auto& [n, p] : c.fields())
    if (n == name) return p;
  throw std::invalid_argument("no cost field '" + name + "'");
}

int64_t stepped(int64_t v, double factor, const std::string& field) {
  rt::CostModel::Range r = rt::CostModel::range(field);
  double x = std::round(double(v) * factor);
  if (x < double(r.min)) x = double(r.min);
  if (x > double(r.max)) x = double(r.max);
  return int64_t(x);
}

}  // namespace

FitResult fitCostModel(const rt::CostModel& start, const std::vector<std::string>& fields,
                       int rounds, const std::function<double(const rt::CostModel&)>& score,
                       const std::function<void(const FitStep&)>& progress) {
  FitResult r;
  r.best = start;
  for (const std::string& f : fields)
    fieldOf(r.best, f);  // names checked before the first evaluation
  auto record = [&](const FitStep& s) {
    r.trail.push_back(s);
    if (progress) progress(s);
  };
  r.bestScore = score(r.best);
  record({"", 0, r.bestScore, true});
  for (int round = 0; round < rounds; round++) {
    double step = std::pow(2.0, 1.0 / double(1 << round));
    for (const std::string& f : fields) {
      int64_t now = *fieldOf(r.best, f);
      rt::CostModel bestHere = r.best;
      double bestHereScore = r.bestScore;
      size_t keptAt = 0;
      for (double factor : {step, 1 / step}) {
        int64_t v = stepped(now, factor, f);
        if (v == now) continue;
        rt::CostModel trial = r.best;
        *fieldOf(trial, f) = v;
        double s = score(trial);
        record({f, v, s, false});
        if (s < bestHereScore) {
          bestHere = trial;
          bestHereScore = s;
          keptAt = r.trail.size();
        }
      }
      if (keptAt) {
        r.trail[keptAt - 1].kept = true;
        r.best = bestHere;
        r.bestScore = bestHereScore;
      }
    }
  }
  return r;
}

}  // namespace gotimers::metrics

// Judging a cost model against the calibration set (metrics/figure_set.h): each figure's
// simulated ns per op (median and range over seeds) beside the published one, each change the
// sources show with its simulated direction, and one score the fit minimises
// (docs/cost-model.md, "Calibration").
//
// Targets (issue 23): every change of more than kChangeMatters percent has the published
// direction, and at least kWithin2xShare of the figures lie within a factor kWithinFactor.
// Invariant: a FigureCheck holds one FigureRow per figure of its sets, in set then figure
// order, and one ChangeRow per figureChanges() entry of each set, in the same order.
#pragma once
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "metrics/figure_set.h"

namespace gotimers::metrics {

inline constexpr double kChangeMatters = 10;     // percent
inline constexpr double kWithinFactor = 2;       // simulated / published, either way
inline constexpr double kWithin2xShare = 0.75;   // of the figures
inline constexpr double kDirectionWeight = 1.0;  // score per share of wrong directions

struct FigureRow {
  size_t set = 0, figure = 0;
  double published = 0;      // the figure's ns per op
  std::vector<double> runs;  // simulated ns per op, one per seed
  double median = 0, min = 0, max = 0;
  double ratio() const;  // median / published
  bool within() const;   // within kWithinFactor either way
};

struct FigureChangeRow {
  size_t set = 0;
  FigureChange change;
  double published = 0, simulated = 0;  // percent, simulated from the medians
  bool unstable = false;                // either figure is unstable (FigureSet)
  bool matters() const;                 // |published| > kChangeMatters, and not unstable
  bool directionRight() const;          // same sign (a simulated 0 is wrong)
};

struct FigureCheck {
  const std::vector<FigureSet>* sets = nullptr;
  std::vector<FigureRow> figures;
  std::vector<FigureChangeRow> changes;
  int within() const;           // figures within kWithinFactor
  int changesMatter() const;    // changes of more than kChangeMatters percent
  int directionsRight() const;  // of those, with the published direction
  bool targetsMet() const;
  // Mean of ln(simulated / published)^2 over the figures, plus kDirectionWeight times the
  // share of the changes that matter with a wrong direction: 0 is a perfect fit, and a
  // factor 2 on every figure costs 0.48.
  double score() const;
};

// runsOf(set, figure): the simulated ns per op of that figure, one per seed (at least one).
FigureCheck checkFigures(
    const std::vector<FigureSet>& sets,
    const std::function<std::vector<double>(size_t set, size_t figure)>& runsOf);

// The report for people: per source, its figures (published, simulated median and range,
// ratio, within 2x) and its changes (published, simulated, direction), then the totals.
std::string formatFigureCheck(const FigureCheck& c, const std::string& settings);
// {"sets": [{"source", "file", "machine", "figures": [...], "changes": [...]}], "figures",
//  "within_2x", "changes_that_matter", "directions_right", "score", "targets_met"}
nlohmann::json figureCheckJson(const FigureCheck& c);

}  // namespace gotimers::metrics

#include "metrics/figure_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "metrics/format.h"

namespace gotimers::metrics {

double FigureRow::ratio() const {
  return median / published;
}

bool FigureRow::within() const {
  return ratio() <= kWithinFactor && ratio() >= 1 / kWithinFactor;
}

bool FigureChangeRow::matters() const {
  return !unstable && std::fabs(published) > kChangeMatters;
}

bool FigureChangeRow::directionRight() const {
  return (published > 0 && simulated > 0) || (published < 0 && simulated < 0);
}

int FigureCheck::within() const {
  return int(
      std::count_if(figures.begin(), figures.end(), [](const FigureRow& f) { return f.within(); }));
}

int FigureCheck::changesMatter() const {
  return int(std::count_if(changes.begin(), changes.end(),
                           [](const FigureChangeRow& c) { return c.matters(); }));
}

int FigureCheck::directionsRight() const {
  return int(std::count_if(changes.begin(), changes.end(), [](const FigureChangeRow& c) {
    return c.matters() && c.directionRight();
  }));
}

bool FigureCheck::targetsMet() const {
  return directionsRight() == changesMatter() &&
         within() >= kWithin2xShare * double(figures.size());
}

double FigureCheck::score() const {
  double sum = 0;
  for (const FigureRow& f : figures) {
    double l = std::log(f.ratio());
    sum += l * l;
  }
  double s = figures.empty() ? 0 : sum / double(figures.size());
  if (int n = changesMatter(); n > 0)
    s += kDirectionWeight * double(n - directionsRight()) / double(n);
  return s;
}

FigureCheck checkFigures(
    const std::vector<FigureSet>& sets,
    const std::function<std::vector<double>(size_t set, size_t figure)>& runsOf) {
  FigureCheck c;
  c.sets = &sets;
  for (size_t s = 0; s < sets.size(); s++) {
    std::vector<size_t> rowOf(sets[s].figures.size());
    for (size_t f = 0; f < sets[s].figures.size(); f++) {
      FigureRow row;
      row.set = s;
      row.figure = f;
      row.published = sets[s].figures[f].nsPerOp;
      row.runs = runsOf(s, f);
      row.median = medianOf(row.runs).value_or(0);
      row.min = *std::min_element(row.runs.begin(), row.runs.end());
      row.max = *std::max_element(row.runs.begin(), row.runs.end());
      rowOf[f] = c.figures.size();
      c.figures.push_back(std::move(row));
    }
    for (const FigureChange& ch : figureChanges(sets[s])) {
      const Figure& a = sets[s].figures[ch.from];
      const Figure& b = sets[s].figures[ch.to];
      double simA = c.figures[rowOf[ch.from]].median, simB = c.figures[rowOf[ch.to]].median;
      c.changes.push_back({s, ch, (b.nsPerOp - a.nsPerOp) * 100 / a.nsPerOp,
                           (simB - simA) * 100 / simA, a.unstable || b.unstable});
    }
  }
  return c;
}

namespace {

std::string ns(double v) {
  return formatValue(v, Unit::NsPerOp);
}

std::string changeText(double pct) {
  return fmt::format("{:+.0f}%", pct);
}

// "2 Ps" for a change between versions, "1->2 Ps" for one between GOMAXPROCS.
std::string changeProcs(const Figure& a, const Figure& b) {
  if (a.procs == b.procs) return std::to_string(a.procs);
  return fmt::format("{}->{}", a.procs, b.procs);
}

// Columns a UTF-8 name takes (its code points: "µ" is one).
size_t displayWidth(const std::string& s) {
  size_t n = 0;
  for (unsigned char ch : s)
    n += (ch & 0xC0) != 0x80;
  return n;
}

}  // namespace

std::string formatFigureCheck(const FigureCheck& c, const std::string& settings) {
  std::string out =
      fmt::format("Calibration set: {} figures from {} source{}\n{}\n", c.figures.size(),
                  c.sets->size(), c.sets->size() == 1 ? "" : "s", settings);
  for (size_t s = 0; s < c.sets->size(); s++) {
    const FigureSet& set = (*c.sets)[s];
    out += fmt::format("\n{} ({}): {}\n", set.source, set.file, set.machine);
    if (!set.program.empty())
      out += fmt::format("  Go's own benchmarks: {} (go test -bench NAME -benchtime {}); {}\n",
                         set.program, set.benchtime, set.metric);
    if (!set.unstableWhy.empty()) out += fmt::format("  unstable: {}\n", set.unstableWhy);
    // the benchmark column fits the longest name (sub-benchmark paths are long)
    size_t w = 22;
    for (const Figure& fig : set.figures)
      w = std::max(w, displayWidth(fig.goName));
    out += fmt::format("  {:<{}} {:<7} {:>3}  {:>9}  {:>9} {:>19}  {:>6}  {}\n", "benchmark", w,
                       "Go", "Ps", "published", "simulated", "(min-max)", "ratio", "within 2x");
    for (const FigureRow& f : c.figures) {
      if (f.set != s) continue;
      const Figure& fig = set.figures[f.figure];
      out += fmt::format("  {:<{}} {:<7} {:>3}  {:>9}  {:>9} {:>19}  {:>5.2f}x  {}\n", fig.goName,
                         w, fig.goVersion, fig.procs, ns(fig.nsPerOp), ns(f.median),
                         fmt::format("({}-{})", ns(f.min), ns(f.max)), f.ratio(),
                         f.within() ? "yes" : "NO");
    }
    bool any = false;
    for (const FigureChangeRow& ch : c.changes) {
      if (ch.set != s) continue;
      const Figure& a = set.figures[ch.change.from];
      const Figure& b = set.figures[ch.change.to];
      if (!any)
        out += fmt::format("  {:<{}} {:<15} {:>7}  {:>9}  {:>9}  {}\n", "change", w, "Go", "Ps",
                           "published", "simulated", "direction");
      any = true;
      std::string verdict = ch.unstable           ? "(unstable)"
                            : !ch.matters()       ? fmt::format("(within {:g}%)", kChangeMatters)
                            : ch.directionRight() ? "right"
                                                  : "WRONG";
      out += fmt::format(
          "  {:<{}} {:<15} {:>7}  {:>9}  {:>9}  {}\n", a.goName, w,
          a.goVersion == b.goVersion ? a.goVersion : a.goVersion + "->" + b.goVersion,
          changeProcs(a, b), changeText(ch.published), changeText(ch.simulated), verdict);
    }
  }
  out += fmt::format(
      "\n{} of {} figures within {:g}x (target {:g}%); {} of {} changes of more than {:g}% in the "
      "published direction (target all); score {:.3f}.\n",
      c.within(), c.figures.size(), kWithinFactor, kWithin2xShare * 100, c.directionsRight(),
      c.changesMatter(), kChangeMatters, c.score());
  return out;
}

nlohmann::json figureCheckJson(const FigureCheck& c) {
  nlohmann::json sets = nlohmann::json::array();
  for (size_t s = 0; s < c.sets->size(); s++) {
    const FigureSet& set = (*c.sets)[s];
    nlohmann::json figs = nlohmann::json::array(), changes = nlohmann::json::array();
    for (const FigureRow& f : c.figures) {
      if (f.set != s) continue;
      const Figure& fig = set.figures[f.figure];
      figs.push_back({{"benchmark", fig.goName},
                      {"scenario", set.program.empty() ? "benchmarks/" + fig.bench
                                                       : set.program + ":Benchmark" + fig.goName},
                      {"metric", set.metric},
                      {"go", fig.goVersion},
                      {"era", fig.era},
                      {"gomaxprocs", fig.procs},
                      {"published_ns_per_op", fig.nsPerOp},
                      {"simulated_ns_per_op", f.runs},
                      {"median", f.median},
                      {"min", f.min},
                      {"max", f.max},
                      {"ratio", f.ratio()},
                      {"within_2x", f.within()}});
    }
    for (const FigureChangeRow& ch : c.changes) {
      if (ch.set != s) continue;
      const Figure& a = set.figures[ch.change.from];
      const Figure& b = set.figures[ch.change.to];
      changes.push_back({{"benchmark", a.goName},
                         {"from", {{"go", a.goVersion}, {"gomaxprocs", a.procs}}},
                         {"to", {{"go", b.goVersion}, {"gomaxprocs", b.procs}}},
                         {"published_pct", ch.published},
                         {"simulated_pct", ch.simulated},
                         {"unstable", ch.unstable},
                         {"matters", ch.matters()},
                         {"direction_right", ch.directionRight()}});
    }
    sets.push_back({{"source", set.source},
                    {"file", set.file},
                    {"cite", set.cite},
                    {"machine", set.machine},
                    {"figures", std::move(figs)},
                    {"changes", std::move(changes)}});
  }
  return {{"sets", std::move(sets)},
          {"figures", c.figures.size()},
          {"within_2x", c.within()},
          {"changes_that_matter", c.changesMatter()},
          {"directions_right", c.directionsRight()},
          {"score", c.score()},
          {"targets_met", c.targetsMet()}};
}

}  // namespace gotimers::metrics

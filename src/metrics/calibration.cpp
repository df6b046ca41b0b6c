#include "metrics/calibration.h"

#include <fmt/format.h>

#include <cmath>

#include "metrics/format.h"

namespace gotimers::metrics {

const std::vector<PublishedRow>& cl34784() {
  // ../shared/reference/go-timer-eras.md §2.4 (CL 34784's commit message), ns per op.
  static const std::vector<PublishedRow> table = {
      {"after-func", "AfterFunc", 6.15e6, 6.07e6, 3.43e6, 3.56e6, 5.04e6, 2.36e6, 3.9, -53},
      {"after", "After", 6.54e6, 6.49e6, 3.68e6, 3.87e6, 6.66e6, 2.87e6, 5.1, -57},
      {"stop", "Stop", 698e3, 689e3, 729e3, 434e3, 837e3, 333e3, -40, -60},
      {"simultaneous-after-func", "SimultaneousAfterFunc", 694e3, 692e3, 714e3, 569e3, 782e3, 386e3,
       -20, -51},
      {"start-stop", "StartStop", 267e3, 274e3, 238e3, 140e3, 320e3, 125e3, -41, -61},
      {"reset", "Reset", 75.0e3, 77.5e3, 150e3, 40e3, 226e3, 33e3, -73, -85},
      {"sleep", "Sleep", 857e3, 878e3, 617e3, 585e3, 689e3, 465e3, -5, -33},
      {"ticker", "Ticker", 55.9e6, 55.9e6, 28.7e6, 28.1e6, 14.6e6, 13.6e6, -2, -7},
  };
  return table;
}

std::vector<CalibrationPoint> calibrationPoints() {
  std::vector<CalibrationPoint> pts;
  for (const PublishedRow& row : cl34784())
    for (int procs : {2, 4})
      for (const char* era : {"go1.9", "go1.13"})
        pts.push_back({row.bench, era, procs});
  pts.push_back({kCollapseBench, "go1.9", 1});
  pts.push_back({kCollapseBench, "go1.9", kCollapseProcs});
  return pts;
}

bool ChangeRow::inBand() const {
  return std::fabs(change() - publishedChange()) <= kBandPoints;
}

int CalibrationReport::changesInBand() const {
  int n = 0;
  for (const ChangeRow& c : changes)
    n += c.inBand() ? 1 : 0;
  return n;
}

CalibrationReport evaluateCalibration(
    const std::function<double(const CalibrationPoint&)>& nsPerOp) {
  CalibrationReport r;
  for (const PublishedRow& row : cl34784()) {
    for (int procs : {2, 4}) {
      ChangeRow c;
      c.published = &row;
      c.procs = procs;
      c.oldNs = nsPerOp({row.bench, "go1.9", procs});
      c.newNs = nsPerOp({row.bench, "go1.13", procs});
      r.changes.push_back(c);
    }
  }
  r.collapse1 = nsPerOp({kCollapseBench, "go1.9", 1});
  r.collapseN = nsPerOp({kCollapseBench, "go1.9", kCollapseProcs});
  return r;
}

std::string formatCalibration(const CalibrationReport& r, const std::string& settings) {
  std::string out = fmt::format(
      "Calibration: go1.9 -> go1.13 here against CL 34784's Go 1.9 -> Go 1.10 (linux/amd64, "
      "January 2017)\n{}\n\n",
      settings);
  out += fmt::format("{:<25}  {:<27}  {}\n", "", "simulated, per op", "CL 34784, per op");
  out += fmt::format("{:<22} {:>2}  {:>9} {:>9} {:>7}  {:>9} {:>9} {:>9}  {}\n", "benchmark", "Ps",
                     "go1.9", "go1.13", "change", "Go 1.9", "Go 1.10", "change",
                     fmt::format("within {:g} points", kBandPoints));
  for (const ChangeRow& c : r.changes) {
    const PublishedRow& p = *c.published;
    double off = c.change() - c.publishedChange();
    out += fmt::format(
        "{:<22} {:>2}  {:>9} {:>9} {:>+6.0f}%  {:>9} {:>9} {:>+8.1f}%  {}\n", p.goName, c.procs,
        formatValue(c.oldNs, Unit::NsPerOp), formatValue(c.newNs, Unit::NsPerOp), c.change(),
        formatValue(p.oldNs(c.procs), Unit::NsPerOp), formatValue(p.newNs(c.procs), Unit::NsPerOp),
        c.publishedChange(), c.inBand() ? "yes" : fmt::format("NO ({:+.0f} points)", off));
  }
  out += fmt::format(
      "\n#6239: go1.9 StartStop {} per op at 1 P, {} at {} Ps: {:.2f}x (published: 214 -> 804 "
      "ns per start+stop, 3.76x; at least {:g}x)  {}\n",
      formatValue(r.collapse1, Unit::NsPerOp), formatValue(r.collapseN, Unit::NsPerOp),
      kCollapseProcs, r.collapseRatio(), kCollapseRatio, r.collapseHolds() ? "yes" : "NO");
  out += fmt::format("\n{} of {} changes within {:g} points; the #6239 collapse {}.\n",
                     r.changesInBand(), r.changes.size(), kBandPoints,
                     r.collapseHolds() ? "holds" : "does not hold");
  return out;
}

nlohmann::json calibrationJson(const CalibrationReport& r, const nlohmann::json& extra) {
  nlohmann::json j = {{"schema", "gotimers-calibrate"}, {"version", 1}};
  j.update(extra);
  j["band_points"] = kBandPoints;
  nlohmann::json changes = nlohmann::json::array();
  for (const ChangeRow& c : r.changes) {
    const PublishedRow& p = *c.published;
    changes.push_back({{"benchmark", p.goName},
                       {"scenario", std::string("benchmarks/") + p.bench},
                       {"gomaxprocs", c.procs},
                       {"go1.9_ns_per_op", c.oldNs},
                       {"go1.13_ns_per_op", c.newNs},
                       {"change_pct", c.change()},
                       {"published_go1.9_ns_per_op", p.oldNs(c.procs)},
                       {"published_go1.10_ns_per_op", p.newNs(c.procs)},
                       {"published_change_pct", c.publishedChange()},
                       {"in_band", c.inBand()}});
  }
  j["changes"] = std::move(changes);
  j["collapse"] = {{"scenario", std::string("benchmarks/") + kCollapseBench},
                   {"gomaxprocs", kCollapseProcs},
                   {"ns_per_op_1", r.collapse1},
                   {"ns_per_op_n", r.collapseN},
                   {"ratio", r.collapseRatio()},
                   {"at_least", kCollapseRatio},
                   {"holds", r.collapseHolds()}};
  j["changes_in_band"] = r.changesInBand();
  j["all_met"] = r.allMet();
  return j;
}

}  // namespace gotimers::metrics

#include "metrics/calibration.h"

#include <fmt/format.h>

#include <cmath>

#include "metrics/format.h"

namespace gotimers::metrics {

const std::vector<std::pair<std::string, std::string>>& calibrationBenchmarks() {
  static const std::vector<std::pair<std::string, std::string>> list = {
      {"AfterFunc", "after-func"},
      {"After", "after"},
      {"Stop", "stop"},
      {"SimultaneousAfterFunc", "simultaneous-after-func"},
      {"StartStop", "start-stop"},
      {"Reset", "reset"},
      {"Sleep", "sleep"},
      {"Ticker", "ticker"},
  };
  return list;
}

const std::string* benchmarkScenario(const std::string& goName) {
  for (const auto& [name, scenario] : calibrationBenchmarks())
    if (name == goName) return &scenario;
  return nullptr;
}

std::string calibrationBenchmarkNames() {
  std::string out;
  for (const auto& [name, scenario] : calibrationBenchmarks())
    out += (out.empty() ? "" : ", ") + name;
  return out;
}

const Reference& cl34784() {
  // ../shared/reference/go-timer-eras.md §2.4 (CL 34784's commit message): ns per op at
  // GOMAXPROCS 2 and 4, old and new, and the change the CL prints.
  struct Row {
    const char* goName;
    double old2, new2, change2, old4, new4, change4;
  };
  static const Row rows[] = {
      {"AfterFunc", 3.43e6, 3.56e6, 3.9, 5.04e6, 2.36e6, -53},
      {"After", 3.68e6, 3.87e6, 5.1, 6.66e6, 2.87e6, -57},
      {"Stop", 729e3, 434e3, -40, 837e3, 333e3, -60},
      {"SimultaneousAfterFunc", 714e3, 569e3, -20, 782e3, 386e3, -51},
      {"StartStop", 238e3, 140e3, -41, 320e3, 125e3, -61},
      {"Reset", 150e3, 40e3, -73, 226e3, 33e3, -85},
      {"Sleep", 617e3, 585e3, -5, 689e3, 465e3, -33},
      {"Ticker", 28.7e6, 28.1e6, -2, 14.6e6, 13.6e6, -7},
  };
  static const Reference ref = [] {
    Reference r;
    r.title = "CL 34784's Go 1.9 -> Go 1.10 (linux/amd64, January 2017)";
    for (const Row& row : rows) {
      const std::string bench = *benchmarkScenario(row.goName);
      r.changes.push_back({bench, row.goName, 2, row.old2, row.new2, row.change2});
      r.changes.push_back({bench, row.goName, 4, row.old4, row.new4, row.change4});
    }
    return r;
  }();
  return ref;
}

std::vector<CalibrationPoint> calibrationPoints(const Reference& ref) {
  std::vector<CalibrationPoint> pts;
  for (const PublishedChange& c : ref.changes)
    for (const char* era : {"go1.9", "go1.13"})
      pts.push_back({c.bench, era, c.procs});
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

CalibrationReport evaluateCalibration(const std::function<double(const CalibrationPoint&)>& nsPerOp,
                                      const Reference& ref) {
  CalibrationReport r;
  r.reference = &ref;
  for (const PublishedChange& p : ref.changes) {
    ChangeRow c;
    c.published = &p;
    c.oldNs = nsPerOp({p.bench, "go1.9", p.procs});
    c.newNs = nsPerOp({p.bench, "go1.13", p.procs});
    r.changes.push_back(c);
  }
  r.collapse1 = nsPerOp({kCollapseBench, "go1.9", 1});
  r.collapseN = nsPerOp({kCollapseBench, "go1.9", kCollapseProcs});
  return r;
}

std::string formatCalibration(const CalibrationReport& r, const std::string& settings) {
  const Reference& ref = *r.reference;
  std::string out =
      fmt::format("Calibration: go1.9 -> go1.13 here against {}\n{}\n\n", ref.title, settings);
  out += fmt::format("{:<25}  {:<27}  {}\n", "", "simulated, per op", "reference, per op");
  out += fmt::format("{:<22} {:>2}  {:>9} {:>9} {:>7}  {:>9} {:>9} {:>9}  {}\n", "benchmark", "Ps",
                     "go1.9", "go1.13", "change", ref.oldName, ref.newName, "change",
                     fmt::format("within {:g} points", kBandPoints));
  for (const ChangeRow& c : r.changes) {
    const PublishedChange& p = *c.published;
    double off = c.change() - c.publishedChange();
    out += fmt::format(
        "{:<22} {:>2}  {:>9} {:>9} {:>+6.0f}%  {:>9} {:>9} {:>+8.1f}%  {}\n", p.goName, c.procs(),
        formatValue(c.oldNs, Unit::NsPerOp), formatValue(c.newNs, Unit::NsPerOp), c.change(),
        formatValue(p.oldNs, Unit::NsPerOp), formatValue(p.newNs, Unit::NsPerOp),
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
  if (extra.is_object()) j.update(extra);
  j["reference"] = {
      {"title", r.reference->title}, {"old", r.reference->oldName}, {"new", r.reference->newName}};
  j["band_points"] = kBandPoints;
  nlohmann::json changes = nlohmann::json::array();
  for (const ChangeRow& c : r.changes) {
    const PublishedChange& p = *c.published;
    changes.push_back({{"benchmark", p.goName},
                       {"scenario", "benchmarks/" + p.bench},
                       {"gomaxprocs", c.procs()},
                       {"go1.9_ns_per_op", c.oldNs},
                       {"go1.13_ns_per_op", c.newNs},
                       {"change_pct", c.change()},
                       {"reference_old_ns_per_op", p.oldNs},
                       {"reference_new_ns_per_op", p.newNs},
                       {"reference_change_pct", c.publishedChange()},
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

// The cost model's calibration targets and how a set of runs meets them (docs/cost-model.md,
// "Calibration"); `gotimers calibrate` and tests/unit/test_calibration.cpp share them.
//
// Targets (../shared/reference/go-timer-eras.md):
//  - CL 34784's table (§2.4: Go 1.9 -> Go 1.10 on linux/amd64, January 2017): at GOMAXPROCS
//    2 and 4, the simulated change from go1.9 to go1.13 (the era of Go 1.10's buckets) lies
//    within kBandPoints percentage points of the published change;
//  - #6239 (§8): go1.9's StartStop per op at 8 Ps costs at least kCollapseRatio times its
//    1-P cost.
// Invariant: a report holds one ChangeRow per (benchmark, GOMAXPROCS) in the table's order,
// 2 Ps before 4, and every figure comes from nsPerOp of the points calibrationPoints() lists.
#pragma once
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace gotimers::metrics {

// One row of CL 34784's table: ns per benchmark op (1000 timer operations) for Go 1.9 and
// Go 1.10 at GOMAXPROCS 1, 2 and 4, and the changes at 2 and 4 Ps in percent as the CL
// prints them (benchstat's, from unrounded figures).
struct PublishedRow {
  const char* bench;   // the scenario, scenarios/benchmarks/<bench>.json
  const char* goName;  // Go's benchmark (src/time/sleep_test.go)
  double old1, new1, old2, new2, old4, new4;
  double change2, change4;
  double change(int procs) const { return procs == 2 ? change2 : change4; }
  double oldNs(int procs) const { return procs == 2 ? old2 : old4; }
  double newNs(int procs) const { return procs == 2 ? new2 : new4; }
};
// CL 34784's table, in its order.
const std::vector<PublishedRow>& cl34784();

inline constexpr double kBandPoints = 15;
inline constexpr double kCollapseRatio = 3;
inline constexpr int kCollapseProcs = 8;
inline constexpr const char* kCollapseBench = "start-stop";

// A run the calibration needs: benchmark, era ("go1.9" or "go1.13") and GOMAXPROCS.
struct CalibrationPoint {
  std::string bench;
  std::string era;
  int procs = 1;
};
// Every point, each once: the table's benchmarks on both eras at 2 and 4 Ps, then go1.9's
// StartStop at 1 and 8 Ps.
std::vector<CalibrationPoint> calibrationPoints();

struct ChangeRow {
  const PublishedRow* published = nullptr;
  int procs = 2;
  double oldNs = 0, newNs = 0;  // simulated ns/op on go1.9 and go1.13
  double change() const { return (newNs - oldNs) * 100 / oldNs; }  // percent
  double publishedChange() const { return published->change(procs); }
  bool inBand() const;
};

struct CalibrationReport {
  std::vector<ChangeRow> changes;
  double collapse1 = 0, collapseN = 0;  // go1.9 StartStop ns/op at 1 and kCollapseProcs Ps
  double collapseRatio() const { return collapseN / collapse1; }
  bool collapseHolds() const { return collapseRatio() >= kCollapseRatio; }
  int changesInBand() const;
  bool allMet() const { return collapseHolds() && changesInBand() == int(changes.size()); }
};

// The report from the ns/op of each point; nsPerOp is called once per calibrationPoints() entry.
CalibrationReport evaluateCalibration(
    const std::function<double(const CalibrationPoint&)>& nsPerOp);

// The report for people: one line per change (simulated and published), the collapse and a
// verdict. `settings` describes the runs (Ops, cost model) for the heading.
std::string formatCalibration(const CalibrationReport& r, const std::string& settings);

// {"schema": "gotimers-calibrate", "version": 1, "band_points", "changes": [...],
//  "collapse": {...}, "changes_in_band", "all_met"} plus what `extra` holds.
nlohmann::json calibrationJson(const CalibrationReport& r, const nlohmann::json& extra);

}  // namespace gotimers::metrics

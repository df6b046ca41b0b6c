// The cost model's calibration targets and how a set of runs meets them (docs/cost-model.md,
// "Calibration"); `gotimers calibrate` and tests/unit/test_calibration.cpp share them.
//
// Targets (../shared/reference/go-timer-eras.md):
//  - a reference's old -> new changes at GOMAXPROCS 2 and 4: by default CL 34784's table
//    (§2.4: Go 1.9 -> Go 1.10 on linux/amd64, January 2017), or real Go measured on another
//    machine (metrics/reference_file.h). The simulated change from go1.9 to go1.13 (the era
//    of Go 1.10's buckets) must lie within kBandPoints percentage points of it;
//  - #6239 (§8): go1.9's StartStop per op at 8 Ps costs at least kCollapseRatio times its
//    1-P cost.
// Invariant: a report holds one ChangeRow per change of its reference, in the reference's
// order, and every figure comes from nsPerOp of the points calibrationPoints() lists.
#pragma once
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace gotimers::metrics {

// One measured change: ns per benchmark op (1000 timer operations) with the old and the new
// Go at GOMAXPROCS `procs` (2 or 4), and the change in percent. CL 34784's changes are the
// ones it prints (benchstat's, from unrounded figures); a measured reference's are computed.
struct PublishedChange {
  std::string bench;   // the scenario, scenarios/benchmarks/<bench>.json
  std::string goName;  // Go's benchmark (src/time/sleep_test.go, tick_test.go)
  int procs = 2;
  double oldNs = 0, newNs = 0;
  double change = 0;
};

struct Reference {
  std::string title;  // for the report's first line
  std::string oldName = "Go 1.9", newName = "Go 1.10";
  std::vector<PublishedChange> changes;  // benchmark by benchmark, 2 Ps before 4
};

// CL 34784's table at 2 and 4 Ps, in its order.
const Reference& cl34784();

// The benchmarks calibrate knows: Go's name and the scenario that mirrors it, in CL 34784's
// order. nullptr if goName is not one of them.
const std::vector<std::pair<std::string, std::string>>& calibrationBenchmarks();
const std::string* benchmarkScenario(const std::string& goName);
// Their Go names, comma-separated, for messages.
std::string calibrationBenchmarkNames();

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
// Every point, each once: each change's benchmark on both eras at its GOMAXPROCS, then go1.9's
// StartStop at 1 and kCollapseProcs Ps.
std::vector<CalibrationPoint> calibrationPoints(const Reference& ref = cl34784());

struct ChangeRow {
  const PublishedChange* published = nullptr;
  double oldNs = 0, newNs = 0;  // simulated ns/op on go1.9 and go1.13, at published->procs
  int procs() const { return published->procs; }
  double change() const { return (newNs - oldNs) * 100 / oldNs; }  // percent
  double publishedChange() const { return published->change; }
  bool inBand() const;
};

struct CalibrationReport {
  const Reference* reference = nullptr;
  std::vector<ChangeRow> changes;
  double collapse1 = 0, collapseN = 0;  // go1.9 StartStop ns/op at 1 and kCollapseProcs Ps
  double collapseRatio() const { return collapseN / collapse1; }
  bool collapseHolds() const { return collapseRatio() >= kCollapseRatio; }
  int changesInBand() const;
  bool allMet() const { return collapseHolds() && changesInBand() == int(changes.size()); }
};

// The report from the ns/op of each point; nsPerOp is called once per calibrationPoints()
// entry. The report refers to ref, which must outlive it.
CalibrationReport evaluateCalibration(const std::function<double(const CalibrationPoint&)>& nsPerOp,
                                      const Reference& ref = cl34784());

// The report for people: one line per change (simulated and reference), the collapse and a
// verdict. `settings` describes the runs (Ops, cost model) for the heading.
std::string formatCalibration(const CalibrationReport& r, const std::string& settings);

// {"schema": "gotimers-calibrate", "version": 1, "reference", "band_points", "changes": [...],
//  "collapse": {...}, "changes_in_band", "all_met"} plus what `extra` holds.
nlohmann::json calibrationJson(const CalibrationReport& r, const nlohmann::json& extra);

}  // namespace gotimers::metrics

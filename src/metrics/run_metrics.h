// RunMetrics: the one summary of a run that compare, sweep and their outputs share.
//
// metricDefs() is the stable, ordered list of named metrics with units; RunMetrics::values is
// parallel to it (std::nullopt: not defined for this run, e.g. ns/op of a scenario without a
// b.ResetTimer..b.StopTimer region). Per-lock, per-heap and per-P details ride along for the
// JSON outputs. New metrics are appended to a group, never renamed: names are the CSV columns
// and JSON keys users script against (docs/compare.md lists them).
#pragma once
#include <array>
#include <compare>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/collector.h"
#include "scenario/interpreter.h"

namespace gotimers::metrics {

enum class Unit { Count, Ns, NsPerOp, Ratio };
const char* unitName(Unit u);  // "count", "ns", "ns/op", "ratio"

struct MetricDef {
  std::string name;
  Unit unit;
  std::string group;
  std::string help;
  std::string label = {};  // a short axis label; empty: help, without an "eraX+: " prefix
  std::string axisLabel() const;
};
// Every metric, in table order.
const std::vector<MetricDef>& metricDefs();
// Index into metricDefs(), or -1.
int metricIndex(std::string_view name);
// Every metric's name, in table order (for did-you-mean).
std::vector<std::string> metricNames();
// The groups of metricDefs(), in table order, each once.
std::vector<std::string> metricGroups();

// Which run: the grid coordinates of compare and sweep.
struct RunKey {
  std::string scenario;  // as named on the command line or in the sweep (e.g. benchmarks/sleep)
  std::string era;
  int procs = 1;
  uint64_t seed = 1;
  bool operator==(const RunKey&) const = default;
};

struct LockMetrics {
  std::string name;
  uint64_t acquisitions = 0;
  uint64_t contended = 0;
  std::array<uint64_t, 4> byPhase{};  // cas, active_spin, passive_spin, futex_sleep
  uint64_t futexWakes = 0;
  int64_t waitTotal = 0, waitP50 = 0, waitP99 = 0, waitMax = 0;  // contended acquisitions
  int64_t holdTotal = 0, holdMax = 0;
};

struct HeapMetrics {
  int id = 0;
  uint64_t pushes = 0, removes = 0, siftSteps = 0;
  int64_t peak = 0, final = 0;
};

struct RunMetrics {
  RunKey key;
  std::string exit;    // metrics::exitKindName, or "skipped" (the scenario needs a newer Go)
  int exitCode = 0;    // ScenarioResult::exitCode
  std::string inputs;  // hash of what determines the result (sweep resume checks it)
  std::vector<std::optional<double>> values;  // parallel to metricDefs()
  std::vector<LockMetrics> locks;             // in creation order; sched.lock first
  std::vector<HeapMetrics> heaps;             // heaps that ever held a timer, by id
  std::vector<int64_t> timerCpuPerP;          // go1.14+: virtual ns in timer code per P

  std::optional<double> value(std::string_view name) const;
  bool skipped() const { return exit == "skipped"; }
};

// The summary of a finished run: events from the collector, counters from the result.
RunMetrics summarize(const RunKey& key, const Collector& c, const scenario::ScenarioResult& r);
// A run that was not run because the scenario needs a newer Go than the era.
RunMetrics skippedRun(const RunKey& key);

// Where the event view and the counters (rt::Metrics, rt::LockStats) both measure something,
// the differences, one line each ("heap pushes: events 10, counter 11"); empty when they agree.
std::vector<std::string> crossCheck(const Collector& c, const go::ProgramResult& r);

nlohmann::json toJson(const RunMetrics& m);
// Parses toJson's form; throws std::runtime_error naming the missing or malformed field.
RunMetrics fromJson(const nlohmann::json& j);

}  // namespace gotimers::metrics

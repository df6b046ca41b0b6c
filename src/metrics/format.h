// The comparison views of a set of runs: the text table, CSV and JSON that `compare` writes
// and `sweep` reuses. Every view lists runs and metrics in the order given, so equal inputs
// give byte-identical outputs.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "metrics/run_metrics.h"

namespace gotimers::metrics {

// A value for people: durations as Go prints them with 3-4 significant digits ("1.25ms"),
// counts as integers ("12345", "1.23M" from ten million), ratios with 2 decimals; "-" for none.
std::string formatValue(std::optional<double> v, Unit u);

// The median of v (the mean of the middle two for an even count); none for an empty v.
std::optional<double> medianOf(std::vector<double> v);

// One grid point's value of a metric over its seeds: the median of the runs that have one (the
// mean of the middle two for an even count), and the farthest of them from it, relative to it.
struct PointValue {
  std::optional<double> median;
  std::optional<double> min, max;  // over the seeds that have a value
  double spread = 0;               // max |v - median| / median; 0 for one run or a zero median
  size_t runs = 0;                 // the point's runs that ran (skipped ones left out)
  bool skipped = false;            // every run of the point was skipped (minGo)
};
// A median as the tables print it: the value, and " ±N%" when the seeds spread by half a
// percent or more (spread as PointValue::spread, a fraction).
std::string medianText(std::optional<double> median, double spread, Unit unit);
// With scenario, only that scenario's runs (a sweep's runs hold several).
PointValue pointValue(const std::vector<RunMetrics>& runs, const std::string& era, int procs,
                      size_t metric, const std::string* scenario = nullptr);

// wide: one table, a column group per GOMAXPROCS; long: one table per GOMAXPROCS (its eras
// split over several when they do not fit `width` either); auto: wide when it fits `width`.
enum class Layout { Auto, Wide, Long };

struct TableOptions {
  std::vector<std::string> metrics;  // rows to show (empty: all that are non-zero somewhere)
  Layout layout = Layout::Wide;
  size_t width = 100;  // terminal columns, for auto and long
};

// Rows: metrics; columns: GOMAXPROCS x era (the eras of one GOMAXPROCS side by side), each
// later era's cell followed by its ratio to the first era's value ("0.45x"). runs must hold
// one run per (era, procs) of the grid; missing ones print as "-".
std::string compareTable(const std::string& scenario, const std::vector<std::string>& eras,
                         const std::vector<int>& procs, const std::vector<RunMetrics>& runs,
                         const TableOptions& opt = {});

// The sweep summary: one metric, rows scenario x era, columns GOMAXPROCS; with several seeds
// a cell is the median over the seeds that have a value, with ± the farthest (as compare's).
// Columns that do not fit `width` go on to a further table below (the scenario and era columns
// again).
std::string sweepTable(const std::vector<RunMetrics>& runs,
                       const std::vector<std::string>& scenarios,
                       const std::vector<std::string>& eras, const std::vector<int>& procs,
                       const std::string& metric, size_t width = 100);

// The runs of one era in Go's benchmark format (golang.org/design/14313-benchmark-data-format),
// for benchstat: config lines (goos, goarch, pkg, era), then a line per run with a benchmark
// region, in GOMAXPROCS then seed order: "BenchmarkStop-4  4  757123 ns/op  9876 lock-wait-ns/op"
// (name: the scenario's, "Benchmark" prefixed when it lacks one; -N: GOMAXPROCS; N: b.N;
// lock-wait-ns/op: the timer locks' total wait over b.N). Empty when no run has ns_per_op.
std::string toBenchfmt(const std::vector<RunMetrics>& runs, const std::string& era,
                       const std::string& scenarioName);

// One row per run: scenario, era, gomaxprocs, seed, exit, exit_code, then one column per metric
// (metricDefs order; empty cell when undefined). Numbers are plain (ns, counts), no units.
std::string toCsv(const std::vector<RunMetrics>& runs);

// {"schema": "gotimers-compare", "version": 1, "metrics": [{name, unit, group, help}],
//  "runs": [toJson(run)...]} plus whatever `extra` holds (scenario, eras, procs, ...).
nlohmann::json toCompareJson(const std::vector<RunMetrics>& runs, const nlohmann::json& extra);

inline constexpr int kCompareSchemaVersion = 1;

}  // namespace gotimers::metrics

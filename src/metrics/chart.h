// A small SVG line chart: one line per series over a numeric x axis, with "nice" axis ticks
// (1, 2, 2.5, 5 x 10^k), unit-aware tick labels, a legend, a title and an optional log scale.
// `compare --chart` draws one metric over GOMAXPROCS with one line per era; the .html form
// embeds the same SVG with a table of the plotted numbers.
//
// Output structure (tests and stylesheets rely on it): <text class="title">, <text
// class="subtitle">, <g class="x-axis"> and <g class="y-axis"> with one <g class="tick"> per
// tick and a <text class="axis-label">, one <g class="series" data-name=NAME> per series
// holding exactly one <polyline> and a marker per point, and <g class="legend"> with one
// <g class="legend-entry"> per series, in series order.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "metrics/run_metrics.h"

namespace gotimers::metrics {

struct ChartSeries {
  std::string name;
  std::vector<std::pair<double, std::optional<double>>> points;  // x, y (nullopt: no value)
  // per point, the lowest and highest seed's value (drawn as a band where they differ); empty,
  // or one per point (nullopt: no value)
  std::vector<std::optional<std::pair<double, double>>> range;
};

struct ChartSpec {
  std::string title;
  std::string subtitle;
  std::string xLabel;  // e.g. "GOMAXPROCS"
  std::string yLabel;  // e.g. "virtual time per benchmark op"; the unit is appended
  Unit yUnit = Unit::Count;
  bool logX = false;  // base 2 (GOMAXPROCS doubles)
  bool logY = false;  // base 10
  std::vector<ChartSeries> series;
  int width = 900;
  int height = 560;
};

// The compare chart: `metric` over GOMAXPROCS, one series per era (runs: one or more seeds per
// era x procs; a point is their median). The x axis is log2 when every GOMAXPROCS is a power
// of two spanning a factor of 8 or more.
ChartSpec compareChart(const std::string& scenarioName, const std::string& scenarioId,
                       const std::vector<uint64_t>& seeds, const std::vector<std::string>& eras,
                       const std::vector<int>& procs, const std::vector<RunMetrics>& runs,
                       const std::string& metric, bool logY);

// With logY, the points a log scale cannot draw (a value <= 0), per series that has any:
// "go1.14 at GOMAXPROCS 1, 2", or "go1.14 (every point)". renderSvg writes this under the
// subtitle and marks the legend entry of a series with nothing drawn; empty without logY.
std::vector<std::string> logYOmissions(const ChartSpec& spec);

// The metric a chart shows when none is asked for: Go's own latency benchmarks run with
// --bench chart what they report (avg_late_ns); a latency benchmark scenario (Go names them
// ...Latency: BenchmarkParallelTimerLatency, BenchmarkStaggeredTickerLatency) charts its
// timers' lateness (lateness_p99_ns), other benchmarks ns_per_op, anything else lateness.
std::string defaultChartMetric(const std::string& scenarioName,
                               const std::vector<RunMetrics>& runs);

// Heckbert's nice numbers: about `target` round ticks covering [lo, hi].
std::vector<double> niceTicks(double lo, double hi, int target = 6);

std::string renderSvg(const ChartSpec& spec);
// A self-contained HTML page: the SVG, then a table of every plotted value.
std::string renderHtml(const ChartSpec& spec, const std::string& note);

}  // namespace gotimers::metrics

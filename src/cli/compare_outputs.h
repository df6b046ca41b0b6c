// What compare and sweep share on the command line: GOMAXPROCS and metric lists, and the
// --csv / --json / --chart outputs (each written atomically through io::writeFileAtomic).
#pragma once
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "cli/common.h"
#include "metrics/format.h"
#include "metrics/grid.h"
#include "metrics/run_metrics.h"

namespace gotimers::cli {

struct OutputArgs {
  std::string csv, json, chart;
  std::string benchfmt;     // a directory: one Go benchmark-format file per era, for benchstat
  std::string chartMetric;  // default: metrics::defaultChartMetric
  bool logY = false;
};

// --csv and --json; withChart adds --chart, --chart-metric and --log-y.
void addOutputOptions(CLI::App* c, OutputArgs& a, bool withChart);
// Checks --chart's extension and --chart-metric's name; prints a message and returns false.
bool checkOutputArgs(const OutputArgs& a);

// "1,2,4,8" / "1..16" -> GOMAXPROCS values (1-256); prints a message and returns false.
bool parseProcs(const std::string& arg, const std::string& flag, std::vector<int>* out);
// The options of a command that runs one scenario on a grid (compare, report): the scenario
// options of `run`, --procs as a list of GOMAXPROCS values and --eras.
void addGridOptions(CLI::App* c, ScenarioArgs& scenario, std::string& eras, std::string& procs);
// The exit statuses such a command documents in its --help footer.
inline constexpr const char* kGridExitStatus =
    "Exit status: 0 ok, 1 an expectation failed in some run, 2 bad input, 3 a limit was hit,\n"
    "130 interrupted (Ctrl-C).";
// Runs every key of a grid in parallel (jobs 0: the machine's threads), in key order.
std::vector<metrics::RunMetrics> runGrid(const metrics::ScenarioInput& in,
                                         const std::vector<metrics::RunKey>& keys,
                                         const metrics::RunSettings& set, int jobs);

// --layout and --width: how compare's table fits the terminal (metrics::Layout).
struct TableLayoutArgs {
  std::string layout = "auto";
  size_t width = 0;  // 0: $COLUMNS, else the terminal's width when stdout is one, else 100
};
void addTableLayoutOptions(CLI::App* c, TableLayoutArgs& a);
// Fills opt's layout and width; prints a message and returns false.
bool tableLayoutFromArgs(const TableLayoutArgs& a, metrics::TableOptions* opt);

// "FLAG NAME: no such metric (did you mean ...?); gotimers metrics lists them".
std::string unknownMetric(const std::string& flag, const std::string& name);
// Comma-separated metric names, each checked; prints a message and returns false.
bool parseMetricList(const std::string& arg, const std::string& flag,
                     std::vector<std::string>* out);

struct OutputContext {
  std::string scenarioName;  // for the chart title
  std::string scenarioId;
  std::vector<std::string> eras;
  std::vector<int> procs;
  std::vector<uint64_t> seeds = {1};
};

// Writes the outputs asked for; prints a message and returns false when a file can't be written.
bool writeOutputs(const OutputArgs& a, const OutputContext& ctx,
                  const std::vector<metrics::RunMetrics>& runs);

}  // namespace gotimers::cli

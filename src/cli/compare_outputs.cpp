#include "cli/compare_outputs.h"

#include <fmt/format.h>

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "cli/cli.h"
#include "eras/registry.h"
#include "io/atomic_file.h"
#include "io/suggest.h"
#include "metrics/chart.h"
#include "metrics/format.h"
#include "metrics/grid.h"

namespace gotimers::cli {

namespace {

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string metricNamesHint() {
  return "gotimers metrics lists them";
}

}  // namespace

void addGridOptions(CLI::App* c, ScenarioArgs& scenario, std::string& eras, std::string& procs) {
  addScenarioOptions(c, scenario);
  c->remove_option(c->get_option("--procs"));
  c->add_option("--procs", procs, "GOMAXPROCS values: a list and/or ranges, e.g. 1,2,4,8 or 1..16")
      ->capture_default_str();
  c->add_option("--eras,--era", eras,
                "Eras: a comma-separated list of " + eras::eraNames() + ", or all")
      ->capture_default_str();
}

std::vector<metrics::RunMetrics> runGrid(const metrics::ScenarioInput& in,
                                         const std::vector<metrics::RunKey>& keys,
                                         const metrics::RunSettings& set, int jobs) {
  std::vector<metrics::RunMetrics> runs(keys.size());
  metrics::runParallel(
      keys.size(), jobs > 0 ? jobs : metrics::defaultJobs(),
      [&](size_t i) { return metrics::runPoint(in, keys[i], set); },
      [&](size_t i, metrics::RunMetrics&& m) { runs[i] = std::move(m); });
  return runs;
}

void addTableLayoutOptions(CLI::App* c, TableLayoutArgs& a) {
  c->add_option("--layout", a.layout,
                "Table layout: wide (a column group per GOMAXPROCS), long (a table per "
                "GOMAXPROCS), or auto (wide when it fits the width)")
      ->check(CLI::IsMember({"auto", "wide", "long"}))
      ->capture_default_str();
  c->add_option("--width", a.width,
                "Columns the table should fit (default: $COLUMNS, else the terminal's width, "
                "else 100)")
      ->check(CLI::Range(40, 10000));
}

bool tableLayoutFromArgs(const TableLayoutArgs& a, metrics::TableOptions* opt) {
  opt->layout = a.layout == "wide"   ? metrics::Layout::Wide
                : a.layout == "long" ? metrics::Layout::Long
                                     : metrics::Layout::Auto;
  opt->width = a.width;
  if (opt->width == 0) {
    const char* env = std::getenv("COLUMNS");
    if (env && *env) {
      char* end = nullptr;
      unsigned long v = std::strtoul(env, &end, 10);
      if (*end != '\0' || v < 40 || v > 10000) {
        badInput(fmt::format("COLUMNS={}: expected a terminal width from 40 to 10000", env));
        return false;
      }
      opt->width = v;
    }
  }
  if (opt->width == 0) {
    winsize ws{};
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
      opt->width = ws.ws_col;
  }
  if (opt->width == 0) opt->width = 100;
  return true;
}

std::string unknownMetric(const std::string& flag, const std::string& name) {
  return fmt::format("{} {}: no such metric{}; {}", flag, name,
                     io::didYouMean(name, metrics::metricNames()), metricNamesHint());
}

void addOutputOptions(CLI::App* c, OutputArgs& a, bool withChart) {
  c->add_option("--csv", a.csv, "Write one CSV row per run (every metric) to FILE");
  c->add_option("--json", a.json, "Write every run's metrics, locks and heaps as JSON to FILE");
  c->add_option("--benchfmt", a.benchfmt,
                "Write DIR/ERA.txt per era in Go's benchmark format (a line per GOMAXPROCS and "
                "seed), for benchstat DIR/go1.9.txt DIR/go1.14.txt");
  if (!withChart) return;
  c->add_option("--chart", a.chart,
                "Draw one metric over GOMAXPROCS, a line per era: FILE.svg, or FILE.html (the "
                "SVG with a table of its numbers)");
  c->add_option("--chart-metric", a.chartMetric,
                "The metric --chart draws (default: ns_per_op for benchmarks, "
                "lateness_p99_ns for latency benchmarks (Go's ...Latency) and the rest)");
  c->add_flag("--log-y", a.logY, "--chart: logarithmic y axis");
}

bool checkOutputArgs(const OutputArgs& a) {
  if (!a.chart.empty() && !endsWith(a.chart, ".svg") && !endsWith(a.chart, ".html")) {
    badInput(fmt::format("--chart {}: expected a file name ending in .svg or .html", a.chart));
    return false;
  }
  if (!a.chartMetric.empty() && metrics::metricIndex(a.chartMetric) < 0) {
    badInput(unknownMetric("--chart-metric", a.chartMetric));
    return false;
  }
  return true;
}

bool parseProcs(const std::string& arg, const std::string& flag, std::vector<int>* out) {
  std::vector<int64_t> v;
  std::string err;
  if (!metrics::parseIntList(arg, 1, 256, &v, &err)) {
    badInput(fmt::format("{} {}: {}", flag, arg, err));
    return false;
  }
  out->assign(v.begin(), v.end());
  return true;
}

bool parseMetricList(const std::string& arg, const std::string& flag,
                     std::vector<std::string>* out) {
  std::stringstream ss(arg);
  std::string name;
  size_t pos = 1;
  while (std::getline(ss, name, ',')) {
    if (metrics::metricIndex(name) < 0) {
      badInput(fmt::format("{} {}: no metric named '{}' at position {}{}; {}", flag, arg, name, pos,
                           io::didYouMean(name, metrics::metricNames()), metricNamesHint()));
      return false;
    }
    out->push_back(name);
    pos += name.size() + 1;
  }
  if (out->empty()) {
    badInput(
        fmt::format("{}: expected comma-separated metric names ({})", flag, metricNamesHint()));
    return false;
  }
  return true;
}

bool writeOutputs(const OutputArgs& a, const OutputContext& ctx,
                  const std::vector<metrics::RunMetrics>& runs) {
  std::string err;
  if (!a.csv.empty() && !io::writeFileAtomic(a.csv, metrics::toCsv(runs), &err)) {
    badInput(err);
    return false;
  }
  if (!a.json.empty()) {
    nlohmann::json extra = {{"scenario", ctx.scenarioId},
                            {"eras", ctx.eras},
                            {"gomaxprocs", ctx.procs},
                            {"seed", ctx.seeds.front()},
                            {"seeds", ctx.seeds}};
    if (!io::writeFileAtomic(a.json, metrics::toCompareJson(runs, extra).dump(2) + "\n", &err)) {
      badInput(err);
      return false;
    }
  }
  if (!a.benchfmt.empty()) {
    std::vector<std::pair<std::string, std::string>> files;  // era, text
    for (const auto& era : ctx.eras)
      if (std::string text = metrics::toBenchfmt(runs, era, ctx.scenarioName); !text.empty())
        files.emplace_back(era, std::move(text));
    if (files.empty()) {
      badInput(
          fmt::format("--benchfmt {}: {} has no benchmark region (no ns_per_op): nothing "
                      "for benchstat",
                      a.benchfmt, ctx.scenarioId));
      return false;
    }
    std::error_code ec;
    std::filesystem::create_directories(a.benchfmt, ec);
    if (ec || !std::filesystem::is_directory(a.benchfmt, ec)) {
      badInput(fmt::format("--benchfmt {}: cannot make the directory: {}", a.benchfmt,
                           ec ? ec.message() : "not a directory"));
      return false;
    }
    for (const auto& [era, text] : files) {
      std::string path = (std::filesystem::path(a.benchfmt) / (era + ".txt")).string();
      if (!io::writeFileAtomic(path, text, &err)) {
        badInput(err);
        return false;
      }
    }
  }
  if (!a.chart.empty()) {
    std::string metric =
        a.chartMetric.empty() ? metrics::defaultChartMetric(ctx.scenarioName, runs) : a.chartMetric;
    metrics::ChartSpec spec = metrics::compareChart(ctx.scenarioName, ctx.scenarioId, ctx.seeds,
                                                    ctx.eras, ctx.procs, runs, metric, a.logY);
    for (const std::string& o : metrics::logYOmissions(spec)) {
      std::cerr << fmt::format("gotimers: --log-y: {} {}: values <= 0, not drawn on a log scale\n",
                               metric, o);
    }
    const auto& d = metrics::metricDefs()[static_cast<size_t>(metrics::metricIndex(metric))];
    std::string body =
        endsWith(a.chart, ".html")
            ? metrics::renderHtml(
                  spec, fmt::format("{} ({}): {}.", d.name, metrics::unitName(d.unit), d.help))
            : metrics::renderSvg(spec);
    if (!io::writeFileAtomic(a.chart, body, &err)) {
      badInput(err);
      return false;
    }
  }
  return true;
}

}  // namespace gotimers::cli

// gotimers metrics: every metric name compare --metrics, --chart-metric and sweep --metric
// accept, with its unit and meaning (metrics/metric_list.h).
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <memory>

#include "cli/cli.h"
#include "cli/common.h"
#include "io/suggest.h"
#include "metrics/metric_list.h"
#include "metrics/run_metrics.h"

namespace gotimers::cli {

namespace {

int listMetrics(const std::vector<std::string>& names) {
  const auto& defs = metrics::metricDefs();
  std::vector<size_t> which;
  for (const auto& n : names) {
    if (metrics::metricIndex(n) < 0) {
      auto groups = metrics::metricGroups();
      if (std::find(groups.begin(), groups.end(), n) == groups.end()) {
        std::vector<std::string> all = metrics::metricNames();
        all.insert(all.end(), groups.begin(), groups.end());
        return badInput(fmt::format("metrics {}: no metric or group of that name{} (groups: {})", n,
                                    io::didYouMean(n, all), fmt::join(groups, ", ")));
      }
    }
  }
  for (size_t i = 0; i < defs.size(); i++) {
    bool want = names.empty();
    for (const auto& n : names)
      want = want || defs[i].name == n || defs[i].group == n;
    if (want) which.push_back(i);
  }
  std::cout << metrics::metricList(which, 100);
  return 0;
}

}  // namespace

void addMetricsCommand(CLI::App& app, CliState& st) {
  auto names = std::make_shared<std::vector<std::string>>();
  auto* c = app.add_subcommand(
      "metrics", "List the metrics of compare, sweep and their CSV/JSON, with units and meanings");
  c->footer(
      "Examples:\n"
      "  gotimers metrics                 # every metric, grouped as compare's table groups them\n"
      "  gotimers metrics timer_locks     # one group\n"
      "  gotimers metrics ns_per_op heap  # a metric and a group");
  c->add_option("names", *names, "Metric or group names (default: all)");
  c->callback([names, &st] { st.exit = listMetrics(*names); });
}

}  // namespace gotimers::cli

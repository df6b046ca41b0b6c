// gotimers compare: one scenario on several eras x GOMAXPROCS values, as one table (rows:
// metrics; columns: GOMAXPROCS x era, with ratios to the first era), and as CSV, JSON and a
// chart of one metric over GOMAXPROCS with one line per era (docs/compare.md).
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "cli/cli.h"
#include "cli/common.h"
#include "cli/compare_outputs.h"
#include "eras/registry.h"
#include "metrics/format.h"
#include "metrics/grid.h"

namespace gotimers::cli {

namespace {

struct CompareArgs {
  ScenarioArgs scenario;
  std::string eras = "go1.9,go1.13,go1.14";
  std::string procs = "1,2,4,8";
  std::string metrics;
  int jobs = 0;
  OutputArgs out;
};

int compare(const CompareArgs& a) {
  auto s = loadScenarioArgs(a.scenario);
  if (!s) return 2;
  std::vector<std::string> eraList;
  if (!parseEraList(a.eras, &eraList)) return 2;
  std::vector<int> procs;
  if (!parseProcs(a.procs, "--procs", &procs)) return 2;
  scenario::RunOptions opts;
  if (!runOptionsFromArgs(a.scenario, &opts)) return 2;
  metrics::TableOptions table;
  if (!a.metrics.empty() && !parseMetricList(a.metrics, "--metrics", &table.metrics)) return 2;
  if (!checkOutputArgs(a.out)) return 2;

  metrics::ScenarioInput in{a.scenario.scenario, *s};
  metrics::RunSettings set{opts.timeLimit, opts.eventLimit, opts.cost};
  uint64_t seed = opts.seed.value_or(s->seed);
  std::vector<metrics::RunKey> keys;
  for (const auto& e : eraList)
    for (int p : procs)
      keys.push_back({in.id, e, p, seed});
  std::vector<metrics::RunMetrics> runs(keys.size());
  metrics::runParallel(
      keys.size(), a.jobs > 0 ? a.jobs : metrics::defaultJobs(),
      [&](size_t i) { return metrics::runPoint(in, keys[i], set); },
      [&](size_t i, metrics::RunMetrics&& m) { runs[i] = std::move(m); });

  std::cout << metrics::compareTable(fmt::format("{} ({})", s->name, in.id), eraList, procs, runs,
                                     table);
  int worst = 0;
  for (const auto& r : runs) {
    if (r.exitCode != 0 && !r.skipped()) {
      std::cout << fmt::format("note: {} on {} at GOMAXPROCS={} ended with {} (exit status {})\n",
                               in.id, r.key.era, r.key.procs, r.exit, r.exitCode);
    }
    worst = std::max(worst, r.exitCode);
  }
  OutputContext ctx{s->name, in.id, eraList, procs, seed};
  if (!writeOutputs(a.out, ctx, runs)) return 2;
  return worst;
}

}  // namespace

void addCompareCommand(CLI::App& app, CliState& st) {
  auto args = std::make_shared<CompareArgs>();
  auto* c = app.add_subcommand("compare", "Compare eras x GOMAXPROCS on one scenario");
  c->footer(
      "Examples:\n"
      "  gotimers compare start-stop\n"
      "  gotimers compare sleep --eras go1.9,go1.13,go1.14 --procs 1..8 --chart sleep.svg\n"
      "  gotimers compare after-in-loop --metrics lateness_p99_ns,threads --csv out.csv\n"
      "Metric names: see docs/compare.md or the \"metrics\" list of --json.\n"
      "Exit status: 0 ok, 1 an expectation failed in some run, 2 bad input, 3 a limit was hit.");
  addScenarioOptions(c, args->scenario);
  c->remove_option(c->get_option("--procs"));
  c->add_option("--procs", args->procs,
                "GOMAXPROCS values: a list and/or ranges, e.g. 1,2,4,8 or 1..16")
      ->capture_default_str();
  c->add_option("--eras,--era", args->eras,
                "Eras: a comma-separated list of " + eras::eraNames() + ", or all")
      ->capture_default_str();
  c->add_option(
      "--metrics", args->metrics,
      "Table rows: comma-separated metric names (default: every metric not zero everywhere)");
  c->add_option("-j,--jobs", args->jobs, "Runs at once (default: the machine's hardware threads)")
      ->check(CLI::Range(1, 1024));
  addOutputOptions(c, args->out, /*withChart=*/true);
  c->callback([args, &st] { st.exit = compare(*args); });
}

}  // namespace gotimers::cli

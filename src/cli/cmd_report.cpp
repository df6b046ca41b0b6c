// gotimers report: one scenario on several eras x GOMAXPROCS x seeds, told as a story: a
// compact table and a verdict per era on the terminal, a self-contained HTML page with charts
// (the report template, viz/report.html, with the data of metrics/report.h embedded), and
// optionally Markdown and the JSON data (docs/report.md).
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "cli/cli.h"
#include "cli/common.h"
#include "cli/compare_outputs.h"
#include "cli/scenario_input.h"
#include "io/atomic_file.h"
#include "io/page_data.h"
#include "metrics/grid.h"
#include "metrics/report.h"

namespace gotimers::cli {

extern const bool kReportBuilt;
extern const std::string_view kReportTemplate;

namespace {

struct ReportArgs {
  ScenarioArgs scenario;
  std::string eras = "go1.9,go1.13,go1.14,go1.23";
  std::string procs = "1,2,4,8";
  std::string seeds = "1";
  std::string out = "report.html";
  std::string markdown, json;
  int jobs = 0;
  TableLayoutArgs layout;
  std::vector<std::string> progArgs;
  bool dashDash = false;
};

int report(const ReportArgs& a) {
  if (!kReportBuilt) {
    return badInput(
        "this gotimers was built without the report template (viz/dist-report/report.html): "
        "run scripts/build-viz.sh, then build again");
  }
  int status = 0;
  auto loaded = loadInput(a.scenario, a.progArgs, a.dashDash, &status);
  if (!loaded) return status;
  metrics::ScenarioInput in = std::move(*loaded);
  metrics::ReportInput rin;
  rin.scenarioName = in.scenario.name;
  rin.scenarioId = in.id;
  if (!parseEraList(a.eras, &rin.eras)) return 2;
  if (!parseProcs(a.procs, "--procs", &rin.procs)) return 2;
  std::vector<int64_t> seeds;
  std::string err;
  if (!metrics::parseIntList(a.seeds, 0, INT64_MAX / 2, &seeds, &err))
    return badInput(fmt::format("--seeds {}: {}", a.seeds, err));
  if (a.scenario.seed) return badInput("--seed: report takes --seeds (a list and/or ranges)");
  rin.seeds.assign(seeds.begin(), seeds.end());
  scenario::RunOptions opts;
  if (!runOptionsFromArgs(a.scenario, &opts)) return 2;
  metrics::TableOptions table;
  if (!tableLayoutFromArgs(a.layout, &table)) return 2;

  metrics::RunSettings set{opts.timeLimit, opts.eventLimit, opts.cost, opts.limits, opts.check};
  rt::CostModel cost = opts.cost.value_or(rt::CostModel{});
  rin.cpuThreads = cost.cpu_threads;
  rin.noisePct = cost.noise_pct;
  std::vector<metrics::RunKey> keys;
  for (const auto& e : rin.eras)
    for (int p : rin.procs)
      for (uint64_t s : rin.seeds)
        keys.push_back({in.id, e, p, s});
  std::vector<metrics::RunMetrics> runs = runGrid(in, keys, set, a.jobs);
  if (reportInterrupted(runs, "report")) return 130;
  int worst = 0;
  for (const auto& r : runs) {
    if (r.exitCode != 0 && !r.skipped()) {
      std::cout << fmt::format(
          "note: {} on {} at GOMAXPROCS={}, seed {} ended with {} (exit "
          "status {})\n",
          in.id, r.key.era, r.key.procs, r.key.seed, r.exit, r.exitCode);
    }
    worst = std::max(worst, r.exitCode);
  }
  rin.runs = std::move(runs);
  nlohmann::json data = metrics::reportData(rin);
  std::cout << metrics::reportSummary(data, table.width);
  if (!io::writeFileAtomic(a.out, io::fillPage(kReportTemplate, "__GOTIMERS_REPORT__", data.dump()),
                           &err))
    return badInput(err);
  if (!a.markdown.empty() && !io::writeFileAtomic(a.markdown, metrics::reportMarkdown(data), &err))
    return badInput(err);
  if (!a.json.empty() && !io::writeFileAtomic(a.json, data.dump(1) + "\n", &err))
    return badInput(err);
  std::cout << fmt::format("\nreport: {}\n", a.out);
  return worst;
}

}  // namespace

void addReportCommand(CLI::App& app, CliState& st) {
  auto args = std::make_shared<ReportArgs>();
  auto* c = app.add_subcommand(
      "report", "Tell one comparison as a story: a verdict per era and an HTML page of charts");
  c->footer(
      "Examples:\n"
      "  gotimers report stop                          # go1.9,go1.13,go1.14,go1.23 x 1,2,4,8 Ps\n"
      "  gotimers report start-stop --procs 1..16 --seeds 1..3 -o ss.html --md ss.md\n"
      "  gotimers report scenarios/contention/stop-storm.go -- -gomaxprocs 0\n"
      "The page is self-contained (works offline, from disk); docs/report.md explains it.\n" +
      std::string(kGridExitStatus));
  addGridOptions(c, args->scenario, args->eras, args->procs);
  c->add_option("--seeds", args->seeds, "Seeds: a list and/or ranges, e.g. 1..5")
      ->capture_default_str();
  c->add_option("-o,--out", args->out, "The HTML report")->capture_default_str();
  c->add_option("--md", args->markdown, "Also write the report as Markdown to FILE");
  c->add_option("--json", args->json, "Also write the report's data (JSON) to FILE");
  c->add_option("-j,--jobs", args->jobs, "Runs at once (default: the machine's hardware threads)")
      ->check(CLI::Range(1, 1024));
  c->add_option("--width", args->layout.width,
                "Columns the summary should fit (default: $COLUMNS, else the terminal's, else 100)")
      ->check(CLI::Range(40, 10000));
  c->callback([args, &st] {
    args->progArgs = st.programArgs;
    args->dashDash = st.dashDash;
    st.exit = report(*args);
  });
}

}  // namespace gotimers::cli

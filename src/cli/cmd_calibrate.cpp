// gotimers calibrate: runs the benchmark scenarios the cost model is calibrated on and sets
// the simulated go1.9 -> go1.13 changes beside CL 34784's Go 1.9 -> Go 1.10 table and #6239's
// StartStop collapse (metrics/calibration.h, docs/cost-model.md). With --cost-model or --ncpu
// it shows how another cost model or machine meets the same targets; with --reference, the
// targets are real Go measured on a stated machine (metrics/reference_file.h).
#include <fmt/format.h>

#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>

#include "cli/cli.h"
#include "cli/common.h"
#include "cli/scenario_paths.h"
#include "io/atomic_file.h"
#include "metrics/calibration.h"
#include "metrics/grid.h"
#include "metrics/reference_file.h"

namespace gotimers::cli {

namespace {

struct CalibrateArgs {
  ScenarioArgs cost;  // --cost-model and --ncpu only
  int64_t ops = 3;
  std::optional<int64_t> garbage;
  int jobs = 0;
  std::string json;
  std::string reference;  // --reference FILE: real Go measured on a stated machine
};

// The settings line of the report and its JSON: what the runs were made with.
// garbage: the Garbage parameter the scenarios run with.
std::string describeSettings(const CalibrateArgs& a, const nlohmann::json& garbage) {
  std::string s =
      fmt::format("Ops={} per goroutine, Garbage={} per P; cost model: ", a.ops, garbage.dump());
  if (a.cost.costModel.empty() && !a.cost.ncpu) return s + "the defaults";
  std::string parts;
  if (!a.cost.costModel.empty()) parts = fmt::format("--cost-model {}", a.cost.costModel);
  if (a.cost.ncpu) parts += fmt::format("{}--ncpu {}", parts.empty() ? "" : " ", *a.cost.ncpu);
  return s + parts;
}

int calibrate(const CalibrateArgs& a) {
  scenario::RunOptions opts;
  if (!runOptionsFromArgs(a.cost, &opts)) return 2;
  metrics::RunSettings set{std::nullopt, std::nullopt, opts.cost, opts.limits};
  metrics::Reference reference = metrics::cl34784();
  if (!a.reference.empty()) {
    try {
      reference = metrics::loadReference(a.reference);
    } catch (const scenario::ScenarioError& e) {
      return badInput(fmt::format("--reference: {}", e.what()));
    }
  }

  // The scenarios, each loaded once with Ops (and Garbage) set.
  std::map<std::string, metrics::ScenarioInput> inputs;
  const std::vector<metrics::CalibrationPoint> points = metrics::calibrationPoints(reference);
  for (const auto& pt : points) {
    if (inputs.count(pt.bench)) continue;
    std::string id = "benchmarks/" + pt.bench;
    try {
      scenario::Scenario s = scenario::loadScenario(resolveScenario(id));
      scenario::setParam(s, fmt::format("Ops={}", a.ops));
      if (a.garbage) scenario::setParam(s, fmt::format("Garbage={}", *a.garbage));
      inputs.emplace(pt.bench, metrics::ScenarioInput{id, std::move(s)});
    } catch (const scenario::ScenarioError& e) {
      return badInput(fmt::format("calibrate: {}", e.what()));
    }
  }

  std::vector<metrics::RunMetrics> runs(points.size());
  metrics::runParallel(
      points.size(), a.jobs > 0 ? a.jobs : metrics::defaultJobs(),
      [&](size_t i) {
        const metrics::ScenarioInput& in = inputs.at(points[i].bench);
        metrics::RunKey key{in.id, points[i].era, points[i].procs, in.scenario.seed};
        return metrics::runPoint(in, key, set);
      },
      [&](size_t i, metrics::RunMetrics&& m) { runs[i] = std::move(m); });
  if (reportInterrupted(runs, "calibrate")) return 130;

  // Every run must have ended well and measured its timed region.
  for (const auto& r : runs) {
    if (r.exitCode != 0 || !r.value("ns_per_op")) {
      std::cerr << fmt::format(
          "gotimers: calibrate: {} on {} at GOMAXPROCS={} ended with {} (exit status {}) "
          "without a benchmark figure\n",
          r.key.scenario, r.key.era, r.key.procs, r.exit, r.exitCode);
      return r.exitCode > 1 ? r.exitCode : 1;
    }
  }
  metrics::CalibrationReport report = metrics::evaluateCalibration(
      [&](const auto& pt) {
        for (const auto& r : runs)
          if (r.key.scenario == "benchmarks/" + pt.bench && r.key.era == pt.era &&
              r.key.procs == pt.procs)
            return *r.value("ns_per_op");
        throw std::logic_error("calibrate: no run for " + pt.bench);
      },
      reference);

  std::string settings =
      describeSettings(a, inputs.at(metrics::kCollapseBench).scenario.params.at("Garbage"));
  std::cout << metrics::formatCalibration(report, settings);
  if (!a.json.empty()) {
    nlohmann::json extra = {{"settings", settings}, {"ops", a.ops}};
    rt::CostModel cost = opts.cost.value_or(rt::CostModel{});
    extra["cost_model"] = nlohmann::json::object();
    for (const auto& [name, field] : cost.fields())
      extra["cost_model"][name] = *field;
    std::string err;
    if (!io::writeFileAtomic(a.json, metrics::calibrationJson(report, extra).dump(2) + "\n", &err))
      return badInput(err);
  }
  return report.allMet() ? 0 : 1;
}

constexpr const char* kFooter =
    "Runs the eight CL 34784 benchmark scenarios on go1.9 and go1.13 at GOMAXPROCS 2 and 4\n"
    "(with --reference, those the file has figures for), and go1.9's StartStop at 1 and 8,\n"
    "with the default cost model or the one given.\n"
    "Examples:\n"
    "  gotimers calibrate\n"
    "  gotimers calibrate --cost-model my-machine.json --json calibration.json\n"
    "  gotimers calibrate --reference docs/machines/vm-2cpu-fast-wake.json \\\n"
    "      --cost-model docs/machines/vm-2cpu-fast-wake.cost.json\n"
    "Exit status: 0 every target met, 1 some target missed (or a run failed), 2 bad input,\n"
    "130 interrupted (Ctrl-C).";

}  // namespace

void addCalibrateCommand(CLI::App& app, CliState& st) {
  auto args = std::make_shared<CalibrateArgs>();
  auto* c = app.add_subcommand(
      "calibrate", "Set the simulated go1.9 -> go1.13 changes beside CL 34784's and #6239's");
  c->footer(kFooter);
  addCostOptions(c, args->cost);
  c->add_option("--ops", args->ops, "Benchmark ops per goroutine (each 1000 timer operations)")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  c->add_option("--garbage", args->garbage,
                "Idle timers per P made before the timed region (default: the scenarios' 2000; "
                "Go's harness uses 32768)")
      ->check(CLI::Range(0, 1 << 20));
  c->add_option("-j,--jobs", args->jobs, "Runs at once (default: the machine's hardware threads)")
      ->check(CLI::Range(1, 1024));
  c->add_option("--reference", args->reference,
                "FILE: real Go measured on a stated machine (scripts/real-go/run.sh writes it) "
                "as the target, instead of CL 34784's table");
  c->add_option("--json", args->json, "Also write the report as JSON to FILE");
  c->callback([args, &st] { st.exit = calibrate(*args); });
}

}  // namespace gotimers::cli

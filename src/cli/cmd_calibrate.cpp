// gotimers calibrate: by default, the cost model against the calibration set of published and
// measured figures (cli/calibrate_figures.h; --fit searches the model, --cross-validate
// judges the search). With --band, the older check: the simulated go1.9 -> go1.13 changes
// beside CL 34784's Go 1.9 -> Go 1.10 table within 15 points, and #6239's StartStop collapse
// (metrics/calibration.h, docs/cost-model.md); with --reference, the same against real Go
// measured on a stated machine (metrics/reference_file.h). --cost-model or --ncpu show how
// another cost model or machine meets the targets.
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>

#include "cli/calibrate_figures.h"
#include "cli/cli.h"
#include "cli/common.h"
#include "cli/scenario_paths.h"
#include "io/atomic_file.h"
#include "metrics/calibration.h"
#include "metrics/cost_fit.h"
#include "metrics/grid.h"
#include "metrics/reference_file.h"

namespace gotimers::cli {

namespace {

struct CalibrateArgs {
  ScenarioArgs cost;        // --cost-model, --ncpu and --noise only
  FigureCalibrateArgs set;  // --ops, --garbage, --jobs and --json serve --band too
  std::string reference;    // --reference FILE: real Go measured on a stated machine
  bool band = false;        // --band: CL 34784's 15-point band and #6239's collapse
  std::string seeds = "1..3";
  std::string fitFields;
};

// The cost model the runs use, for the reports' headings.
std::string costDescription(const ScenarioArgs& cost) {
  if (cost.costModel.empty() && !cost.ncpu) return "the defaults";
  std::string parts;
  if (!cost.costModel.empty()) parts = fmt::format("--cost-model {}", cost.costModel);
  if (cost.ncpu) parts += fmt::format("{}--ncpu {}", parts.empty() ? "" : " ", *cost.ncpu);
  return parts;
}

// The settings line of the report and its JSON: what the runs were made with.
// garbage: the Garbage parameter the scenarios run with.
std::string describeSettings(const CalibrateArgs& a, const nlohmann::json& garbage) {
  return fmt::format("Ops={} per goroutine, Garbage={} per P; cost model: {}", a.set.ops,
                     garbage.dump(), costDescription(a.cost));
}

// The calibration set's report, fit or cross-validation (cli/calibrate_figures.h).
int calibrateSet(const CalibrateArgs& a) {
  scenario::RunOptions opts;
  if (!runOptionsFromArgs(a.cost, &opts)) return 2;
  FigureCalibrateArgs f = a.set;
  f.limits = opts.limits;
  std::vector<int64_t> seeds;
  std::string err;
  if (!metrics::parseIntList(a.seeds, 0, INT64_MAX / 2, &seeds, &err))
    return badInput(fmt::format("--seeds {}: {}", a.seeds, err));
  f.seeds.assign(seeds.begin(), seeds.end());
  f.fitFields = metrics::defaultFitFields();
  if (!a.fitFields.empty()) {
    f.fitFields.clear();
    rt::CostModel names;
    for (size_t at = 0; at <= a.fitFields.size();) {
      size_t comma = std::min(a.fitFields.find(',', at), a.fitFields.size());
      std::string name = a.fitFields.substr(at, comma - at);
      bool known = false;
      for (const auto& [field, p] : names.fields())
        known = known || field == name;
      if (!known)
        return badInput(
            fmt::format("--fit-fields: '{}' is not a cost field (see "
                        "docs/cost-model.md)",
                        name));
      f.fitFields.push_back(name);
      at = comma + 1;
    }
  }
  if ((f.fit || f.crossValidate) && f.fitFields.empty())
    return badInput("--fit-fields: name at least one cost field");
  if (!f.out.empty() && !f.fit) return badInput("--out: writes the cost file of --fit; add --fit");
  return calibrateFigures(f, opts.cost.value_or(rt::CostModel{}), costDescription(a.cost));
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
      scenario::setParam(s, fmt::format("Ops={}", a.set.ops));
      if (a.set.garbage) scenario::setParam(s, fmt::format("Garbage={}", *a.set.garbage));
      inputs.emplace(pt.bench, metrics::ScenarioInput{id, std::move(s)});
    } catch (const scenario::ScenarioError& e) {
      return badInput(fmt::format("calibrate: {}", e.what()));
    }
  }

  std::vector<metrics::RunMetrics> runs(points.size());
  metrics::runParallel(
      points.size(), a.set.jobs > 0 ? a.set.jobs : metrics::defaultJobs(),
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
  if (!a.set.json.empty()) {
    nlohmann::json extra = {{"settings", settings}, {"ops", a.set.ops}};
    rt::CostModel cost = opts.cost.value_or(rt::CostModel{});
    extra["cost_model"] = nlohmann::json::object();
    for (const auto& [name, field] : cost.fields())
      extra["cost_model"][name] = *field;
    std::string err;
    if (!io::writeFileAtomic(a.set.json, metrics::calibrationJson(report, extra).dump(2) + "\n",
                             &err))
      return badInput(err);
  }
  return report.allMet() ? 0 : 1;
}

constexpr const char* kFooter =
    "Runs every figure of the calibration set (calibration/*.json: CL 34784, CL 171883,\n"
    "CL 232298, #6239, real Go on this project's VM) on the era of its Go release, its\n"
    "source's machine and GOMAXPROCS, over --seeds, and sets the medians beside the figures.\n"
    "With --band: the eight CL 34784 benchmark scenarios on go1.9 and go1.13 at GOMAXPROCS 2\n"
    "and 4 (with --reference, those the file has figures for), and go1.9's StartStop at 1 and 8.\n"
    "Examples:\n"
    "  gotimers calibrate\n"
    "  gotimers calibrate --fit --out fitted.cost.json --cross-validate\n"
    "  gotimers calibrate --band --cost-model my-machine.json --json calibration.json\n"
    "  gotimers calibrate --reference docs/machines/vm-2cpu-fast-wake.json \\\n"
    "      --cost-model docs/machines/vm-2cpu-fast-wake.cost.json\n"
    "Exit status: 0 every target met (the set: every change of more than 10% in the published\n"
    "direction and 75% of the figures within 2x), 1 some target missed (or a run failed), 2 bad "
    "input,\n"
    "130 interrupted (Ctrl-C).";

}  // namespace

void addCalibrateCommand(CLI::App& app, CliState& st) {
  auto args = std::make_shared<CalibrateArgs>();
  auto* c = app.add_subcommand(
      "calibrate", "Judge (or --fit) the cost model against published and measured Go figures");
  c->footer(kFooter);
  addCostOptions(c, args->cost);
  c->add_option("--ops", args->set.ops, "Benchmark ops per goroutine (each 1000 timer operations)")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  c->add_option("--garbage", args->set.garbage,
                "Idle timers per P made before the timed region (default: the scenarios' 2000; "
                "Go's harness uses 32768)")
      ->check(CLI::Range(0, 1 << 20));
  c->add_option("-j,--jobs", args->set.jobs,
                "Runs at once (default: the machine's hardware threads)")
      ->check(CLI::Range(1, 1024));
  c->add_option("--reference", args->reference,
                "FILE: real Go measured on a stated machine (scripts/real-go/run.sh writes it) "
                "as the target, instead of CL 34784's table");
  c->add_option("--json", args->set.json, "Also write the report as JSON to FILE");
  c->add_flag("--band", args->band,
              "The older check: go1.9 -> go1.13 against CL 34784's changes within 15 points, "
              "and #6239's collapse");
  c->add_option("--set", args->set.set,
                "FILE or DIR: figure sets to judge against (default: the shipped calibration/)");
  c->add_option("--seeds", args->seeds, "Seeds of every figure's runs (\"1..3\", \"1,5,9\")")
      ->capture_default_str();
  c->add_flag("--fit", args->set.fit,
              "Search the cost fields of --fit-fields for the lowest score over the set");
  c->add_option("--fit-fields", args->fitFields,
                fmt::format("Comma-separated cost fields --fit searches (default: {})", [] {
                  std::string s;
                  for (const auto& f : metrics::defaultFitFields())
                    s += (s.empty() ? "" : ",") + f;
                  return s;
                }()));
  c->add_option("--rounds", args->set.rounds, "Rounds of --fit's coordinate descent")
      ->check(CLI::Range(1, 8))
      ->capture_default_str();
  c->add_option("--out", args->set.out, "FILE: the cost file --fit writes");
  c->add_flag("--cross-validate", args->set.crossValidate,
              "Also fit once per source without it, and judge that fit on it");
  c->callback([args, &st] {
    bool bandMode = args->band || !args->reference.empty();
    if (bandMode && (args->set.fit || args->set.crossValidate || !args->set.set.empty())) {
      st.exit = badInput(
          "--band / --reference: the older check; --set, --fit and "
          "--cross-validate work on the calibration set instead");
      return;
    }
    st.exit = bandMode ? calibrate(*args) : calibrateSet(*args);
  });
}

}  // namespace gotimers::cli

#include "cli/calibrate_figures.h"

#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <map>
#include <stdexcept>
#include <tuple>

#include "cli/cli.h"
#include "cli/common.h"
#include "cli/go_test_args.h"
#include "cli/install_paths.h"
#include "cli/scenario_input.h"
#include "cli/scenario_paths.h"
#include "io/atomic_file.h"
#include "metrics/cost_fit.h"
#include "metrics/figure_check.h"
#include "metrics/grid.h"

namespace gotimers::cli {

namespace {

// A failed or interrupted run: the evaluation cannot go on.
struct RunFailed : std::runtime_error {
  int code;
  RunFailed(const std::string& what, int c) : std::runtime_error(what), code(c) {}
};

// Runs the figures of the chosen sets on a cost model: each distinct (benchmark, era,
// GOMAXPROCS) of a set once per seed, on the set's machine.
class Evaluator {
 public:
  Evaluator(const std::vector<metrics::FigureSet>& sets, const FigureCalibrateArgs& a)
      : sets_(sets), a_(a) {}

  // Loads each benchmark scenario once per garbage setting, and each of Go's own benchmarks
  // a set names once (its program lowered by the front end); throws ScenarioError.
  void load() {
    for (const auto& set : sets_)
      for (const auto& f : set.figures) {
        auto key = inputKey(set, f);
        if (inputs_.count(key)) continue;
        if (!set.program.empty()) {
          inputs_.emplace(key, goBenchmark(set, f));
          continue;
        }
        std::string id = "benchmarks/" + f.bench;
        scenario::Scenario s = scenario::loadScenario(resolveScenario(id));
        scenario::setParam(s, fmt::format("Ops={}", a_.ops));
        scenario::setParam(s, fmt::format("Garbage={}", key.second));
        inputs_.emplace(key, metrics::ScenarioInput{id, std::move(s)});
      }
  }

  // The check of the sets `use` (indexes) on base; throws RunFailed.
  metrics::FigureCheck check(const rt::CostModel& base, const std::vector<size_t>& use,
                             std::vector<metrics::FigureSet>* chosen) const {
    struct Point {
      size_t set;
      std::string bench, era;
      int procs;
      uint64_t seed;
    };
    std::vector<Point> points;
    std::map<std::tuple<size_t, std::string, std::string, int, uint64_t>, size_t> index;
    for (size_t s : use)
      for (const auto& f : sets_[s].figures)
        for (uint64_t seed : a_.seeds) {
          auto key = std::make_tuple(s, f.bench, f.era, f.procs, seed);
          if (index.count(key)) continue;
          index[key] = points.size();
          points.push_back({s, f.bench, f.era, f.procs, seed});
        }
    std::vector<rt::CostModel> costs;
    for (const auto& set : sets_)
      costs.push_back(set.costFor(base));
    std::vector<double> ns(points.size());
    metrics::runParallel(
        points.size(), a_.jobs > 0 ? a_.jobs : metrics::defaultJobs(),
        [&](size_t i) {
          const Point& p = points[i];
          const metrics::ScenarioInput& in = inputs_.at(inputKey(sets_[p.set], p.bench));
          metrics::RunSettings set{std::nullopt, std::nullopt, costs[p.set], a_.limits};
          return metrics::runPoint(in, metrics::RunKey{in.id, p.era, p.procs, p.seed}, set);
        },
        [&](size_t i, metrics::RunMetrics&& m) {
          if (metrics::interruptedRun(m)) throw RunFailed("interrupted", 130);
          const std::string& metric = sets_[points[i].set].metric;
          if (m.exitCode != 0 || !m.value(metric))
            throw RunFailed(fmt::format("calibrate: {} on {} at GOMAXPROCS={} (seed {}) ended with "
                                        "{} (exit status {}) without a benchmark figure ({})",
                                        m.key.scenario, m.key.era, m.key.procs, m.key.seed, m.exit,
                                        m.exitCode, metric),
                            m.exitCode > 1 ? m.exitCode : 1);
          ns[i] = *m.value(metric);
        });
    chosen->clear();
    for (size_t s : use)
      chosen->push_back(sets_[s]);
    return metrics::checkFigures(*chosen, [&](size_t s, size_t f) {
      const auto& fig = (*chosen)[s].figures[f];
      std::vector<double> runs;
      for (uint64_t seed : a_.seeds)
        runs.push_back(ns[index.at(std::make_tuple(use[s], fig.bench, fig.era, fig.procs, seed))]);
      return runs;
    });
  }

 private:
  int64_t garbageOf(const metrics::FigureSet& set) const {
    return a_.garbage.value_or(set.garbage);
  }
  // A benchmark scenario with its garbage, or one of Go's benchmarks (garbage -1).
  std::pair<std::string, int64_t> inputKey(const metrics::FigureSet& set,
                                           const std::string& bench) const {
    if (set.program.empty()) return {bench, garbageOf(set)};
    return {
        set.program + " --bench " + metrics::benchPattern(bench) + " --benchtime " + set.benchtime,
        -1};
  }
  std::pair<std::string, int64_t> inputKey(const metrics::FigureSet& set,
                                           const metrics::Figure& f) const {
    return inputKey(set, f.bench);
  }
  // The Go program of set.program with go test selecting f's benchmark; throws ScenarioError
  // (after the front end's or the option's message) if it cannot be loaded.
  metrics::ScenarioInput goBenchmark(const metrics::FigureSet& set,
                                     const metrics::Figure& f) const {
    ScenarioArgs sa;
    sa.scenario = scenariosDir() + "/" + set.program;
    std::error_code ec;
    if (!std::filesystem::is_directory(sa.scenario, ec))
      throw scenario::ScenarioError(
          fmt::format("{}: at /program: \"{}\" is not a directory of the scenarios directory "
                      "(gotimers scenarios lists them)",
                      set.file, set.program));
    int status = 0;
    auto in = loadGoInput(sa, {}, &status);
    GoTestArgs t;
    t.benchRe = metrics::benchPattern(f.bench);
    t.benchtime = set.benchtime;
    if (!in || !applyGoTestArgs(t, sa.scenario, &*in))
      throw scenario::ScenarioError(
          fmt::format("{}: cannot run Go's Benchmark{} from {}", set.file, f.bench, set.program));
    in->id = set.program + ":" + f.bench;
    return std::move(*in);
  }

  const std::vector<metrics::FigureSet>& sets_;
  const FigureCalibrateArgs& a_;
  std::map<std::pair<std::string, int64_t>, metrics::ScenarioInput> inputs_;
};

std::string seedsText(const std::vector<uint64_t>& seeds) {
  std::string s;
  for (uint64_t v : seeds)
    s += (s.empty() ? "" : ",") + std::to_string(v);
  return s;
}

// The cost file --fit writes: every field, in documentation order.
std::string costFile(const rt::CostModel& c, const std::string& heading) {
  std::string out = "// " + heading + "\n{\n";
  auto values = c.values();
  for (size_t i = 0; i < values.size(); i++)
    out += fmt::format("  \"{}\": {}{}\n", values[i].first, values[i].second,
                       i + 1 < values.size() ? "," : "");
  return out + "}\n";
}

std::string fieldsText(const std::vector<std::string>& fields) {
  std::string s;
  for (const auto& f : fields)
    s += (s.empty() ? "" : ",") + f;
  return s;
}

// Leave-one-source-out: fit without each source, judge the fit on it.
nlohmann::json crossValidate(const Evaluator& ev, const std::vector<metrics::FigureSet>& sets,
                             const rt::CostModel& base, const FigureCalibrateArgs& a,
                             std::string* text) {
  nlohmann::json rows = nlohmann::json::array();
  int right = 0, matter = 0, within = 0, figures = 0;
  *text += fmt::format(
      "\nLeave-one-source-out cross-validation (fit of {} over {} rounds without "
      "the source, judged on it):\n",
      fieldsText(a.fitFields), a.rounds);
  *text += fmt::format("  {:<16} {:>7} {:>10} {:>16}\n", "left out", "figures", "within 2x",
                       "directions right");
  for (size_t out = 0; out < sets.size(); out++) {
    std::vector<size_t> train;
    for (size_t s = 0; s < sets.size(); s++)
      if (s != out) train.push_back(s);
    std::vector<metrics::FigureSet> chosen;
    metrics::FitResult fit = metrics::fitCostModel(
        base, a.fitFields, a.rounds,
        [&](const rt::CostModel& c) { return ev.check(c, train, &chosen).score(); });
    metrics::FigureCheck held = ev.check(fit.best, {out}, &chosen);
    *text += fmt::format("  {:<16} {:>7} {:>10} {:>16}\n", sets[out].source, held.figures.size(),
                         held.within(),
                         fmt::format("{} of {}", held.directionsRight(), held.changesMatter()));
    right += held.directionsRight();
    matter += held.changesMatter();
    within += held.within();
    figures += int(held.figures.size());
    nlohmann::json fitted = nlohmann::json::object();
    for (const auto& [name, value] : fit.best.values())
      for (const auto& f : a.fitFields)
        if (f == name) fitted[name] = value;
    rows.push_back({{"left_out", sets[out].source},
                    {"fitted", fitted},
                    {"figures", held.figures.size()},
                    {"within_2x", held.within()},
                    {"changes_that_matter", held.changesMatter()},
                    {"directions_right", held.directionsRight()}});
  }
  *text += fmt::format(
      "  {:<16} {:>7} {:>10} {:>16}\n", "all", figures, within,
      fmt::format("{} of {} ({:.0f}%)", right, matter, matter ? 100.0 * right / matter : 100.0));
  return {{"sources", rows},
          {"directions_right", right},
          {"changes_that_matter", matter},
          {"within_2x", within},
          {"figures", figures}};
}

}  // namespace

int calibrateFigures(const FigureCalibrateArgs& a, const rt::CostModel& base,
                     const std::string& costText) {
  std::vector<metrics::FigureSet> sets;
  try {
    sets = metrics::loadFigureSets(a.set.empty() ? calibrationDir() : a.set);
  } catch (const scenario::ScenarioError& e) {
    return badInput(fmt::format("--set: {}", e.what()));
  }
  Evaluator ev(sets, a);
  try {
    ev.load();
  } catch (const scenario::ScenarioError& e) {
    return badInput(fmt::format("calibrate: {}", e.what()));
  }
  std::vector<size_t> all;
  for (size_t s = 0; s < sets.size(); s++)
    all.push_back(s);
  std::string settings = fmt::format(
      "Ops={} per goroutine, garbage {}, seeds {}; cost model: {} (noise {}%)", a.ops,
      a.garbage ? fmt::format("{} per P (--garbage)", *a.garbage) : "as each source's harness",
      seedsText(a.seeds), costText, base.noise_pct);
  try {
    rt::CostModel model = base;
    nlohmann::json j = {{"schema", "gotimers-calibrate-set"}, {"version", 1}};
    std::string extra;
    if (a.fit) {
      std::vector<metrics::FigureSet> chosen;
      metrics::FitResult fit = metrics::fitCostModel(
          base, a.fitFields, a.rounds,
          [&](const rt::CostModel& c) { return ev.check(c, all, &chosen).score(); },
          [](const metrics::FitStep& s) {
            std::cerr << (s.field.empty() ? fmt::format("fit: start: score {:.4f}\n", s.score)
                                          : fmt::format("fit: {} = {}: score {:.4f}\n", s.field,
                                                        s.value, s.score));
          });
      model = fit.best;
      settings += fmt::format("; fitted: {} over {} rounds, {} evaluations, score {:.4f} -> {:.4f}",
                              fieldsText(a.fitFields), a.rounds, fit.trail.size(),
                              fit.trail.front().score, fit.bestScore);
      nlohmann::json fitted = nlohmann::json::object();
      for (const auto& [name, value] : model.values())
        for (const auto& f : a.fitFields)
          if (f == name) fitted[name] = value;
      j["fit"] = {{"fields", a.fitFields},           {"rounds", a.rounds},
                  {"evaluations", fit.trail.size()}, {"start_score", fit.trail.front().score},
                  {"score", fit.bestScore},          {"fitted", fitted}};
      if (!a.out.empty()) {
        std::string err;
        std::string heading = fmt::format(
            "gotimers calibrate --fit ({} over {} rounds, seeds {}, Ops={}): score {:.4f}",
            fieldsText(a.fitFields), a.rounds, seedsText(a.seeds), a.ops, fit.bestScore);
        if (!io::writeFileAtomic(a.out, costFile(model, heading), &err)) return badInput(err);
      }
    }
    std::vector<metrics::FigureSet> chosen;
    metrics::FigureCheck c = ev.check(model, all, &chosen);
    std::string text = metrics::formatFigureCheck(c, settings);
    if (a.crossValidate) j["cross_validation"] = crossValidate(ev, sets, base, a, &text);
    std::cout << text;
    if (!a.json.empty()) {
      j["settings"] = settings;
      j["seeds"] = a.seeds;
      j["ops"] = a.ops;
      j["cost_model"] = nlohmann::json::object();
      for (const auto& [name, value] : model.values())
        j["cost_model"][name] = value;
      j.update(metrics::figureCheckJson(c));
      std::string err;
      if (!io::writeFileAtomic(a.json, j.dump(2) + "\n", &err)) return badInput(err);
    }
    return c.targetsMet() ? 0 : 1;
  } catch (const RunFailed& e) {
    if (e.code != 130) std::cerr << "gotimers: " << e.what() << "\n";
    return e.code;
  }
}

}  // namespace gotimers::cli

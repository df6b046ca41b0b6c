#include "cli/commands.h"

#include <fmt/format.h>

#include <iostream>

#include "cli/scenario_paths.h"
#include "eras/registry.h"
#include "scenario/duration.h"
#include "scenario/interpreter.h"
#include "scenario/schema.h"
#include "sim/rng.h"
#include "trace/jsonl.h"
#include "trace/summary.h"

namespace gotimers::cli {

namespace {
int badInput(const std::string& msg) {
  std::cerr << "gotimers: " << msg << "\n";
  return 2;
}

// trace.jsonl -> trace.go1.9.jsonl when several eras write traces.
std::string tracePath(const std::string& path, const std::string& era, bool perEra) {
  if (!perEra) return path;
  auto dot = path.rfind('.');
  auto slash = path.rfind('/');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) {
    return path + "." + era;
  }
  return path.substr(0, dot) + "." + era + path.substr(dot);
}

nlohmann::json traceHeader(const scenario::Scenario& s, const std::string& era, int procs,
                           uint64_t seed) {
  nlohmann::json cost = nlohmann::json::object();
  rt::CostModel cm;
  for (auto& [name, v] : cm.fields())
    cost[name] = *v;
  return {{"schema", "gotimers-trace"},
          {"version", trace::kTraceSchemaVersion},
          {"tool", std::string("gotimers ") + GOTIMERS_VERSION},
          {"scenario", {{"name", s.name}, {"file", s.file}, {"fnv64", sim::hashName(s.text)}}},
          {"era", era},
          {"gomaxprocs", procs},
          {"seed", seed},
          {"cost_model", cost}};
}
}  // namespace

Commands::Commands(CLI::App& app) {
  addRun(app);
  addScenarios(app);
  addEras(app);
}

void Commands::addRun(CLI::App& app) {
  auto* c = app.add_subcommand("run", "Run a scenario on one era or all of them");
  c->footer(
      "Examples:\n"
      "  gotimers run timer-basics\n"
      "  gotimers run scenarios/pitfalls/after-in-loop.json --era all --procs 4\n"
      "  gotimers run after-in-loop --set N=10000 --seed 7\n"
      "Exit status: 0 ok, 1 an expectation failed, 2 bad input or an unexpected deadlock/panic,\n"
      "3 a limit was hit.");
  c->add_option("scenario", runArgs_.scenario, "Scenario file, or the name of a shipped scenario")
      ->required();
  c->add_option("--era", runArgs_.era, "Era to run: " + eras::eraNames() + ", or all")
      ->capture_default_str();
  c->add_option("--procs", runArgs_.procs, "GOMAXPROCS (default: the scenario's)")
      ->check(CLI::Range(1, 256));
  c->add_option("--seed", runArgs_.seed, "Seed for select, scheduling and scenario randomness");
  c->add_option("--set", runArgs_.sets, "Override a scenario parameter: NAME=VALUE (repeatable)");
  c->add_option("--time-limit", runArgs_.timeLimit, "Virtual-time limit, e.g. 10m (default 24h)");
  c->add_option("--event-limit", runArgs_.eventLimit, "Maximum simulation events");
  c->add_option("--trace", runArgs_.trace,
                "Write the event log as JSON Lines to FILE (with --era all: FILE.<era>.jsonl)");
  c->add_flag("-q,--quiet", runArgs_.quiet, "Print only the program output and how it ended");
  c->callback([this] { exit_ = run(); });
}

int Commands::run() {
  scenario::Scenario s;
  try {
    s = scenario::loadScenario(resolveScenario(runArgs_.scenario));
    for (const auto& a : runArgs_.sets)
      scenario::setParam(s, a);
  } catch (const scenario::ScenarioError& e) {
    return badInput(e.what());
  }
  std::vector<std::string> eraList;
  if (runArgs_.era == "all") {
    for (const auto& e : eras::allEras())
      eraList.push_back(e.name);
  } else if (!eras::findEra(runArgs_.era)) {
    return badInput(fmt::format("--era {}: unknown era (expected one of: {}, all)", runArgs_.era,
                                eras::eraNames()));
  } else {
    eraList.push_back(runArgs_.era);
  }
  scenario::RunOptions opts;
  opts.procs = runArgs_.procs;
  opts.seed = runArgs_.seed;
  opts.eventLimit = runArgs_.eventLimit;
  if (!runArgs_.timeLimit.empty()) {
    std::string err;
    auto d = scenario::parseDuration(runArgs_.timeLimit, &err);
    if (!d || *d <= 0)
      return badInput(fmt::format("--time-limit {}: {}", runArgs_.timeLimit,
                                  err.empty() ? "expected a positive duration" : err));
    opts.timeLimit = *d;
  }
  int worst = 0;
  for (const auto& era : eraList) {
    opts.era = era;
    if (const eras::EraInfo* info = eras::findEra(era); info && info->goMinor < s.minGoMinor) {
      // "minGo": the program would not compile with this era's Go version
      std::cout << fmt::format("== {} on {} ==\nskipped: needs Go 1.{}\n\n", s.name, era,
                               s.minGoMinor);
      continue;
    }
    std::unique_ptr<trace::JsonlSink> traceSink;
    if (!runArgs_.trace.empty()) {
      std::string path = tracePath(runArgs_.trace, era, eraList.size() > 1);
      try {
        traceSink = std::make_unique<trace::JsonlSink>(
            path, traceHeader(s, era, opts.procs > 0 ? opts.procs : s.gomaxprocs,
                              opts.seed.value_or(s.seed)));
      } catch (const std::exception& e) {
        return badInput(e.what());
      }
      opts.sink = traceSink.get();
    }
    auto res = scenario::runScenario(s, opts);
    if (traceSink) {
      std::string err;
      if (!traceSink->finish(&err)) return badInput(err);
      opts.sink = nullptr;
    }
    std::cout << fmt::format("== {} on {}, GOMAXPROCS={}, seed {} ==\n", s.name, era,
                             res.gomaxprocs, res.seed);
    std::cout << res.program.output;
    if (!res.program.run.report.empty()) std::cout << res.program.run.report;
    if (!runArgs_.quiet) {
      if (res.program.leakedGoroutines > 0) {
        std::cout << fmt::format("leak report: {} goroutine(s) still blocked at exit:\n{}",
                                 res.program.leakedGoroutines, res.program.leakReport);
      }
      if (!res.program.timerReport.empty()) {
        std::cout << "timers still in heaps at exit:\n" << res.program.timerReport;
      }
      std::cout << trace::formatSummary(res.program);
    } else {
      std::cout << fmt::format("ended: {}\n", trace::exitKindName(res.program.run.kind));
    }
    for (const auto& f : res.failures)
      std::cout << "FAIL " << f << "\n";
    if (!res.failures.empty()) {
      std::cout << fmt::format("{} expectation(s) failed\n", res.failures.size());
    }
    std::cout << "\n";
    worst = std::max(worst, res.exitCode());
  }
  return worst;
}

void Commands::addScenarios(CLI::App& app) {
  auto* c = app.add_subcommand("scenarios", "List the shipped scenarios, or show one");
  c->footer(
      "Examples:\n  gotimers scenarios\n  gotimers scenarios show after-in-loop\n  gotimers "
      "scenarios schema > scenario.schema.json");
  auto* show = c->add_subcommand("show", "Print a scenario with its description");
  show->add_option("name", showName_, "Scenario name or file")->required();
  show->callback([this] {
    try {
      std::string path = resolveScenario(showName_);
      auto s = scenario::loadScenario(path);
      std::cout << fmt::format("{} ({})\n\n{}\n", s.name, path, s.description);
      if (!s.goSource.empty()) std::cout << "\nThe Go program:\n\n" << s.goSource << "\n";
      std::cout << "\nThe scenario:\n\n" << s.text;
    } catch (const scenario::ScenarioError& e) {
      exit_ = badInput(e.what());
    }
  });
  auto* schema = c->add_subcommand("schema", "Print the JSON Schema of scenario files");
  schema->callback([] { std::cout << scenario::jsonSchema().dump(2) << "\n"; });
  c->callback([this, c] {
    if (!c->get_subcommands().empty()) return;
    for (const auto& rel : shippedScenarios()) {
      std::string name = rel.substr(0, rel.size() - 5);
      std::string desc;
      try {
        auto s = scenario::loadScenario(scenariosDir() + "/" + rel);
        desc = s.description.substr(0, s.description.find('\n'));
      } catch (const scenario::ScenarioError& e) {
        desc = std::string("(invalid: ") + e.what() + ")";
        exit_ = 2;
      }
      std::cout << fmt::format("{:<36} {}\n", name, desc);
    }
  });
}

void Commands::addEras(CLI::App& app) {
  auto* c = app.add_subcommand("eras", "List the simulated eras");
  c->callback([] {
    for (const auto& e : eras::allEras())
      std::cout << fmt::format("{:<16} {}\n", e.name, e.summary);
  });
}

}  // namespace gotimers::cli

#include "cli/common.h"

#include <fmt/format.h>

#include <iostream>
#include <sstream>

#include "cli/cli.h"
#include "cli/scenario_paths.h"
#include "eras/registry.h"
#include "scenario/duration.h"
#include "sim/rng.h"
#include "trace/header.h"

namespace gotimers::cli {

int badInput(const std::string& msg) {
  std::cerr << "gotimers: " << msg << "\n";
  return 2;
}

void addScenarioOptions(CLI::App* c, ScenarioArgs& a) {
  c->add_option("scenario", a.scenario, "Scenario file, or the name of a shipped scenario")
      ->required();
  c->add_option("--procs", a.procs, "GOMAXPROCS (default: the scenario's)")
      ->check(CLI::Range(1, 256));
  c->add_option("--seed", a.seed, "Seed for select, scheduling and scenario randomness");
  c->add_option("--set", a.sets, "Override a scenario parameter: NAME=VALUE (repeatable)");
  c->add_option("--time-limit", a.timeLimit, "Virtual-time limit, e.g. 10m (default 24h)");
  c->add_option("--event-limit", a.eventLimit, "Maximum simulation events");
}

std::optional<scenario::Scenario> loadScenarioArgs(const ScenarioArgs& a) {
  try {
    scenario::Scenario s = scenario::loadScenario(resolveScenario(a.scenario));
    for (const auto& kv : a.sets)
      scenario::setParam(s, kv);
    return s;
  } catch (const scenario::ScenarioError& e) {
    badInput(e.what());
    return std::nullopt;
  }
}

bool runOptionsFromArgs(const ScenarioArgs& a, scenario::RunOptions* opts) {
  opts->procs = a.procs;
  opts->seed = a.seed;
  opts->eventLimit = a.eventLimit;
  if (!a.timeLimit.empty()) {
    std::string err;
    auto d = scenario::parseDuration(a.timeLimit, &err);
    if (!d || *d <= 0) {
      badInput(fmt::format("--time-limit {}: {}", a.timeLimit,
                           err.empty() ? "expected a positive duration" : err));
      return false;
    }
    opts->timeLimit = *d;
  }
  return true;
}

bool parseEraList(const std::string& arg, std::vector<std::string>* out) {
  out->clear();
  if (arg == "all") {
    for (const auto& e : eras::allEras())
      out->push_back(e.name);
    return true;
  }
  std::stringstream ss(arg);
  std::string name;
  while (std::getline(ss, name, ',')) {
    if (!eras::findEra(name)) {
      badInput(fmt::format("--era {}: unknown era '{}' (expected one of: {}, all)", arg, name,
                           eras::eraNames()));
      return false;
    }
    out->push_back(name);
  }
  if (out->empty()) {
    badInput(fmt::format("--era: expected an era name (one of: {}, all)", eras::eraNames()));
    return false;
  }
  return true;
}

nlohmann::json traceHeader(const scenario::Scenario& s, const std::string& era, int procs,
                           uint64_t seed, const rt::CostModel* inForce, uint32_t categories) {
  trace::HeaderInfo h;
  h.scenario = s.name;
  h.file = s.file;
  h.text = s.text;
  h.era = era;
  h.gomaxprocs = procs;
  h.seed = seed;
  if (inForce) h.cost = *inForce;
  h.categories = categories;
  return trace::makeHeader(h);
}

}  // namespace gotimers::cli

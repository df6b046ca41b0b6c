// Options shared by the commands that run scenarios (run, compare, sweep, animate, ...):
// loading the scenario with --set overrides, the era list, limits and the trace header.
#pragma once
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "scenario/interpreter.h"
#include "scenario/scenario.h"

namespace gotimers::cli {

struct ScenarioArgs {
  std::string scenario;
  int procs = 0;
  std::optional<uint64_t> seed;
  std::vector<std::string> sets;
  std::string timeLimit;
  std::optional<uint64_t> eventLimit;
  std::string costModel;  // --cost-model FILE
};

// Adds the positional scenario and --procs/--seed/--set/--time-limit/--event-limit/
// --cost-model.
void addScenarioOptions(CLI::App* c, ScenarioArgs& a);

// Loads the scenario and applies --set; on bad input prints the message and returns nullopt.
std::optional<scenario::Scenario> loadScenarioArgs(const ScenarioArgs& a);

// RunOptions from the args (procs, seed, limits, cost model); returns false after printing a
// message.
bool runOptionsFromArgs(const ScenarioArgs& a, scenario::RunOptions* opts);

// "all" or a comma-separated list of era names; returns false after printing a message.
bool parseEraList(const std::string& arg, std::vector<std::string>* out);

// The first line of a JSON trace: schema, tool, scenario, era, GOMAXPROCS, seed, the cost
// model in force (cost, or the defaults) and the categories written (trace::Cat bitmask).
nlohmann::json traceHeader(const scenario::Scenario& s, const std::string& era, int procs,
                           uint64_t seed, const rt::CostModel* cost = nullptr,
                           uint32_t categories = 0xff);

}  // namespace gotimers::cli

// Options shared by the commands that run scenarios (run, compare, sweep, animate, ...):
// loading the scenario with --set overrides, the era list, limits and the trace header.
#pragma once
#include <CLI/CLI.hpp>
#include <atomic>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "metrics/run_metrics.h"
#include "runtime/command_defaults.h"
#include "runtime/cost_model.h"
#include "scenario/interpreter.h"
#include "scenario/scenario.h"

namespace gotimers::cli {

// The cost model a command starts from: rt::CostModel with rt::kCommandNoisePct (10), unless
// --noise or a --cost-model file's noise_pct says otherwise (docs/cost-model.md, "Noise"). The
// cost model itself (rt::CostModel, the C++ API) defaults to none.
rt::CostModel commandCostModel();

struct ScenarioArgs {
  std::string scenario;
  int procs = 0;
  std::optional<uint64_t> seed;
  std::vector<std::string> sets;
  std::string timeLimit;
  std::optional<uint64_t> eventLimit;
  std::string costModel;         // --cost-model FILE
  std::optional<int64_t> ncpu;   // --ncpu N: the cost model's cpu_threads, over --cost-model's
  std::optional<int64_t> noise;  // --noise PCT: the cost model's noise_pct, likewise
  std::optional<int64_t> goroutineLimit;
  std::optional<int64_t> timerLimit;
  std::string memoryLimit;
  std::string wallLimit;
  std::optional<int64_t> spinLimit;
  bool check = false;
};

// Adds the positional scenario, --procs/--seed/--set, the limits (--time-limit,
// --event-limit, --goroutine-limit, --timer-limit, --memory-limit, --wall-limit,
// --spin-limit), --check, --cost-model and --ncpu.
void addScenarioOptions(CLI::App* c, ScenarioArgs& a);
// --cost-model FILE and --ncpu N (also used by sweep, which has no positional scenario).
void addCostOptions(CLI::App* c, ScenarioArgs& a);

// "4GiB", "512MiB", "100MB", "65536": a byte count; nullopt (and *err) if malformed.
std::optional<int64_t> parseByteSize(const std::string& s, std::string* err);

// Installs the SIGINT and SIGTERM handlers (once): the first signal sets the flag runs poll, so the
// running simulation stops at its next event and the command cleans up; a second one
// kills the process. Returns the flag: the signal's number, 0 until one came.
const std::atomic<int>* interruptFlag();
// True once SIGINT (or SIGTERM) was received.
bool interrupted();
// A command's exit status as the shell expects it: 130 (stopped by SIGINT) becomes 143
// when the signal was SIGTERM. main() applies it to every command.
int interruptExitStatus(int status);
// For commands that run a grid (compare, calibrate): if Ctrl-C stopped some run, says so on
// stderr (nothing is shown or written of partial runs) and returns true; the command then
// exits with 130.
bool reportInterrupted(const std::vector<metrics::RunMetrics>& runs, const std::string& what);

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

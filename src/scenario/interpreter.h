// Running a scenario: its operations become goroutines (C++20 coroutines) on the simulated
// runtime of one era; expectations are checked as the program runs.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "go/program.h"
#include "scenario/scenario.h"

namespace gotimers::scenario {

struct RunOptions {
  std::string era = "go1.9";
  int procs = 0;                 // 0: the scenario's gomaxprocs
  std::optional<uint64_t> seed;  // default: the scenario's
  std::optional<int64_t> timeLimit;
  std::optional<uint64_t> eventLimit;
  std::optional<rt::CostModel> cost;
  trace::Sink* sink = nullptr;
  bool fingerprint = false;
  bool check = rt::RunConfig::checkByDefault;  // --check (RunConfig::check)
  // Sets the other limits of RunConfig (goroutines, timers, memory, wall clock, spin,
  // interrupt flag), e.g. from the CLI's flags.
  std::function<void(rt::RunConfig&)> limits;
};

// The benchmark's timed region (b.ResetTimer .. b.StopTimer), when the scenario has one.
struct BenchTiming {
  int64_t start = -1;  // virtual ns at b.ResetTimer
  int64_t end = -1;    // virtual ns at b.StopTimer
  int64_t n = 0;       // b.N
  bool complete() const { return start >= 0 && end >= start && n > 0; }
  double nsPerOp() const { return complete() ? double(end - start) / double(n) : 0; }
};

struct ScenarioResult {
  go::ProgramResult program;
  BenchTiming bench;
  std::vector<std::string> failures;  // failed expectations, each "FILE:L:C: PATH: what"
  int gomaxprocs = 1;
  uint64_t seed = 1;
  // The program ended abnormally (a deadlock or a panic) as the scenario's expect says it
  // should: its exit status is then 0 and `run` says "(expected)".
  bool expectedEnding = false;
  // 0 normal, 1 an expectation failed, 2 Go's exit status for deadlock/panic (when not
  // expected), 3 a limit was hit.
  int exitCode() const;
};

ScenarioResult runScenario(const Scenario& s, const RunOptions& opts);

// The runtime options of a run: opts over the scenario's own gomaxprocs, seed and time limit
// (a Go program's are GOMAXPROCS 1 and seed 1, as a default Scenario has).
go::ProgramOptions programOptions(const Scenario& s, const RunOptions& opts);

// The "expectOn" selectors a run has, most specific first: "sync" (Go 1.23+ synchronous
// timer channels: asynctimerchan=0), "lazy" (channel timers in a heap only while a receiver
// blocks: asynctimerchan=0 or 2), "go1.23" (any go1.23 option); none before Go 1.23.
std::vector<std::string> runTraits(int goMinor, int asyncTimerChan);
// holder["expectOn"][the first of traits it has], or nullptr.
const nlohmann::json* pickExpectOn(const nlohmann::json& holder,
                                   const std::vector<std::string>& traits);

}  // namespace gotimers::scenario

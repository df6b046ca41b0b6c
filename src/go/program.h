// Running a Go-like program (a main goroutine body) on one era of the simulated runtime.
#pragma once
#include <functional>
#include <string>

#include "go/go.h"
#include "runtime/runtime.h"

namespace gotimers::go {

struct ProgramResult {
  rt::RunResult run;
  std::string output;  // what the program printed
  rt::Metrics metrics;
  uint64_t fingerprint = 0;  // of the event stream (when fingerprinting)
  uint64_t events = 0;
  size_t liveTimers = 0;         // timers left in heaps at exit
  int64_t leakedGoroutines = 0;  // user goroutines still blocked at exit
  std::string leakReport;        // those goroutines, as Go lists them
  std::string timerReport;       // timers still in heaps at exit (first few of each heap)
  struct LockSummary {
    std::string name;
    rt::LockStats stats;
  };
  std::vector<LockSummary> locks;  // runtime locks (sched.lock, timer locks), in creation order
  std::string eraName;
};

struct ProgramOptions {
  std::string era = "go1.9";
  rt::RunConfig config;
  bool fingerprint = false;
  trace::Sink* sink = nullptr;
  // Checks the era's invariants once more when the run is over (config.check checks them
  // throughout the run).
  bool checkInvariants = false;
  // Called when the run is over, before the runtime is torn down; the text is appended to
  // the run's report (the scenario interpreter names loops that never block).
  std::function<std::string(const rt::RunResult&)> explainEnd;
};

// Runs mainBody as the main goroutine. Throws std::invalid_argument for an unknown era.
ProgramResult runProgram(const ProgramOptions& opts, const std::function<Task<void>()>& mainBody);

}  // namespace gotimers::go

// The heap lab: replays add/del/reset/pop/run operations on one era's timer heap.
//
// How (exact by construction): the operations run as a tiny Go program on the simulated
// runtime of that era, GOMAXPROCS=1 (or --procs N, or enough for every @Pk), in its main
// goroutine, which makes each call on P0 or on the @Pk asked for (Runtime::labMoveToP).
// add/del/reset call the era's real entry points (addtimer, deltimer, resettimer / Timer.Reset's
// version rules, as src/go/time.cpp); pop and run block the main goroutine in notetsleepg (a plain
// thread sleep, which adds no timer) until the due time, so that the era's own machinery runs the
// timers: timerproc in go1.9/go1.13, checkTimers/runtimer from the scheduler in go1.14+.
// There is no second heap implementation: snapshots come from era().heaps() and every
// frame from the era's own heap events (Recorder).
//
// Time: lab time W is virtual time kLabBase + W * kLabUnit (1 ms units). `run NOW` sleeps
// until half a unit past NOW, so every timer with when <= NOW runs and none later. `pop`
// is `run` at the root's when: it runs the root and any timer due at the same instant, as
// Go's timerproc and checkTimers do (no Go code path runs one of two due timers).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "heaplab/model.h"
#include "heaplab/ops.h"

namespace gotimers::heaplab {

inline constexpr int64_t kLabUnit = 1'000'000;  // ns per lab time unit
inline constexpr int64_t kLabBase = kLabUnit;   // lab time 0

struct LabStep {
  Op op;
  std::string result;           // "Stop(b) = true", "ran a, c", ""
  std::vector<HeapSnap> heaps;  // after the operation
};

struct LabResult {
  std::string era;
  int goMinor = 0;
  int procs = 1;  // GOMAXPROCS of the lab's run
  std::vector<LabStep> steps;
  Animation anim;
  int mismatches = 0;  // Recorder self-check (0 unless the recorder is wrong)
};

// ok, or the operation that could not run (unknown timer, pop on an empty heap, ...).
struct LabOutcome {
  std::optional<LabResult> result;
  std::optional<ParseError> error;
};

// Throws std::invalid_argument for an unknown era (the CLI checks the name first). procs:
// GOMAXPROCS (0: enough for every @Pk of the operations, at least 1); an @Pk beyond it is an
// error of that operation.
LabOutcome runLab(const std::vector<Op>& ops, const std::string& era, int procs = 0);

// The heap as an array line and as a tree ("[0] a=10 ...").
std::string formatArray(const HeapSnap& h);
std::string formatTree(const HeapSnap& h);
nlohmann::json labJson(const LabResult& r);

}  // namespace gotimers::heaplab

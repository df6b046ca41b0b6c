// The heap lab's and the animations' data model: heap snapshots and animation frames.
//
// A Frame is one step a viewer sees: the state of every shown heap *after* the step, which
// indices it concerns (the compared keys of a sift step), one narration sentence, the Go
// function and line it stands for, and the lock/timerproc strip. Frames are built from the
// event log (trace::Event) by Recorder; the HTML player, the SVG and the GIF all draw them.
// Statuses are data (the era's own names), never an enum the viewers know.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace gotimers::heaplab {

struct TimerSnap {
  uint32_t id = 0;
  std::string name;      // "a" in the lab, "t12" in scenario runs
  double when = 0;       // the heap key, in display units (Animation::unit)
  double nextwhen = -1;  // go1.14+ timerModifiedXX: the pending when; -1 if none
  std::string status;    // the era's status name ("timerDeleted"); "" for eras without
  bool operator==(const TimerSnap&) const = default;
};

struct HeapSnap {
  int id = 0;
  std::string name;  // "timers", "bucket 3", "P0"
  std::vector<TimerSnap> t;
  bool operator==(const HeapSnap&) const = default;
};

struct LockRow {
  std::string name;    // "timers.lock", "P0.timersLock"
  std::string holder;  // "G1 (main)", "" if free
  std::string note;    // "waited 1.2µs (active spin)"
};

struct ProcRow {
  std::string name;   // "timerproc", "timerproc(timers[0])", "M2"
  std::string state;  // "running", "sleeping until 20", "parked (no timers)"
};

struct Frame {
  std::string kind;     // op, push, sift, remove, fill, pop, settle, status, fire, lock, proc
  int op = -1;          // index of the operation this frame belongs to (-1: none)
  int64_t t = 0;        // virtual time, ns
  int heap = -1;        // index into heaps of the heap it concerns, -1 if none
  std::vector<int> hi;  // highlighted indices in that heap (moving, compared)
  std::string text;     // one narration sentence
  std::string fn;       // Go function shown in the code pane ("" keeps the previous)
  int line = -1;        // 0-based line in fn to highlight
  std::vector<HeapSnap> heaps;
  std::vector<LockRow> locks;
  std::vector<ProcRow> procs;
};

struct OpInfo {
  std::string text;
  size_t pos = 0;
  std::string result;  // "Stop(b) = true", "ran a, c"
};

struct CodeFn {
  std::string name, tag;
  std::vector<std::string> lines;
};

struct Animation {
  std::string title;
  std::string era;                    // "go1.9", "go1.14@go1.15"
  std::string layout;                 // "global", "buckets", "perP"
  int bucketCount = 0;                // buckets layout: 64
  std::string unit;                   // "" (lab units) or "ms"
  std::vector<std::string> statuses;  // the era's status names, in its order
  std::vector<OpInfo> ops;
  std::vector<CodeFn> code;
  std::vector<Frame> frames;
};

nlohmann::json toJson(const Animation& a);
nlohmann::json toJson(const HeapSnap& h);

}  // namespace gotimers::heaplab

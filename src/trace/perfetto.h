// The Perfetto / Chrome trace export (--perfetto FILE.json): the event log as a Chrome Trace
// Event Format file (object form, displayTimeUnit ns) that ui.perfetto.dev and
// chrome://tracing load. One process per era run, so a comparison run puts eras side by side.
//
// Rows (threads) of a run, in this order: P0..Pn (goroutine runs, lock waits, timer fires),
// timerproc[b] (go1.9/go1.13: sleeps and parks), one per runtime lock (who holds it), M<m>
// (threads without a P: sleeps in stopm, notetsleepg, netpoll). Process-wide: async slices
// for timer lifetimes (armed -> fired / stopped / reset), counters for heap lengths, timers
// in heaps and lock waiters, flow arrows from where a timer was armed to where it fired.
//
// Invariant of the output: complete (X) slices nest strictly per (pid, tid) — a slice that
// would end after its parent is clipped to the parent's end (args.clipped = 1) — every async
// begin has its end, every flow has one start and one end inside a slice, and every row has
// thread_name and thread_sort_index metadata. The events must arrive in virtual-time order
// (through an OrderedSink).
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "trace/event.h"

namespace gotimers::trace {

class PerfettoTrace;

// Records one run (one process of the file).
class PerfettoRun : public Sink {
 public:
  void onEvent(const Event& e) override;
  // Ends the run at time end: closes what is still open and adds the run's events to the
  // file. lockNames[i] names lock id i (runtime registration order).
  void finish(Time end, const std::vector<std::string>& lockNames);

 private:
  friend class PerfettoTrace;
  PerfettoRun(PerfettoTrace* file, int pid, std::string name)
      : file_(file), pid_(pid), name_(std::move(name)) {}

  struct Slice {
    Time start, end;
    std::string name;
    std::string args;   // a JSON object's members, without braces ("" for none)
    int64_t lock = -1;  // a lock wait: the name is completed with the lock's name at finish
  };
  struct Arm {  // one timer lifetime: armed at start, ended at end (fired or not)
    int64_t timer = 0;
    Time start = 0, end = -1;
    int startTid = 0;
    int endTid = -1;
    bool fired = false;
    std::string how;
  };
  struct Open {
    Time start;
    int tid;
    std::string name, args;
  };
  int actorTid(const Event& e);
  void slice(int tid, Time start, Time end, std::string name, std::string args = {},
             int64_t lock = -1);
  void counter(Time t, const std::string& name, const char* series, int64_t v);
  void instant(int tid, Time t, const char* name, std::string args = {});
  void closeG(int64_t goid, Time t, const char* why);
  void endArm(int64_t timer, Time t, int tid, const char* how, bool fired);

  PerfettoTrace* file_;
  int pid_;
  std::string name_;
  Time last_ = 0;
  std::map<int, std::string> rowNames_;       // tid -> name (lock rows named at finish)
  std::map<int, std::vector<Slice>> slices_;  // tid -> slices, in start order
  std::vector<std::string> out_;              // counters, instants (JSON objects)
  std::map<int64_t, Open> runningG_;          // goid -> open run slice
  std::map<int64_t, Open> held_;              // lock id -> open hold slice
  std::map<int64_t, Open> tpSleep_;           // timerproc bucket -> open sleep/park
  std::map<int64_t, Open> mSleep_;            // M -> open sleep
  std::map<int64_t, std::vector<std::pair<Time, int>>> waiters_;  // lock id -> (t, +-1)
  std::map<int64_t, size_t> armed_;    // timer -> index in arms_ of its open lifetime
  std::map<int64_t, int64_t> period_;  // timer -> period (tickers re-arm on fire)
  std::vector<Arm> arms_;
  std::map<int64_t, int64_t> heapLen_;
  int64_t inHeaps_ = 0;
};

// The file: runs side by side, written at once (one JSON object).
class PerfettoTrace {
 public:
  explicit PerfettoTrace(std::string toolVersion) : tool_(std::move(toolVersion)) {}
  // A new run (process) named name; valid as long as this PerfettoTrace.
  PerfettoRun& beginRun(const std::string& name);
  std::string json() const;
  // Writes the file atomically; false with *err set on failure.
  bool write(const std::string& path, std::string* err) const;

 private:
  friend class PerfettoRun;
  std::string tool_;
  std::vector<std::unique_ptr<PerfettoRun>> runs_;
  std::vector<std::string> events_;  // finished runs' events, each a JSON object
  int64_t nextFlow_ = 1;
};

// ns -> the format's microseconds, exactly ("1234.567").
std::string usString(int64_t ns);

}  // namespace gotimers::trace

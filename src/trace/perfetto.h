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
//
// Streamed: the file is written while the run goes, in memory that follows what is open
// (running goroutines, armed timers, held locks), not what has happened. A slice is written
// once no later slice of its row can start before it: the row's open slices and the
// OrderedSink's watermark (the earliest start of anything still to come, lock waits included)
// bound that, so the slices of a row go out in the order a whole-file sort would give and
// are clipped against the same ancestors. Lock-waiter counts wait for the watermark too (a
// wait reported at t began at t - wait). Events are written in that order, not sorted by
// time: viewers sort them.
#pragma once
#include <fmt/compile.h>
#include <fmt/format.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "trace/event.h"

namespace gotimers::trace {

class PerfettoTrace;

// Records one run (one process of the file).
class PerfettoRun : public Sink {
 public:
  void onEvent(const Event& e) override;
  void onLockRegistered(int id, const std::string& name) override;
  void onWatermark(Time w) override { watermark_ = w; }
  bool wantsWatermark() const override { return true; }
  // Ends the run at time end: closes what is still open and writes the rest of the run.
  void finish(Time end);
  // Slices and waiter changes that arrived earlier than the watermark had promised (0 unless
  // a bound in the runtime is wrong; written all the same).
  uint64_t late() const { return late_; }
  // The largest number of slices and waiter changes held back at once, written slices kept
  // as possible parents included (what streaming keeps besides what is open).
  size_t maxPending() const { return maxPending_; }

 private:
  friend class PerfettoTrace;
  PerfettoRun(PerfettoTrace* file, int pid, std::string name)
      : file_(file), pid_(pid), name_(std::move(name)) {}

  struct Slice {
    Time start, end;
    std::string name;
    std::string args;   // a JSON object's members, without braces ("" for none)
    int64_t lock = -1;  // a lock wait: the name is completed with the lock's name
  };
  // A row's slices not yet written (pending, unordered) and the written slices that can
  // still enclose a later one (written: those ending after the watermark, or enclosing the
  // start of an open or pending slice). Every slice still to come starts at or after flushed
  // or is one of the row's open slices.
  struct Span {
    Time start, end;
  };
  struct Row {
    std::vector<Slice> pending;
    std::vector<Span> written;
    Time flushed = 0;
  };
  struct Arm {  // one timer lifetime, armed at start
    Time start = 0;
    int startTid = 0;
  };
  struct Open {
    Time start;
    int tid;
    std::string name, args;
  };
  // A lock's waiter count: +1 at a wait's start, -1 at its end, not yet written (pending)
  // and the count up to flushed.
  struct Waiters {
    std::vector<std::pair<Time, int>> pending;
    int64_t n = 0;
    Time flushed = 0;
  };
  int actorTid(const Event& e);
  void slice(int tid, Time start, Time end, std::string name, std::string args = {},
             int64_t lock = -1);
  void counter(Time t, std::string_view name, const char* series, int64_t v);
  void instant(int tid, Time t, const char* name, std::string_view args = {});
  void closeG(int64_t goid, Time t, const char* why);
  void arm(int64_t timer, Time t, int tid);
  void endArm(int64_t timer, Time t, int tid, const char* how, bool fired);
  void writeArm(int64_t timer, const Arm& a, Time end, int endTid, std::string_view how,
                bool fired);
  std::string lockName(int64_t id) const;
  // Writes what can no longer change: each row's slices that no later slice can precede or
  // clip, each lock's waiter changes before the watermark (all of it when upTo is maxWhen).
  void flush(Time upTo);
  void flushRow(int tid, Row& row, Time upTo, const std::vector<Time>& open);
  void flushWaiters(int64_t lock, Waiters& w, Time upTo);

  PerfettoTrace* file_;
  int pid_;
  std::string name_;
  Time last_ = 0;
  Time watermark_ = 0;
  uint64_t sinceFlush_ = 0;
  size_t pending_ = 0;  // slices and waiter changes held back, written spans kept
  size_t maxPending_ = 0;
  uint64_t late_ = 0;
  std::vector<std::string> lockNames_;   // by lock id
  std::map<int, std::string> rowNames_;  // tid -> name (lock rows named at finish)
  std::map<int, Row> rows_;              // tid -> slices
  std::map<int64_t, Open> runningG_;     // goid -> open run slice
  std::map<int, int64_t> rowG_;          // tid -> the goid running there
  std::map<int64_t, Open> held_;         // lock id -> open hold slice
  std::map<int64_t, Open> tpSleep_;      // timerproc bucket -> open sleep/park
  std::map<int64_t, Open> mSleep_;       // M -> open sleep
  std::map<int64_t, Waiters> waiters_;   // lock id -> waiter count
  std::map<int64_t, Arm> armed_;         // timer -> its open lifetime
  std::map<int64_t, int64_t> period_;    // timer -> period, tickers only (re-armed on fire)
  std::map<int64_t, int64_t> heapLen_;
  int64_t inHeaps_ = 0;
};

// The file: runs side by side (one after another), streamed to an output as one JSON object.
class PerfettoTrace {
 public:
  // Receives the file in pieces, in order (an io::AtomicWriter's write, or a string).
  using Output = std::function<void(std::string_view)>;
  PerfettoTrace(std::string toolVersion, Output out);
  // A new run (process) named name, after the previous one's finish; valid as long as this
  // PerfettoTrace.
  PerfettoRun& beginRun(const std::string& name);
  // Closes the JSON object and hands out the rest (after the last run's finish).
  void finish();

 private:
  friend class PerfettoRun;
  // Appends one event (a JSON object) formatted in place.
  template <typename Format, typename... Args>
  void addf(const Format& format, Args&&... args) {
    if (!first_) buf_.append(std::string_view(",\n"));
    first_ = false;
    fmt::format_to(fmt::appender(buf_), format, std::forward<Args>(args)...);
    if (buf_.size() >= kDrainBytes) drain();
  }
  static constexpr size_t kDrainBytes = 1 << 20;
  void drain();
  Output out_;
  fmt::memory_buffer buf_;  // pieces not yet handed out
  bool first_ = true;
  std::vector<std::unique_ptr<PerfettoRun>> runs_;
  int64_t nextFlow_ = 1;
};

// ns -> the format's microseconds, exactly ("1234.567").
std::string usString(int64_t ns);

}  // namespace gotimers::trace

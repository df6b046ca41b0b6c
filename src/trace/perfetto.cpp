#include "trace/perfetto.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

namespace gotimers::trace {

namespace {
// Row ids (tid) and their order (thread_sort_index) within a run.
constexpr int kRuntimeTid = 1;  // events of no M (rare: before the first M runs)
int pTid(int64_t p) {
  return 10 + static_cast<int>(p);
}
int timerprocTid(int64_t b) {
  return 2000 + static_cast<int>(b);
}
int lockTid(int64_t l) {
  return 3000 + static_cast<int>(l);
}
int mTid(int64_t m) {
  return 5000 + static_cast<int>(m);
}
int sortIndex(int tid) {
  if (tid >= 5000) return 4000 + (tid - 5000);  // M rows after the locks
  if (tid >= 3000) return 2000 + (tid - 3000);
  if (tid >= 2000) return 1000 + (tid - 2000);
  if (tid >= 10) return tid - 10;  // P rows first
  return 9000;
}

const char* mStateName(int64_t st) {
  switch (st) {
    case 3:
      return "stopm (idle)";
    case 4:
      return "notetsleepg";
    case 5:
      return "netpoll";
    default:
      return "sleep";
  }
}

const char* phaseName(int64_t ph) {
  switch (ph) {
    case 0:
      return "cas";
    case 1:
      return "active_spin";
    case 2:
      return "passive_spin";
    case 3:
      return "futex";
  }
  return "?";
}

// A JSON string literal of s, formatted in place (Quoted{s}). Generated names (rows, slices)
// are plain ASCII and are copied as they are; anything else (a program's print, a scenario's
// name) goes through nlohmann's escaping, invalid UTF-8 replaced.
struct Quoted {
  std::string_view s;
};
bool plain(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') return false;
  return true;
}
std::string quote(std::string_view s) {
  return nlohmann::json(std::string(s))
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}
// ns as the format's microseconds, exactly ("1234.567"), formatted in place (Us{ns}).
struct Us {
  int64_t ns;
};
}  // namespace
}  // namespace gotimers::trace

template <>
struct fmt::formatter<gotimers::trace::Quoted> {
  constexpr auto parse(format_parse_context& ctx) { return ctx.begin(); }
  template <typename Ctx>
  auto format(const gotimers::trace::Quoted& q, Ctx& ctx) const {
    if (!gotimers::trace::plain(q.s))
      return fmt::format_to(ctx.out(), "{}", gotimers::trace::quote(q.s));
    return fmt::format_to(ctx.out(), FMT_COMPILE("\"{}\""), q.s);
  }
};

template <>
struct fmt::formatter<gotimers::trace::Us> {
  constexpr auto parse(format_parse_context& ctx) { return ctx.begin(); }
  template <typename Ctx>
  auto format(const gotimers::trace::Us& u, Ctx& ctx) const {
    int64_t ns = u.ns < 0 ? 0 : u.ns;
    // compiled: parsing "{:03d}" on every call cost more than the digits (a hot path)
    return fmt::format_to(ctx.out(), FMT_COMPILE("{}.{:03d}"), ns / 1000,
                          static_cast<int>(ns % 1000));
  }
};

namespace gotimers::trace {

std::string usString(int64_t ns) {
  return fmt::format("{}", Us{ns});
}

namespace {
// Flush what can be written after this many events (a flush looks at every row and lock).
constexpr uint64_t kFlushEvery = 512;
}  // namespace

int PerfettoRun::actorTid(const Event& e) {
  int tid;
  if (e.p >= 0) {
    tid = pTid(e.p);
    if (!rowNames_.count(tid)) rowNames_[tid] = fmt::format(FMT_COMPILE("P{}"), e.p);
  } else if (e.m >= 0) {
    tid = mTid(e.m);
    if (!rowNames_.count(tid)) rowNames_[tid] = fmt::format(FMT_COMPILE("M{} (no P)"), e.m);
  } else {
    tid = kRuntimeTid;
    rowNames_[tid] = "runtime";
  }
  return tid;
}

void PerfettoRun::onLockRegistered(int id, const std::string& name) {
  if (id < 0) return;
  if (lockNames_.size() <= static_cast<size_t>(id)) lockNames_.resize(static_cast<size_t>(id) + 1);
  lockNames_[static_cast<size_t>(id)] = name;
}

std::string PerfettoRun::lockName(int64_t id) const {
  if (id >= 0 && static_cast<size_t>(id) < lockNames_.size() &&
      !lockNames_[static_cast<size_t>(id)].empty())
    return lockNames_[static_cast<size_t>(id)];
  return fmt::format("lock {}", id);
}

void PerfettoRun::slice(int tid, Time start, Time end, std::string name, std::string args,
                        int64_t lock) {
  Row& row = rows_[tid];
  row.pending.push_back(Slice{start, std::max(start, end), std::move(name), std::move(args), lock});
  maxPending_ = std::max(maxPending_, ++pending_);
}

void PerfettoRun::counter(Time t, std::string_view name, const char* series, int64_t v) {
  file_->addf(FMT_COMPILE(R"({{"ph":"C","pid":{},"ts":{},"name":{},"args":{{"{}":{}}}}})"), pid_,
              Us{t}, Quoted{name}, series, v);
}

void PerfettoRun::instant(int tid, Time t, const char* name, std::string_view args) {
  file_->addf(
      FMT_COMPILE(R"({{"ph":"i","s":"t","pid":{},"tid":{},"ts":{},"name":"{}","args":{{{}}}}})"),
      pid_, tid, Us{t}, name, args);
}

void PerfettoRun::closeG(int64_t goid, Time t, const char* why) {
  auto it = runningG_.find(goid);
  if (it == runningG_.end()) return;
  slice(it->second.tid, it->second.start, t, std::move(it->second.name),
        fmt::format(FMT_COMPILE(R"("goid":{},"until":"{}")"), goid, why));
  rowG_.erase(it->second.tid);
  runningG_.erase(it);
}

// A timer armed at t from row tid. Its flow arrow (if it fires) starts inside a slice of
// that row: the goroutine running there, the fire slice a ticker is re-armed in, or else an
// anchor slice "arm timer N" drawn now.
void PerfettoRun::arm(int64_t timer, Time t, int tid) {
  armed_[timer] = Arm{t, tid};
  if (rowG_.count(tid)) return;
  if (auto it = rows_.find(tid); it != rows_.end()) {
    const auto& p = it->second.pending;
    if (!p.empty() && p.back().start <= t && t <= p.back().end) return;
  }
  slice(tid, t, t + 1, fmt::format(FMT_COMPILE("arm timer {}"), timer),
        fmt::format(FMT_COMPILE(R"("timer":{})"), timer));
}

void PerfettoRun::endArm(int64_t timer, Time t, int tid, const char* how, bool fired) {
  auto it = armed_.find(timer);
  if (it == armed_.end()) return;
  writeArm(timer, it->second, t, tid, how, fired);
  armed_.erase(it);
}

// The lifetime as an async slice (b/e), and if it fired the flow from arming to firing.
void PerfettoRun::writeArm(int64_t timer, const Arm& a, Time end, int endTid, std::string_view how,
                           bool fired) {
  const uint64_t id = (static_cast<uint64_t>(pid_) << 32) | static_cast<uint64_t>(timer);
  file_->addf(
      FMT_COMPILE(
          R"({{"ph":"b","cat":"timer","id":"0x{:x}","pid":{},"tid":{},"ts":{},"name":"timer {}","args":{{"timer":{}}}}})"),
      id, pid_, a.startTid, Us{a.start}, timer, timer);
  file_->addf(
      FMT_COMPILE(
          R"({{"ph":"e","cat":"timer","id":"0x{:x}","pid":{},"tid":{},"ts":{},"name":"timer {}","args":{{"how":"{}"}}}})"),
      id, pid_, endTid >= 0 ? endTid : a.startTid, Us{end}, timer, how);
  if (!fired) return;
  int64_t flow = file_->nextFlow_++;
  file_->addf(
      FMT_COMPILE(
          R"({{"ph":"s","cat":"timer","id":{},"pid":{},"tid":{},"ts":{},"name":"timer armed -> fired"}})"),
      flow, pid_, a.startTid, Us{a.start});
  file_->addf(
      FMT_COMPILE(
          R"({{"ph":"f","bp":"e","cat":"timer","id":{},"pid":{},"tid":{},"ts":{},"name":"timer armed -> fired"}})"),
      flow, pid_, endTid, Us{end});
}

void PerfettoRun::onEvent(const Event& e) {
  last_ = std::max(last_, e.t);
  const Time t = e.t;
  const auto& a = e.a;
  int tid = actorTid(e);
  switch (e.kind) {
    case Kind::GoStart:
    case Kind::GoSysExit: {
      closeG(a[1], t, "restarted");
      if (auto it = rowG_.find(tid); it != rowG_.end())  // one G per P row at a time
        closeG(it->second, t, "replaced");
      runningG_[a[1]] = Open{t, tid, fmt::format(FMT_COMPILE("G{}"), a[1]), {}};
      rowG_[tid] = a[1];
      break;
    }
    case Kind::GoPark:
      closeG(a[1], t, "park");
      break;
    case Kind::GoExit:
      closeG(a[1], t, "exit");
      break;
    case Kind::GoSched:
      closeG(a[1], t, "preempted");
      break;
    case Kind::GoSysBlock:
      closeG(a[1], t, "syscall");
      break;
    case Kind::LockAcquire:
      if (a[1] != 0) {  // contended (phase past CAS): a wait worth showing
        // a wait is reported as it ends: its start must not precede what is written
        if (t - a[2] < rows_[tid].flushed) late_++;
        slice(tid, t - a[2], t, "wait ",
              fmt::format(FMT_COMPILE(R"("phase":"{}","wait_ns":{})"), phaseName(a[1]), a[2]),
              a[0]);
        Waiters& w = waiters_[a[0]];
        if (t - a[2] < w.flushed) late_++;
        w.pending.push_back({t - a[2], +1});
        w.pending.push_back({t, -1});
        pending_ += 2;
        maxPending_ = std::max(maxPending_, pending_);
      }
      if (a[0] < 0) break;  // an unregistered lock (a channel's): no row of its own
      held_[a[0]] = Open{t, lockTid(a[0]),
                         e.p >= 0 ? fmt::format(FMT_COMPILE("held by P{}"), e.p)
                                  : fmt::format(FMT_COMPILE("held by M{}"), e.m),
                         fmt::format(FMT_COMPILE(R"("phase":"{}")"), phaseName(a[1]))};
      break;
    case Kind::LockRelease: {
      auto it = held_.find(a[0]);
      if (it != held_.end()) {
        slice(it->second.tid, it->second.start, t, std::move(it->second.name),
              std::move(it->second.args));
        held_.erase(it);
      }
      break;
    }
    case Kind::TimerAdd:
      endArm(a[1], t, tid, "re-added", false);
      if (a[3] > 0) {
        period_[a[1]] = a[3];
      } else {
        period_.erase(a[1]);
      }
      arm(a[1], t, tid);
      break;
    case Kind::TimerReset:
      endArm(a[1], t, tid, "reset", false);
      arm(a[1], t, tid);
      break;
    case Kind::TimerDel:
      endArm(a[1], t, tid, "stopped", false);
      break;
    case Kind::TimerFire:
      slice(tid, t, t + 1, fmt::format(FMT_COMPILE("fire timer {}"), a[1]),
            fmt::format(FMT_COMPILE(R"("timer":{},"when":{},"late_ns":{})"), a[1], a[2], a[3]));
      endArm(a[1], t, tid, "fired", true);
      if (period_.count(a[1])) arm(a[1], t, tid);  // a ticker is re-armed as it fires
      break;
    case Kind::ProcSleep:
    case Kind::ProcPark: {
      int row = timerprocTid(a[0]);
      rowNames_[row] = fmt::format("timerproc[{}]", a[0]);
      bool park = e.kind == Kind::ProcPark;
      tpSleep_[a[0]] = Open{t, row, park ? "parked (heap empty)" : "sleep",
                            park ? "" : fmt::format(FMT_COMPILE(R"("until":{})"), a[2])};
      break;
    }
    case Kind::ProcWake: {
      auto it = tpSleep_.find(a[0]);
      if (it != tpSleep_.end()) {
        std::string args = std::move(it->second.args);
        if (!args.empty()) args += ',';
        args += a[2] ? R"("woken_by":"timeout")" : R"("woken_by":"notewakeup")";
        slice(it->second.tid, it->second.start, t, std::move(it->second.name), std::move(args));
        tpSleep_.erase(it);
      }
      break;
    }
    case Kind::MSleep: {
      int row = mTid(a[1]);
      if (!rowNames_.count(row)) rowNames_[row] = fmt::format(FMT_COMPILE("M{} (no P)"), a[1]);
      mSleep_[a[1]] = Open{t, row, mStateName(a[2]), {}};
      break;
    }
    case Kind::MWake:
    case Kind::NetpollWake: {
      auto it = mSleep_.find(a[1]);
      if (it != mSleep_.end()) {
        slice(it->second.tid, it->second.start, t, std::move(it->second.name),
              a[2] ? R"("woken_by":"timeout")" : R"("woken_by":"wakeup")");
        mSleep_.erase(it);
      }
      break;
    }
    case Kind::HeapPush:
    case Kind::HeapPop:
    case Kind::HeapRemove: {
      int64_t d = e.kind == Kind::HeapPush ? 1 : -1;
      int64_t& n = heapLen_[a[0]];
      n += d;
      inHeaps_ += d;
      // the most frequent events of a timer workload: formatted in one go, no name string
      file_->addf(
          FMT_COMPILE(
              R"({{"ph":"C","pid":{},"ts":{},"name":"heap {} length","args":{{"len":{}}}}})"),
          pid_, Us{t}, a[0], n);
      file_->addf(
          FMT_COMPILE(
              R"({{"ph":"C","pid":{},"ts":{},"name":"timers in heaps","args":{{"timers":{}}}}})"),
          pid_, Us{t}, inHeaps_);
      break;
    }
    case Kind::Steal:
      instant(tid, t, "steal", fmt::format(R"("victim":{},"timers":{})", a[1], a[2]));
      break;
    case Kind::NetpollBreak:
      instant(tid, t, "netpollBreak", {});
      break;
    case Kind::ChanDrop:
      instant(tid, t, "sendTime drop (buffer full)", fmt::format(R"("chan":{})", a[0]));
      break;
    case Kind::Print:
      instant(tid, t, "print", fmt::format(R"("text":{})", Quoted{e.text}));
      break;
    default:
      break;
  }
  if (++sinceFlush_ >= kFlushEvery) {
    sinceFlush_ = 0;
    flush(watermark_);
  }
}

void PerfettoRun::flush(Time upTo) {
  std::map<int, std::vector<Time>> open;  // row -> starts of its open slices
  for (auto* m : {&runningG_, &held_, &tpSleep_, &mSleep_})
    for (const auto& [k, o] : *m)
      open[o.tid].push_back(o.start);
  static const std::vector<Time> none;
  for (auto& [tid, row] : rows_) {
    auto it = open.find(tid);
    flushRow(tid, row, upTo, it == open.end() ? none : it->second);
  }
  for (auto& [l, w] : waiters_)
    flushWaiters(l, w, upTo);
}

namespace {
// True if a comes before b in a whole-row sort (start, longest first) and encloses b's start:
// the slices a clips b to.
bool encloses(Time aStart, Time aEnd, Time bStart, Time bEnd) {
  return aStart <= bStart && bStart < aEnd && !(aStart == bStart && aEnd < bEnd);
}
}  // namespace

// Writes the row's pending slices that nothing still to come can precede or clip: each
// starts before upTo (later slices start at or after it, or are open now), and either no
// open slice encloses it or it ends by upTo (an open slice ends at or after upTo, so cannot
// clip it). They go out in the order of a whole-row sort (start, longest first), each
// clipped to the end of the innermost written slice enclosing its start, as a sort of the
// whole run would clip it.
void PerfettoRun::flushRow(int tid, Row& row, Time upTo, const std::vector<Time>& open) {
  auto ready = [&](const Slice& s) {
    if (s.start >= upTo) return false;
    if (s.end <= upTo) return true;
    for (Time o : open)
      if (o <= s.start) return false;
    return true;
  };
  auto mid = std::stable_partition(row.pending.begin(), row.pending.end(), ready);
  std::stable_sort(row.pending.begin(), mid, [](const Slice& x, const Slice& y) {
    return x.start != y.start ? x.start < y.start : x.end > y.end;
  });
  for (auto it = row.pending.begin(); it != mid; ++it) {
    Slice& s = *it;
    Time clip = maxWhen;
    for (const Span& w : row.written)
      if (encloses(w.start, w.end, s.start, s.end)) clip = std::min(clip, w.end);
    bool clipped = s.end > clip;
    if (clipped) s.end = clip;
    if (s.lock >= 0) s.name += lockName(s.lock);
    if (clipped) s.args += s.args.empty() ? R"("clipped":1)" : R"(,"clipped":1)";
    file_->addf(
        FMT_COMPILE(R"({{"ph":"X","pid":{},"tid":{},"ts":{},"dur":{},"name":{},"args":{{{}}}}})"),
        pid_, tid, Us{s.start}, Us{s.end - s.start}, Quoted{s.name}, s.args);
    row.written.push_back(Span{s.start, s.end});
    maxPending_ = std::max(maxPending_, ++pending_);
  }
  pending_ -= static_cast<size_t>(mid - row.pending.begin());
  row.pending.erase(row.pending.begin(), mid);
  // keep the written slices a later one can still be enclosed by
  auto needed = [&](const Span& w) {
    if (w.end > upTo) return true;
    for (Time o : open)
      if (w.start <= o && o < w.end) return true;
    for (const Slice& p : row.pending)
      if (encloses(w.start, w.end, p.start, p.end)) return true;
    return false;
  };
  auto kept = std::remove_if(row.written.begin(), row.written.end(),
                             [&](const Span& w) { return !needed(w); });
  pending_ -= static_cast<size_t>(row.written.end() - kept);
  row.written.erase(kept, row.written.end());
  row.flushed = std::max(row.flushed, upTo);
}

// Writes the lock's waiter changes before upTo: one sample per time, after every change at it.
void PerfettoRun::flushWaiters(int64_t lock, Waiters& w, Time upTo) {
  if (w.pending.empty()) return;
  auto mid = std::stable_partition(w.pending.begin(), w.pending.end(),
                                   [&](const auto& d) { return d.first < upTo; });
  std::stable_sort(w.pending.begin(), mid, [](auto& x, auto& y) {
    return x.first != y.first ? x.first < y.first : x.second < y.second;
  });
  const std::string cname = "waiters " + lockName(lock);
  for (auto it = w.pending.begin(); it != mid; ++it) {
    w.n += it->second;
    if (std::next(it) != mid && std::next(it)->first == it->first) continue;
    counter(it->first, cname, "waiters", w.n);
  }
  pending_ -= static_cast<size_t>(mid - w.pending.begin());
  w.pending.erase(w.pending.begin(), mid);
  w.flushed = std::max(w.flushed, upTo);
}

void PerfettoRun::finish(Time end) {
  end = std::max(end, last_);
  // close what is still open
  std::vector<int64_t> gs;
  for (auto& [g, o] : runningG_)
    gs.push_back(g);
  for (int64_t g : gs)
    closeG(g, end, "end of run");
  for (auto* open : {&held_, &tpSleep_, &mSleep_}) {
    for (auto& [k, o] : *open) {
      std::string args = o.args;
      if (!args.empty()) args += ',';
      slice(o.tid, o.start, end, o.name, args + R"("until":"end of run")");
    }
    open->clear();
  }
  for (const auto& [timer, a] : armed_)
    writeArm(timer, a, end, -1, "live at exit", false);
  armed_.clear();
  flush(maxWhen);
  // metadata: the process and its rows
  file_->addf(
      FMT_COMPILE(R"({{"ph":"M","pid":{},"tid":0,"name":"process_name","args":{{"name":{}}}}})"),
      pid_, Quoted{name_});
  file_->addf(
      FMT_COMPILE(
          R"({{"ph":"M","pid":{},"tid":0,"name":"process_sort_index","args":{{"sort_index":{}}}}})"),
      pid_, pid_);
  for (auto& [tid, row] : rows_) {
    if (tid >= 3000 && tid < 5000) rowNames_[tid] = "lock " + lockName(tid - 3000);
    if (!rowNames_.count(tid)) rowNames_[tid] = fmt::format("row {}", tid);
  }
  for (auto& [tid, name] : rowNames_) {
    file_->addf(
        FMT_COMPILE(R"({{"ph":"M","pid":{},"tid":{},"name":"thread_name","args":{{"name":{}}}}})"),
        pid_, tid, Quoted{name});
    file_->addf(
        FMT_COMPILE(
            R"({{"ph":"M","pid":{},"tid":{},"name":"thread_sort_index","args":{{"sort_index":{}}}}})"),
        pid_, tid, sortIndex(tid));
  }
  rows_.clear();
  waiters_.clear();
}

PerfettoTrace::PerfettoTrace(std::string toolVersion, Output out) : out_(std::move(out)) {
  fmt::format_to(fmt::appender(buf_),
                 "{{\"displayTimeUnit\":\"ns\",\"otherData\":{{\"tool\":{},\"format\":\"gotimers "
                 "Perfetto export\"}},\"traceEvents\":[\n",
                 Quoted{toolVersion});
}

PerfettoRun& PerfettoTrace::beginRun(const std::string& name) {
  int pid = static_cast<int>(runs_.size()) + 1;
  runs_.push_back(std::unique_ptr<PerfettoRun>(new PerfettoRun(this, pid, name)));
  return *runs_.back();
}

void PerfettoTrace::drain() {
  if (buf_.size() > 0) out_(std::string_view(buf_.data(), buf_.size()));
  buf_.clear();
}

void PerfettoTrace::finish() {
  buf_.append(std::string_view(first_ ? "]}\n" : "\n]}\n"));
  drain();
}

}  // namespace gotimers::trace

#include "trace/perfetto.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "io/atomic_file.h"

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

std::string quote(const std::string& s) {
  return nlohmann::json(s).dump();
}
}  // namespace

std::string usString(int64_t ns) {
  if (ns < 0) ns = 0;
  return fmt::format("{}.{:03d}", ns / 1000, static_cast<int>(ns % 1000));
}

int PerfettoRun::actorTid(const Event& e) {
  int tid;
  if (e.p >= 0) {
    tid = pTid(e.p);
    if (!rowNames_.count(tid)) rowNames_[tid] = fmt::format("P{}", e.p);
  } else if (e.m >= 0) {
    tid = mTid(e.m);
    if (!rowNames_.count(tid)) rowNames_[tid] = fmt::format("M{} (no P)", e.m);
  } else {
    tid = kRuntimeTid;
    rowNames_[tid] = "runtime";
  }
  return tid;
}

void PerfettoRun::slice(int tid, Time start, Time end, std::string name, std::string args,
                        int64_t lock) {
  slices_[tid].push_back(
      Slice{start, std::max(start, end), std::move(name), std::move(args), lock});
}

void PerfettoRun::counter(Time t, const std::string& name, const char* series, int64_t v) {
  out_.push_back(fmt::format(R"({{"ph":"C","pid":{},"ts":{},"name":{},"args":{{"{}":{}}}}})", pid_,
                             usString(t), quote(name), series, v));
}

void PerfettoRun::instant(int tid, Time t, const char* name, std::string args) {
  out_.push_back(
      fmt::format(R"({{"ph":"i","s":"t","pid":{},"tid":{},"ts":{},"name":"{}","args":{{{}}}}})",
                  pid_, tid, usString(t), name, args));
}

void PerfettoRun::closeG(int64_t goid, Time t, const char* why) {
  auto it = runningG_.find(goid);
  if (it == runningG_.end()) return;
  slice(it->second.tid, it->second.start, t, it->second.name,
        fmt::format(R"("goid":{},"until":"{}")", goid, why));
  runningG_.erase(it);
}

void PerfettoRun::endArm(int64_t timer, Time t, int tid, const char* how, bool fired) {
  auto it = armed_.find(timer);
  if (it == armed_.end()) return;
  Arm& a = arms_[it->second];
  a.end = t;
  a.endTid = tid;
  a.fired = fired;
  a.how = how;
  armed_.erase(it);
}

void PerfettoRun::onEvent(const Event& e) {
  last_ = std::max(last_, e.t);
  const Time t = e.t;
  const auto& a = e.a;
  int tid = actorTid(e);
  auto arm = [&](int64_t timer) {
    armed_[timer] = arms_.size();
    Arm rec;
    rec.timer = timer;
    rec.start = t;
    rec.startTid = tid;
    arms_.push_back(std::move(rec));
  };
  switch (e.kind) {
    case Kind::GoStart:
    case Kind::GoSysExit: {
      closeG(a[1], t, "restarted");
      for (auto& [g, o] : runningG_) {  // one G per P row at a time
        if (o.tid == tid) {
          closeG(g, t, "replaced");
          break;
        }
      }
      runningG_[a[1]] = Open{t, tid, fmt::format("G{}", a[1]), {}};
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
        slice(tid, t - a[2], t, "wait ",
              fmt::format(R"("phase":"{}","wait_ns":{})", phaseName(a[1]), a[2]), a[0]);
        waiters_[a[0]].push_back({t - a[2], +1});
        waiters_[a[0]].push_back({t, -1});
      }
      if (a[0] < 0) break;  // an unregistered lock (a channel's): no row of its own
      held_[a[0]] =
          Open{t, lockTid(a[0]),
               e.p >= 0 ? fmt::format("held by P{}", e.p) : fmt::format("held by M{}", e.m),
               fmt::format(R"("phase":"{}")", phaseName(a[1]))};
      break;
    case Kind::LockRelease: {
      auto it = held_.find(a[0]);
      if (it != held_.end()) {
        slice(it->second.tid, it->second.start, t, it->second.name, it->second.args);
        held_.erase(it);
      }
      break;
    }
    case Kind::TimerAdd:
      endArm(a[1], t, tid, "re-added", false);
      period_[a[1]] = a[3];
      arm(a[1]);
      break;
    case Kind::TimerReset:
      endArm(a[1], t, tid, "reset", false);
      arm(a[1]);
      break;
    case Kind::TimerDel:
      endArm(a[1], t, tid, "stopped", false);
      break;
    case Kind::TimerFire:
      slice(tid, t, t + 1, fmt::format("fire timer {}", a[1]),
            fmt::format(R"("timer":{},"when":{},"late_ns":{})", a[1], a[2], a[3]));
      endArm(a[1], t, tid, "fired", true);
      if (period_[a[1]] > 0) arm(a[1]);  // a ticker is re-armed as it fires
      break;
    case Kind::ProcSleep:
    case Kind::ProcPark: {
      int row = timerprocTid(a[0]);
      rowNames_[row] = fmt::format("timerproc[{}]", a[0]);
      bool park = e.kind == Kind::ProcPark;
      tpSleep_[a[0]] = Open{t, row, park ? "parked (heap empty)" : "sleep",
                            park ? "" : fmt::format(R"("until":{})", a[2])};
      break;
    }
    case Kind::ProcWake: {
      auto it = tpSleep_.find(a[0]);
      if (it != tpSleep_.end()) {
        std::string args = it->second.args;
        if (!args.empty()) args += ',';
        args += a[2] ? R"("woken_by":"timeout")" : R"("woken_by":"notewakeup")";
        slice(it->second.tid, it->second.start, t, it->second.name, args);
        tpSleep_.erase(it);
      }
      break;
    }
    case Kind::MSleep: {
      int row = mTid(a[1]);
      if (!rowNames_.count(row)) rowNames_[row] = fmt::format("M{} (no P)", a[1]);
      mSleep_[a[1]] = Open{t, row, mStateName(a[2]), {}};
      break;
    }
    case Kind::MWake:
    case Kind::NetpollWake: {
      auto it = mSleep_.find(a[1]);
      if (it != mSleep_.end()) {
        slice(it->second.tid, it->second.start, t, it->second.name,
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
      counter(t, fmt::format("heap {} length", a[0]), "len", n);
      counter(t, "timers in heaps", "timers", inHeaps_);
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
      instant(tid, t, "print", fmt::format(R"("text":{})", quote(e.text)));
      break;
    default:
      break;
  }
}

void PerfettoRun::finish(Time end, const std::vector<std::string>& lockNames) {
  end = std::max(end, last_);
  auto lockName = [&](int64_t id) {
    return id >= 0 && static_cast<size_t>(id) < lockNames.size() ? lockNames[id]
                                                                 : fmt::format("lock {}", id);
  };
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
  std::vector<std::string>& ev = file_->events_;
  // metadata: the process and its rows
  ev.push_back(
      fmt::format(R"({{"ph":"M","pid":{},"tid":0,"name":"process_name","args":{{"name":{}}}}})",
                  pid_, quote(name_)));
  ev.push_back(fmt::format(
      R"({{"ph":"M","pid":{},"tid":0,"name":"process_sort_index","args":{{"sort_index":{}}}}})",
      pid_, pid_));
  for (auto& [tid, s] : slices_) {
    if (tid >= 3000 && tid < 5000) rowNames_[tid] = "lock " + lockName(tid - 3000);
  }
  for (auto& [tid, s] : slices_)
    if (!rowNames_.count(tid)) rowNames_[tid] = fmt::format("row {}", tid);
  for (auto& [tid, name] : rowNames_) {
    ev.push_back(
        fmt::format(R"({{"ph":"M","pid":{},"tid":{},"name":"thread_name","args":{{"name":{}}}}})",
                    pid_, tid, quote(name)));
    ev.push_back(fmt::format(
        R"({{"ph":"M","pid":{},"tid":{},"name":"thread_sort_index","args":{{"sort_index":{}}}}})",
        pid_, tid, sortIndex(tid)));
  }
  // timer lifetimes: async slices, and flows from arming to firing
  for (Arm& a : arms_) {
    if (a.end < 0) {
      a.end = end;
      a.how = "live at exit";
    }
    if (a.fired) {  // anchor slices for the flow's ends
      slice(a.startTid, a.start, a.start + 1, fmt::format("arm timer {}", a.timer),
            fmt::format(R"("timer":{})", a.timer));
    }
  }
  // slices: strictly nested per row (clip a child to its parent)
  for (auto& [tid, list] : slices_) {
    std::stable_sort(list.begin(), list.end(), [](const Slice& x, const Slice& y) {
      return x.start != y.start ? x.start < y.start : x.end > y.end;
    });
    std::vector<Time> stack;  // ends of the open ancestors
    for (Slice& s : list) {
      while (!stack.empty() && stack.back() <= s.start)
        stack.pop_back();
      bool clipped = !stack.empty() && s.end > stack.back();
      if (clipped) s.end = stack.back();
      std::string name = s.lock >= 0 ? s.name + lockName(s.lock) : s.name;
      std::string args = s.args;
      if (clipped) args += args.empty() ? R"("clipped":1)" : R"(,"clipped":1)";
      ev.push_back(
          fmt::format(R"({{"ph":"X","pid":{},"tid":{},"ts":{},"dur":{},"name":{},"args":{{{}}}}})",
                      pid_, tid, usString(s.start), usString(s.end - s.start), quote(name), args));
      stack.push_back(s.end);
    }
  }
  for (Arm& a : arms_) {
    std::string id = fmt::format(
        "\"0x{:x}\"", (static_cast<uint64_t>(pid_) << 32) | static_cast<uint64_t>(a.timer));
    std::string name = fmt::format("timer {}", a.timer);
    ev.push_back(fmt::format(
        R"({{"ph":"b","cat":"timer","id":{},"pid":{},"tid":{},"ts":{},"name":{},"args":{{"timer":{}}}}})",
        id, pid_, a.startTid, usString(a.start), quote(name), a.timer));
    ev.push_back(fmt::format(
        R"({{"ph":"e","cat":"timer","id":{},"pid":{},"tid":{},"ts":{},"name":{},"args":{{"how":"{}"}}}})",
        id, pid_, a.endTid >= 0 ? a.endTid : a.startTid, usString(a.end), quote(name), a.how));
    if (a.fired) {
      int64_t flow = file_->nextFlow_++;
      ev.push_back(fmt::format(
          R"({{"ph":"s","cat":"timer","id":{},"pid":{},"tid":{},"ts":{},"name":"timer armed -> fired"}})",
          flow, pid_, a.startTid, usString(a.start)));
      ev.push_back(fmt::format(
          R"({{"ph":"f","bp":"e","cat":"timer","id":{},"pid":{},"tid":{},"ts":{},"name":"timer armed -> fired"}})",
          flow, pid_, a.endTid, usString(a.end)));
    }
  }
  // lock waiters: counters from the waits' begin/end deltas
  for (auto& [l, deltas] : waiters_) {
    std::stable_sort(deltas.begin(), deltas.end(), [](auto& x, auto& y) {
      return x.first != y.first ? x.first < y.first : x.second < y.second;
    });
    int64_t n = 0;
    std::string cname = "waiters " + lockName(l);
    for (size_t i = 0; i < deltas.size(); i++) {
      n += deltas[i].second;
      if (i + 1 < deltas.size() && deltas[i + 1].first == deltas[i].first) continue;
      counter(deltas[i].first, cname, "waiters", n);
    }
  }
  for (auto& s : out_)
    ev.push_back(std::move(s));
  out_.clear();
  slices_.clear();
  arms_.clear();
}

PerfettoRun& PerfettoTrace::beginRun(const std::string& name) {
  int pid = static_cast<int>(runs_.size()) + 1;
  runs_.push_back(std::unique_ptr<PerfettoRun>(new PerfettoRun(this, pid, name)));
  return *runs_.back();
}

std::string PerfettoTrace::json() const {
  std::string out = "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"tool\":" + quote(tool_) +
                    ",\"format\":\"gotimers Perfetto export\"},\"traceEvents\":[\n";
  for (size_t i = 0; i < events_.size(); i++) {
    out += events_[i];
    out += i + 1 < events_.size() ? ",\n" : "\n";
  }
  out += "]}\n";
  return out;
}

bool PerfettoTrace::write(const std::string& path, std::string* err) const {
  return io::writeFileAtomic(path, json(), err);
}

}  // namespace gotimers::trace

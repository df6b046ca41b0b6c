#include "heaplab/lab.h"

#include <fmt/format.h>

#include <map>
#include <stdexcept>

#include "eras/go1_14/go1_14.h"
#include "eras/registry.h"
#include "go/program.h"
#include "go/runtime_timer.h"
#include "heaplab/gocode.h"
#include "heaplab/recorder.h"
#include "runtime/runtime.h"
#include "runtime/timer_backend.h"

namespace gotimers::heaplab {

namespace {

struct LabState {
  std::map<std::string, rt::Ref<rt::timer>> byName;
  std::map<std::string, rt::Ref<rt::RefCounted>> args;  // each lab timer's LabArg
  std::map<uint32_t, std::string> names;
  std::vector<std::string> fired;  // during the current operation
  std::string adding;              // go1.23: the timer newTimer is creating
  std::optional<ParseError> error;
  int64_t lastRun = -1;
};

// A lab timer's argument: which timer it is. Each timer has its own (as a Go closure would),
// because seq cannot name it in every era: go1.23's newTimer passes seq 0 and modify
// increments t.seq on Stop/Reset (time.go@go1.23rc1).
struct LabArg : rt::RefCounted {
  LabState* st = nullptr;
  std::string name;
};

// The lab timers' function: records that its timer ran.
void labFire(rt::Runtime&, void* arg, uint64_t, int64_t) {
  auto* a = static_cast<LabArg*>(arg);
  a->st->fired.push_back(a->name);
}

double labKey(int64_t ns) {
  return static_cast<double>(ns - kLabBase) / static_cast<double>(kLabUnit);
}

// An operation's narration, in the running era's words (rt::CallWords).
std::string narrate(const Op& op, const rt::CallWords& w) {
  switch (op.kind) {
    case OpKind::Add:
      return op.timers.size() == 1
                 ? fmt::format("add {}={}: {}", op.timers[0].name, op.timers[0].when, w.startOne)
                 : fmt::format("add: {}", fmt::format(fmt::runtime(w.startMany), op.timers.size()));
    case OpKind::Del:
      return fmt::format("del {}: {}", op.timers[0].name, w.stop);
    case OpKind::Reset:
      return fmt::format("reset {}={}: {}", op.timers[0].name, op.timers[0].when, w.reset);
    case OpKind::Pop:
      return fmt::format("pop: {}", w.pop);
    case OpKind::Run:
      return fmt::format("run {}: {}", op.now, fmt::format(fmt::runtime(w.run), op.now));
  }
  return "";
}

ParseError opError(const Op& op, size_t pos, std::string msg) {
  return ParseError{pos, op.text, std::move(msg)};
}

// "no timer named x (add it first; the timers so far: a, b)"
std::string unknownTimer(const LabState& st, const std::string& name) {
  if (st.byName.empty()) return fmt::format("no timer named {} (add it first; none so far)", name);
  std::vector<std::string> known;
  for (const auto& [n, t] : st.byName) {
    if (known.size() == 8) {
      known.push_back("...");
      break;
    }
    known.push_back(n);
  }
  return fmt::format("no timer named {} (add it first; the timers so far: {})", name,
                     fmt::join(known, ", "));
}

}  // namespace

LabOutcome runLab(const std::vector<Op>& ops, const std::string& era, int procs) {
  const eras::EraInfo* info = eras::findEra(era);
  if (!info) throw std::invalid_argument("unknown era " + era);
  // GOMAXPROCS: as asked, else enough for every @Pk
  int need = 1;
  for (const Op& op : ops) {
    for (const TimerArg& a : op.timers)
      need = std::max(need, a.p + 1);
  }
  if (procs > 0) {
    for (size_t i = 0; i < ops.size(); i++) {
      for (const TimerArg& a : ops[i].timers) {
        if (a.p < procs) continue;
        LabOutcome bad;
        bad.error = opError(ops[i], a.pos,
                            fmt::format("{}@P{}: there is no P{} with --procs {} (P0 to P{})",
                                        a.name, a.p, a.p, procs, procs - 1));
        bad.error->index = i + 1;
        return bad;
      }
    }
    need = procs;
  }
  LabState st;
  LabResult res;
  res.era = era;
  res.goMinor = info->goMinor;
  RecorderOptions ro;
  ro.key = labKey;
  ro.heapSnapshots = true;  // clearDeletedTimers rewrites a heap in place
  ro.name = [&st](uint32_t id) {
    auto it = st.names.find(id);
    return it == st.names.end() ? st.adding : it->second;
  };
  Recorder rec(ro);

  go::ProgramOptions po;
  po.era = era;
  po.config.gomaxprocs = need;
  res.procs = need;
  po.config.timeLimit = kLabBase + (kMaxWhen + 2) * kLabUnit;
  po.sink = &rec;
  int minor = info->goMinor;

  // Sleeps the main goroutine's thread until lab time `now` (+ half a unit).
  auto runUntil = [&](int64_t now) -> rt::Task<void> {
    rt::Runtime& r = rt::Runtime::current();
    int64_t target = kLabBase + now * kLabUnit + kLabUnit / 2;
    if (target <= r.nanotime()) target = r.nanotime() + kLabUnit / 1000;
    rt::note n;
    co_await r.notetsleepg(&n, target - r.nanotime());
  };

  std::function<rt::Task<void>()> body = [&]() -> rt::Task<void> {
    rt::Runtime& r = rt::Runtime::current();
    for (size_t i = 0; i < ops.size(); i++) {
      const Op& op = ops[i];
      st.fired.clear();
      rec.beginOp(static_cast<int>(i), narrate(op, r.era().callWords()),
                  op.kind == OpKind::Add || op.kind == OpKind::Reset,
                  op.kind == OpKind::Pop || op.kind == OpKind::Run);
      std::string result;
      auto find = [&](const TimerArg& a) -> rt::timer* {
        auto it = st.byName.find(a.name);
        if (it == st.byName.end()) {
          st.error = opError(op, a.pos, unknownTimer(st, a.name));
          return nullptr;
        }
        return it->second.get();
      };
      // The call runs on P k (@Pk), else on P0 (Runtime::labMoveToP). While another M holds
      // P k (a spinning M looking for work right after the program started or a timer ran),
      // the main goroutine sleeps a microsecond at a time (a thread sleep: no timer, and far
      // from the next whole lab unit, so no timer becomes due) until that M lets go of it.
      auto onP = [&](const TimerArg& a) -> rt::Task<bool> {
        int k = std::max(a.p, 0);
        for (int tries = 0; tries < 100; tries++) {
          if (r.labMoveToP(k)) co_return true;
          rt::note n;
          co_await r.notetsleepg(&n, 1000);
        }
        st.error = opError(op, a.pos, fmt::format("P{} stayed busy (an M holds it)", k));
        co_return false;
      };
      switch (op.kind) {
        case OpKind::Add:
          for (const TimerArg& a : op.timers) {
            if (st.byName.count(a.name)) {
              st.error = opError(
                  op, a.pos,
                  fmt::format("timer {} already exists (use reset {}=WHEN)", a.name, a.name));
              break;
            }
            if (!co_await onP(a)) break;
            rt::Ref<LabArg> arg(new LabArg());
            arg->st = &st;
            arg->name = a.name;
            st.args[a.name] = rt::Ref<rt::RefCounted>(arg);
            int64_t when = kLabBase + a.when * kLabUnit;
            if (minor >= 23) {
              // package time's newTimer (src/go/time.cpp, time/sleep.go@go1.23rc1): the
              // runtime allocates the timer and starts it (t.modify -> t.maybeAdd). Its id
              // is known only afterwards: meanwhile the one unnamed id is this timer.
              st.adding = a.name;
              rt::Ref<rt::timer> t =
                  go::time::newTimer123(r, when, 0, labFire, arg.get(), st.args[a.name], nullptr);
              st.adding.clear();
              st.byName[a.name] = t;
              st.names[t->id] = a.name;
              continue;
            }
            rt::Ref<rt::timer> t = r.era().allocTimer();
            t->id = r.nextTimerId();
            t->when = when;
            t->f = labFire;
            t->setArg(arg.get(), st.args[a.name].get());
            st.byName[a.name] = t;
            st.names[t->id] = a.name;
            go::time::startTimer(r, t.get());
          }
          break;
        case OpKind::Del: {
          rt::timer* t = find(op.timers[0]);
          if (!t || !co_await onP(op.timers[0])) break;
          bool ok = go::time::stopTimer(r, t);
          result = fmt::format("Stop({}) = {}", op.timers[0].name, ok);
          break;
        }
        case OpKind::Reset: {
          rt::timer* t = find(op.timers[0]);
          if (!t || !co_await onP(op.timers[0])) break;
          // (*Timer).Reset's body, per version
          bool active = go::time::resetTimer(r, t, kLabBase + op.timers[0].when * kLabUnit);
          result = fmt::format("Reset({}) = {}", op.timers[0].name, active);
          break;
        }
        case OpKind::Pop: {
          // the earliest root of every heap (the heap's own key; go1.23: heap[0].when)
          std::optional<int64_t> rootKey;
          for (const rt::HeapView& v : r.era().heaps()) {
            if (!v.t.empty() && (!rootKey || v.key(0) < *rootKey)) rootKey = v.key(0);
          }
          if (!rootKey) {
            st.error = opError(
                op, op.pos,
                need == 1 ? fmt::format("pop: the heap `{}` is empty: there is no root to run "
                                        "(add a timer first)",
                                        r.era().heapName(0))
                          : "pop: every heap is empty: there is no root to run (add a timer "
                            "first)");
            break;
          }
          int64_t now = (*rootKey - kLabBase) / kLabUnit;
          st.lastRun = std::max(st.lastRun, now);
          co_await runUntil(now);
          break;
        }
        case OpKind::Run:
          if (op.now < st.lastRun) {
            st.error = opError(op, op.pos,
                               fmt::format("run {}: the lab's clock is already at {} (time "
                                           "only moves forward)",
                                           op.now, st.lastRun));
            break;
          }
          st.lastRun = op.now;
          co_await runUntil(op.now);
          break;
      }
      if (st.error) {
        st.error->index = i + 1;
        co_return;
      }
      if (op.kind == OpKind::Pop || op.kind == OpKind::Run) {
        result = st.fired.empty() ? "nothing ran"
                                  : "ran " + fmt::format("{}", fmt::join(st.fired, ", "));
      }
      rec.endOp();
      res.steps.push_back(LabStep{op, result, rec.snapshot()});
      res.anim.ops.push_back(OpInfo{op.text, op.pos, result});
    }
  };
  go::ProgramResult pr = go::runProgram(po, body);
  LabOutcome out;
  if (st.error) {
    out.error = st.error;
    return out;
  }
  if (pr.run.kind != rt::ExitKind::Normal) {
    throw std::runtime_error("heap lab program ended abnormally: " + pr.run.report);
  }
  res.mismatches = rec.mismatches();
  Animation& a = res.anim;
  a.era = era;
  a.title = fmt::format("gotimers heap lab, {}", era);
  rec.describeEra(a);  // layout, buckets, state names and Go code: the era's own
  a.frames = std::move(rec.frames());
  out.result = std::move(res);
  return out;
}

}  // namespace gotimers::heaplab

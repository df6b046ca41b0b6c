#include "heaplab/lab.h"

#include <fmt/format.h>

#include <map>
#include <stdexcept>

#include "eras/era.h"
#include "eras/go1_14/go1_14.h"
#include "eras/registry.h"
#include "go/program.h"
#include "heaplab/gocode.h"
#include "heaplab/recorder.h"
#include "runtime/runtime.h"

namespace gotimers::heaplab {

namespace {

struct LabState {
  std::map<std::string, rt::Ref<rt::timer>> byName;
  std::map<uint32_t, std::string> names;
  std::vector<std::string> fired;  // during the current operation
  std::optional<ParseError> error;
  int64_t lastRun = -1;
};

// The lab timers' function: records that it ran (seq = timer id).
void labFire(rt::Runtime&, void* arg, uint64_t seq, int64_t) {
  auto* st = static_cast<LabState*>(arg);
  st->fired.push_back(st->names[static_cast<uint32_t>(seq)]);
}

double labKey(int64_t ns) {
  return static_cast<double>(ns - kLabBase) / static_cast<double>(kLabUnit);
}

std::string narrate(const Op& op, int goMinor) {
  switch (op.kind) {
    case OpKind::Add:
      return op.timers.size() == 1
                 ? fmt::format("add {}={}: start the timer (addtimer).", op.timers[0].name,
                               op.timers[0].when)
                 : fmt::format("add: start {} timers, one addtimer each, in order.",
                               op.timers.size());
    case OpKind::Del:
      return goMinor >= 14
                 ? fmt::format(
                       "del {}: Stop (deltimer) marks it timerDeleted; it stays in "
                       "the heap until cleaned.",
                       op.timers[0].name)
                 : fmt::format("del {}: Stop (deltimer) removes it from the heap at once.",
                               op.timers[0].name);
    case OpKind::Reset:
      return fmt::format("reset {}={}: Reset the timer.", op.timers[0].name, op.timers[0].when);
    case OpKind::Pop:
      return "pop: time advances to the root's when; the runtime runs what is due.";
    case OpKind::Run:
      return fmt::format("run {}: time advances to {}; the runtime runs every timer due.", op.now,
                         op.now);
  }
  return "";
}

ParseError opError(const Op& op, size_t pos, std::string msg) {
  return ParseError{pos, op.text, std::move(msg)};
}

}  // namespace

LabOutcome runLab(const std::vector<Op>& ops, const std::string& era) {
  const eras::EraInfo* info = eras::findEra(era);
  if (!info) throw std::invalid_argument("unknown era " + era);
  LabState st;
  LabResult res;
  res.era = era;
  res.goMinor = info->goMinor;
  RecorderOptions ro;
  ro.goMinor = info->goMinor;
  ro.key = labKey;
  ro.name = [&st](uint32_t id) {
    auto it = st.names.find(id);
    return it == st.names.end() ? std::string() : it->second;
  };
  Recorder rec(ro);

  go::ProgramOptions po;
  po.era = era;
  po.config.gomaxprocs = 1;
  po.config.timeLimit = kLabBase + (kMaxWhen + 2) * kLabUnit;
  po.sink = &rec;
  int minor = info->goMinor;

  // Sleeps the main goroutine's thread until lab time `now` (+ half a unit).
  auto runUntil = [&](int64_t now) -> rt::Task<void> {
    rt::Runtime& r = rt::Runtime::current();
    int64_t target = kLabBase + now * kLabUnit + kLabUnit / 2;
    if (target <= r.nanotime()) target = r.nanotime() + kLabUnit / 1000;
    rt::note n;
    auto sleep = r.notetsleepg(&n, target - r.nanotime());
    co_await sleep;
  };

  std::function<rt::Task<void>()> body = [&]() -> rt::Task<void> {
    rt::Runtime& r = rt::Runtime::current();
    for (size_t i = 0; i < ops.size(); i++) {
      const Op& op = ops[i];
      st.fired.clear();
      rec.beginOp(static_cast<int>(i), narrate(op, minor),
                  op.kind == OpKind::Add || op.kind == OpKind::Reset);
      std::string result;
      auto find = [&](const TimerArg& a) -> rt::timer* {
        auto it = st.byName.find(a.name);
        if (it == st.byName.end()) {
          st.error = opError(op, a.pos, fmt::format("no timer named {} (add it first)", a.name));
          return nullptr;
        }
        return it->second.get();
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
            rt::Ref<rt::timer> t(new rt::timer());
            t->id = r.nextTimerId();
            t->when = kLabBase + a.when * kLabUnit;
            t->f = labFire;
            t->arg = &st;
            t->seq = t->id;
            st.byName[a.name] = t;
            st.names[t->id] = a.name;
            // package time's startTimer (src/go/time.cpp)
            r.metrics().timerAdds++;
            r.emit(trace::Kind::TimerAdd, 0, t->id, t->when, 0);
            r.era().addtimer(t.get());
          }
          break;
        case OpKind::Del: {
          rt::timer* t = find(op.timers[0]);
          if (!t) break;
          bool ok = r.era().deltimer(t);
          r.emit(trace::Kind::TimerDel, 0, t->id, ok ? 1 : 0);
          result = fmt::format("Stop({}) = {}", op.timers[0].name, ok);
          break;
        }
        case OpKind::Reset: {
          rt::timer* t = find(op.timers[0]);
          if (!t) break;
          int64_t w = kLabBase + op.timers[0].when * kLabUnit;
          // time.Timer.Reset's era rules, as src/go/time.cpp (sleep.go@go1.9..go1.16)
          bool active;
          if (minor <= 13) {
            active = r.era().deltimer(t);
            t->when = w;
            r.era().addtimer(t);
          } else if (minor == 14) {
            active = r.era().deltimer(t);
            r.era().resettimer(t, w);
          } else {
            active = r.era().resettimer(t, w);
          }
          r.emit(trace::Kind::TimerReset, 0, t->id, w, active ? 1 : 0);
          result = fmt::format("Reset({}) = {}", op.timers[0].name, active);
          break;
        }
        case OpKind::Pop: {
          std::string home = Recorder::heapNameFor(minor, 0);
          const rt::timer* root = nullptr;
          for (const eras::HeapView& v : r.era().heaps()) {
            if (v.name == home && !v.t.empty()) root = v.t[0];
          }
          if (!root) {
            st.error = opError(op, op.pos, fmt::format("pop: the heap {} is empty", home));
            break;
          }
          int64_t now = (root->when - kLabBase) / kLabUnit;
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
      if (st.error) co_return;
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
  a.layout = minor <= 9 ? "global" : minor <= 13 ? "buckets" : "perP";
  a.bucketCount = minor <= 9 || minor > 13 ? 0 : 64;
  if (minor >= 14) {
    for (int s = 0; s < 10; s++)
      a.statuses.push_back(eras::timerStatusName(static_cast<uint8_t>(s)));
  }
  a.code = codeFor(codeEra(minor));
  a.frames = std::move(rec.frames());
  out.result = std::move(res);
  return out;
}

}  // namespace gotimers::heaplab

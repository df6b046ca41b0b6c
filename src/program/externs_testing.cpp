// Package testing for Go programs: the methods of testing.common, T, B and PB (the state is
// the TObj in the opaque struct's Box::nat; vm_testing.cpp runs tests and benchmarks).
// Log lines are decorated as common.decorate does: "    file.go:LINE: msg", the line of the
// call, or of the first caller that is not a t.Helper() function.
#include <fmt/format.h>

#include "go/go.h"
#include "program/externs.h"
#include "program/testing_state.h"
#include "program/vm.h"
#include "program/vm_internal.h"

namespace gotimers::program {

namespace {

TObj* T(ExternCtx& c) {
  Box* b = pointee(c.arg(0));
  if (!b || !b->nat) go::Panic("runtime error: invalid memory address or nil pointer dereference");
  return static_cast<TObj*>(b->nat.get());
}

// The position Go's runtime.Caller would name, skipping helper functions.
int32_t callerPos(ExternCtx& c, TObj* t) {
  int32_t pos = c.pos;
  for (size_t k = c.g.frames.size(); k-- > 0;) {
    const Frame& f = c.g.frames[k];
    if (!t->helpers.count(f.fn) || k == 0) return pos;
    const Frame& caller = c.g.frames[k - 1];
    pos = caller.fn->code[static_cast<size_t>(caller.pc - 1)].pos;
  }
  return pos;
}

void log(ExternCtx& c, TObj* t, const std::string& s) {
  const Program& p = c.vm.prog();
  const Position& ps = p.positions[static_cast<size_t>(callerPos(c, t))];
  std::string file = ps.file >= 0 ? p.files[static_cast<size_t>(ps.file)] : "???";
  if (auto sl = file.rfind('/'); sl != std::string::npos) file = file.substr(sl + 1);
  std::string out = fmt::format("    {}:{}: ", file, ps.line);
  std::string msg = s;
  if (!msg.empty() && msg.back() == '\n') msg.pop_back();
  for (char ch : msg)
    out += ch == '\n' ? std::string("\n        ") : std::string(1, ch);
  t->output += out + "\n";
}
std::string sprintln(ExternCtx& c) {
  std::string s = fmtSprint(c, c.arg(1), true);
  s.pop_back();
  return s;
}

void failNow(ExternCtx& c, TObj* t) {
  t->fail();
  t->finished = true;
  c.vm.goexit(c.g);
}
void skipNow(ExternCtx& c, TObj* t) {
  t->skipped = true;
  t->finished = true;
  c.vm.goexit(c.g);
}

void Log(ExternCtx& c) {
  log(c, T(c), sprintln(c));
}
void Logf(ExternCtx& c) {
  log(c, T(c), fmtSprintf(c, strOf(c.arg(1)), c.arg(2)));
}
void Error(ExternCtx& c) {
  log(c, T(c), sprintln(c));
  T(c)->fail();
}
void Errorf(ExternCtx& c) {
  log(c, T(c), fmtSprintf(c, strOf(c.arg(1)), c.arg(2)));
  T(c)->fail();
}
void Fatal(ExternCtx& c) {
  log(c, T(c), sprintln(c));
  failNow(c, T(c));
}
void Fatalf(ExternCtx& c) {
  log(c, T(c), fmtSprintf(c, strOf(c.arg(1)), c.arg(2)));
  failNow(c, T(c));
}
void Fail(ExternCtx& c) {
  T(c)->fail();
}
void FailNow(ExternCtx& c) {
  failNow(c, T(c));
}
void Failed(ExternCtx& c) {
  c.result = Value::Bool(T(c)->failed);
}
void Skip(ExternCtx& c) {
  log(c, T(c), sprintln(c));
  skipNow(c, T(c));
}
void Skipf(ExternCtx& c) {
  log(c, T(c), fmtSprintf(c, strOf(c.arg(1)), c.arg(2)));
  skipNow(c, T(c));
}
void SkipNow(ExternCtx& c) {
  skipNow(c, T(c));
}
void Skipped(ExternCtx& c) {
  c.result = Value::Bool(T(c)->skipped);
}
void Helper(ExternCtx& c) {
  if (!c.g.frames.empty()) T(c)->helpers.insert(c.g.frames.back().fn);
}
void Cleanup(ExternCtx& c) {
  T(c)->cleanups.push_back(c.arg(1));
}
void Name(ExternCtx& c) {
  c.result = makeStr(T(c)->name);
}
// t.Parallel: the test goes on at once, serially (docs/go-programs.md)
void Parallel(ExternCtx&) {}
// T.Run / B.Run: a subtest the -run / -bench pattern does not match is not run and counts as
// passed; a partial match (-bench=X/Y/Z reaching X/Y) runs only for its own subtests
// (testing.go and benchmark.go, Go 1.19: fullName, then `if !ok { return true }`).
rt::Task<void> TRun(ExternCtx& c) {
  TObj* t = T(c);
  t->hasSub = true;
  Ref<TObj> sub = newTObj(c.vm, false, subName(t, strOf(c.arg(1))), t);
  bool partial = false;
  if (c.vm.testing && c.vm.testing->runAny && !c.vm.testing->run.matches(sub->name, &partial)) {
    c.result = Value::Bool(true);
    co_return;
  }
  c.result = Value::Bool(co_await runTest(c.vm, sub, c.arg(2)));
}
rt::Task<void> BRun(ExternCtx& c) {
  TObj* b = T(c);
  b->hasSub = true;
  Ref<TObj> sub = newTObj(c.vm, true, subName(b, strOf(c.arg(1))), b);
  bool partial = false;
  if (c.vm.testing && c.vm.testing->benchAny && !c.vm.testing->bench.matches(sub->name, &partial)) {
    c.result = Value::Bool(true);
    co_return;
  }
  sub->hasSub = partial;
  c.result = Value::Bool(co_await runBenchmark(c.vm, sub, c.arg(2)));
}
int64_t nowNs() {
  return rt::Runtime::current().nanotime();
}
void ResetTimer(ExternCtx& c) {
  TObj* b = T(c);
  if (b->timerOn) b->timerStart = nowNs();
  b->duration = 0;
}
void StartTimer(ExternCtx& c) {
  TObj* b = T(c);
  if (!b->timerOn) {
    b->timerStart = nowNs();
    b->timerOn = true;
  }
}
void StopTimer(ExternCtx& c) {
  TObj* b = T(c);
  if (b->timerOn) {
    b->duration += nowNs() - b->timerStart;
    b->timerOn = false;
  }
}
rt::Task<void> RunParallel(ExternCtx& c) {
  co_await runParallel(c.vm, c.g, T(c), c.arg(1));
}
void ReportMetric(ExternCtx& c) {
  const std::string& unit = strOf(c.arg(2));
  if (unit.empty()) go::Panic("metric unit must not be empty");
  if (unit.find_first_of(" \t\n\r\v\f") != std::string::npos) {
    go::Panic("metric unit must not contain whitespace");
  }
  T(c)->extra[unit] = c.arg(1).f;
}
void ReportAllocs(ExternCtx& c) {
  T(c)->showAllocs = true;
}
void SetParallelism(ExternCtx& c) {
  if (c.i(1) >= 1) T(c)->parallelism = static_cast<int>(c.i(1));
}
void SetBytes(ExternCtx&) {}
void Next(ExternCtx& c) {
  Box* b = pointee(c.arg(0));
  auto* pb = static_cast<PBObj*>(b->nat.get());
  if (pb->cache == 0) {
    uint64_t n = (pb->global->n += pb->grain);
    if (n <= pb->bN) {
      pb->cache = pb->grain;
    } else if (n < pb->bN + pb->grain) {
      pb->cache = pb->bN + pb->grain - n;
    } else {
      c.result = Value::Bool(false);
      return;
    }
  }
  pb->cache--;
  c.result = Value::Bool(true);
}
void Short(ExternCtx& c) {
  c.result = Value::Bool(false);
}
void Verbose(ExternCtx& c) {
  c.result = Value::Bool(false);
}

}  // namespace

void registerTestingExterns(ExternTable& t) {
  const std::pair<const char*, ExternSync> common[] = {
      {"Error", Error},     {"Errorf", Errorf},   {"Fatal", Fatal},     {"Fatalf", Fatalf},
      {"Fail", Fail},       {"FailNow", FailNow}, {"Failed", Failed},   {"Log", Log},
      {"Logf", Logf},       {"Skip", Skip},       {"Skipf", Skipf},     {"SkipNow", SkipNow},
      {"Skipped", Skipped}, {"Helper", Helper},   {"Cleanup", Cleanup}, {"Name", Name}};
  for (const auto& [n, f] : common)
    t[std::string("(*testing.common).") + n] = {f, nullptr};
  t["(*testing.T).Run"] = {nullptr, TRun};
  t["(*testing.T).Parallel"] = {Parallel, nullptr};
  t["(*testing.B).Run"] = {nullptr, BRun};
  t["(*testing.B).ResetTimer"] = {ResetTimer, nullptr};
  t["(*testing.B).StartTimer"] = {StartTimer, nullptr};
  t["(*testing.B).StopTimer"] = {StopTimer, nullptr};
  t["(*testing.B).RunParallel"] = {nullptr, RunParallel};
  t["(*testing.B).ReportMetric"] = {ReportMetric, nullptr};
  t["(*testing.B).ReportAllocs"] = {ReportAllocs, nullptr};
  t["(*testing.B).SetParallelism"] = {SetParallelism, nullptr};
  t["(*testing.B).SetBytes"] = {SetBytes, nullptr};
  t["(*testing.PB).Next"] = {Next, nullptr};
  t["testing.Short"] = {Short, nullptr};
  t["testing.Verbose"] = {Verbose, nullptr};
}

}  // namespace gotimers::program

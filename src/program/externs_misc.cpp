// Packages runtime, os and errors (errors.As included) for Go programs, and the extern table
// itself.
#include "go/go.h"
#include "program/externs.h"
#include "program/vm.h"
#include "program/vm_internal.h"

namespace gotimers::program {

namespace {

// os.Exit: ends the run at once (deferred calls do not run); the runner turns it into the
// program's exit status (run.cpp).
void Exit(ExternCtx& c) {
  c.vm.chargePending();
  c.vm.flush();
  c.vm.exitCode = static_cast<int>(c.i(0));
  throw ProgramExit();
}

void GOMAXPROCS(ExternCtx& c) {
  c.result = Value::Int(go::RT().setGOMAXPROCS(static_cast<int>(c.i(0))));
}
void NumGoroutine(ExternCtx& c) {
  c.result = Value::Int(go::RT().liveGoroutines());
}
void NumCPU(ExternCtx& c) {
  c.result = Value::Int(go::RT().cost().cpu_threads);
}
// runtime.Gosched: park and put the goroutine straight back on a run queue (Go puts it on
// the global queue; here it goes to the tail of its P's).
rt::Task<void> Gosched(ExternCtx&) {
  co_await go::RT().goparkf(
      [](rt::Runtime& r, rt::g* gp, void*) {
        r.ready(gp, false);
        return true;
      },
      nullptr, "Gosched");
}
void GC(ExternCtx&) {}

void ErrorsNew(ExternCtx& c) {
  c.result = c.vm.errorValue(c.vm.prog().tErrorString, strOf(c.arg(0)));
}
// errors.Is: err == target, or an error that %w wrapped (VM-made wrappers only).
void ErrorsIs(ExternCtx& c) {
  Value e = c.arg(0);
  const Value& target = c.arg(1);
  for (int depth = 0; depth < 100; depth++) {
    if (equal(e, target)) {
      c.result = Value::Bool(true);
      return;
    }
    if (e.t != c.vm.prog().tWrapError) break;
    e = wrapped(e);
  }
  c.result = Value::Bool(false);
}
// errors.As: the first error in the chain assignable to *target's type is stored there.
void ErrorsAs(ExternCtx& c) {
  const Program& p = c.vm.prog();
  const Value& target = c.arg(1);
  if (target.k != VK::Ptr || target.t < 0) go::Panic("errors: target must be a non-nil pointer");
  int32_t want = p.types[static_cast<size_t>(target.t)].elem;
  if (want < 0) go::Panic("errors: target must be a non-nil pointer");
  bool iface = p.under(want).kind == TK::Interface;
  Value e = c.arg(0);
  for (int depth = 0; depth < 100 && !e.isNil(); depth++) {
    bool ok = e.t == want;
    if (iface) {
      ok = true;
      for (const auto& m : p.under(want).methods)
        ok = ok && c.vm.method(e.t, m.sel) != nullptr;
    }
    if (ok) {
      Value v = e;
      if (!iface) v.t = -1;
      Value t = target;
      t.t = -1;
      if (t.a < 0) {
        Value agg = Value::Obj(VK::Agg, t.r);
        assignInto(agg, v);
      } else {
        assignInto(t.as<Box>()->v[static_cast<size_t>(t.a)], v);
      }
      c.result = Value::Bool(true);
      return;
    }
    if (e.t != p.tWrapError) break;
    e = wrapped(e);
  }
  c.result = Value::Bool(false);
}
void Goexit(ExternCtx& c) {
  c.vm.goexit(c.g);
}
void ErrorsUnwrap(ExternCtx& c) {
  Value e = c.arg(0);
  c.result = e.t == c.vm.prog().tWrapError ? wrapped(e) : Value();
}

}  // namespace

void registerMiscExterns(ExternTable& t) {
  t["os.Exit"] = {Exit, nullptr};
  t["runtime.GOMAXPROCS"] = {GOMAXPROCS, nullptr};
  t["runtime.NumGoroutine"] = {NumGoroutine, nullptr};
  t["runtime.NumCPU"] = {NumCPU, nullptr};
  t["runtime.Gosched"] = {nullptr, Gosched};
  t["runtime.GC"] = {GC, nullptr};
  t["errors.New"] = {ErrorsNew, nullptr};
  t["errors.Is"] = {ErrorsIs, nullptr};
  t["errors.Unwrap"] = {ErrorsUnwrap, nullptr};
  t["errors.As"] = {ErrorsAs, nullptr};
  t["runtime.Goexit"] = {Goexit, nullptr};
}

const ExternTable& externTable() {
  static const ExternTable table = [] {
    ExternTable t;
    registerTimeExterns(t);
    registerFmtExterns(t);
    registerSyncExterns(t);
    registerMiscExterns(t);
    registerSyncMoreExterns(t);
    registerFlagExterns(t);
    registerStringsExterns(t);
    registerStrconvExterns(t);
    registerMathExterns(t);
    registerSortExterns(t);
    registerContextExterns(t);
    registerTestingExterns(t);
    return t;
  }();
  return table;
}

const ExternDef* findExtern(std::string_view name) {
  const auto& t = externTable();
  auto it = t.find(name);
  return it == t.end() ? nullptr : &it->second;
}

}  // namespace gotimers::program

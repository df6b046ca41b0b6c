// `go test` in the VM: VM::testMain runs the package's init, then the TestXxx functions
// --run selects and the BenchmarkXxx functions --bench selects, as testing.M does
// (testing/testing.go and benchmark.go of Go 1.19), printing what `go test` prints without
// -v: failed tests' reports, benchmark lines, then PASS or FAIL (exit status 1).
#include <fmt/format.h>

#include "go/go.h"
#include "program/testing_state.h"
#include "program/vm.h"
#include "program/vm_internal.h"
#include "runtime/chan.h"

namespace gotimers::program {

namespace {

int32_t findType(const Program& p, const char* name) {
  for (size_t i = 0; i < p.types.size(); i++)
    if (p.types[i].opaque && p.types[i].str == name) return static_cast<int32_t>(i);
  return -1;
}

int64_t now() {
  return rt::Runtime::current().nanotime();
}

Ref<rt::hchan> newDone() {
  return rt::makechan(rt::Runtime::current(), 0);
}
rt::Task<void> waitDone(Ref<rt::hchan> done) {
  rt::Value out;
  co_await rt::chanrecv(rt::Runtime::current(), done.get(), &out);
}

void setN(TObj* b, int64_t n) {
  b->N = n;
  if (b->nSlot >= 0) pointee(b->self)->v[static_cast<size_t>(b->nSlot)] = Value::Int(n);
}

std::string indent(const std::string& s) {
  std::string out;
  bool bol = true;
  for (char ch : s) {
    if (bol) out += "    ";
    out += ch;
    bol = ch == '\n';
  }
  return out;
}

// The goroutine of one test (tRunner): f(t), then the cleanups, last first.
rt::Task<void> testBody(VM* vm, Ref<TObj> t, Value f, Ref<rt::hchan> done) {
  auto g = std::make_shared<G>();
  t->start = now();
  CallRec call;
  call.fn = f;
  call.args = {t->self};
  (void)co_await vm->callAsync(*g, std::move(call));
  while (!t->cleanups.empty()) {
    CallRec c;
    c.fn = t->cleanups.back();
    t->cleanups.pop_back();
    g->goexit = g->panicking = false;
    (void)co_await vm->callAsync(*g, std::move(c));
  }
  t->elapsed = now() - t->start;
  t->finished = true;
  rt::closechan(rt::Runtime::current(), done.get());
}

void startTimer(TObj* b) {
  if (!b->timerOn) {
    b->timerStart = now();
    b->timerOn = true;
  }
}
void stopTimer(TObj* b) {
  if (b->timerOn) {
    b->duration += now() - b->timerStart;
    b->timerOn = false;
  }
}

// runN(n) on g: b.N = n, the timer reset and started, f(b), the timer stopped.
rt::Task<void> runN(VM* vm, G& g, TObj* b, const Value& f, int64_t n) {
  setN(b, n);
  b->parallelism = 1;
  b->duration = 0;
  b->timerOn = false;
  startTimer(b);
  CallRec call;
  call.fn = f;
  call.args = {b->self};
  (void)co_await vm->callAsync(g, std::move(call));
  stopTimer(b);
  b->previousN = n;
  b->previousDuration = b->duration;
}

// run1's goroutine: runN(1). launch's: the b.N growth loop of Go 1.19's B.launch.
rt::Task<void> benchBody(VM* vm, Ref<TObj> b, Value f, bool launch, Ref<rt::hchan> done) {
  auto g = std::make_shared<G>();
  const TestOptions& o = vm->opts().test;
  if (!launch) {
    co_await runN(vm, *g, b.get(), f, 1);
  } else if (o.benchtimeN > 0) {
    if (o.benchtimeN > 1) co_await runN(vm, *g, b.get(), f, o.benchtimeN);
  } else {
    int64_t d = o.benchtimeNs;
    for (int64_t n = 1; !b->failed && !g->goexit && b->duration < d && n < 1000000000;) {
      int64_t last = n;
      int64_t prevIters = b->N;
      int64_t prevns = b->duration <= 0 ? 1 : b->duration;
      __int128 p = static_cast<__int128>(d) * prevIters / prevns;
      n = p > INT64_MAX / 2 ? INT64_MAX / 2 : static_cast<int64_t>(p);
      n += n / 5;
      n = std::min(n, 100 * last);
      n = std::max(n, last + 1);
      n = std::min(n, int64_t{1000000000});
      co_await runN(vm, *g, b.get(), f, n);
    }
  }
  b->finished = b->finished || g->goexit;
  rt::closechan(rt::Runtime::current(), done.get());
}

std::string prettyPrint(double x, const std::string& unit) {
  double y = std::fabs(x);
  if (y == 0 || y >= 999.95) return fmt::format("{:10.0f} {}", x, unit);
  if (y >= 99.995) return fmt::format("{:12.1f} {}", x, unit);
  if (y >= 9.9995) return fmt::format("{:13.2f} {}", x, unit);
  if (y >= 0.99995) return fmt::format("{:14.3f} {}", x, unit);
  if (y >= 0.099995) return fmt::format("{:15.4f} {}", x, unit);
  if (y >= 0.0099995) return fmt::format("{:16.5f} {}", x, unit);
  if (y >= 0.00099995) return fmt::format("{:17.6f} {}", x, unit);
  return fmt::format("{:18.7f} {}", x, unit);
}

// BenchmarkResult.NsPerOp, or b.ReportMetric's "ns/op" when the benchmark reported one.
double nsPerOp(const TObj& b) {
  auto it = b.extra.find("ns/op");
  return it != b.extra.end() ? it->second
                             : static_cast<double>(b.duration) / static_cast<double>(b.N);
}

// BenchmarkResult.String (and MemString with ReportAllocs: the VM counts no allocations).
std::string resultLine(const TObj& b) {
  std::string s = fmt::format("{:8d}", b.N);
  double ns = nsPerOp(b);
  if (ns != 0) s += "\t" + prettyPrint(ns, "ns/op");
  for (const auto& [k, v] : b.extra) {
    if (k == "ns/op" || k == "MB/s" || k == "B/op" || k == "allocs/op") continue;
    s += "\t" + prettyPrint(v, k);
  }
  if (b.showAllocs) s += fmt::format("\t{:8d} B/op\t{:8d} allocs/op", 0, 0);
  return s;
}

std::string benchName(const std::string& name, int procs) {
  return procs != 1 ? fmt::format("{}-{}", name, procs) : name;
}

}  // namespace

Ref<TObj> newTObj(VM& vm, bool bench, std::string name, TObj* parent) {
  const Program& p = vm.prog();
  Ref<TObj> t(new TObj());
  t->name = std::move(name);
  t->bench = bench;
  t->parent = parent;
  t->level = parent ? parent->level + 1 : 0;
  int32_t ty = findType(p, bench ? "testing.B" : "testing.T");
  t->self = ty >= 0 ? newVar(p, ty) : Value::Obj(VK::Ptr, new Box(), -1);
  Box* b = pointee(t->self);
  b->nat = Ref<RefCounted>(t.get());
  if (ty >= 0) {
    for (const auto& f : p.types[static_cast<size_t>(ty)].fields) {
      Value& slot = b->v[static_cast<size_t>(f.index)];
      if (f.name == "common" && slot.k == VK::Agg) slot.as<Box>()->nat = Ref<RefCounted>(t.get());
      if (f.name == "N") t->nSlot = f.index;
    }
  }
  return t;
}

NameFilter NameFilter::parse(const std::string& pattern) {
  // testing/match.go: splitRegexp, then each element rewritten (spaces as _) and compiled
  NameFilter f;
  std::vector<std::string> elems;
  auto add = [&elems](std::string e) {
    for (char& ch : e)
      if (ch == ' ') ch = '_';
    elems.push_back(std::move(e));
  };
  auto endAlternative = [&f, &elems] {
    std::vector<std::regex> alt;
    for (const auto& e : elems)
      alt.emplace_back(e, std::regex::ECMAScript);
    f.alternatives.push_back(std::move(alt));
    elems.clear();
  };
  std::string s = pattern;
  int cs = 0, cp = 0;
  for (size_t i = 0; i < s.size();) {
    switch (s[i]) {
      case '[':
        cs++;
        break;
      case ']':
        if (--cs < 0) cs = 0;  // an unmatched ']' is legal
        break;
      case '(':
        if (cs == 0) cp++;
        break;
      case ')':
        if (cs == 0) cp--;
        break;
      case '\\':
        i++;
        break;
      case '/':
      case '|':
        if (cs == 0 && cp == 0) {
          const bool alternation = s[i] == '|';
          add(s.substr(0, i));
          s = s.substr(i + 1);
          i = 0;
          if (alternation) endAlternative();
          continue;
        }
        break;
    }
    i++;
  }
  add(s);
  endAlternative();
  return f;
}

bool NameFilter::matches(const std::string& fullName, bool* partial) const {
  std::vector<std::string> name;
  for (size_t from = 0;;) {
    size_t slash = fullName.find('/', from);
    name.push_back(fullName.substr(from, slash == std::string::npos ? slash : slash - from));
    if (slash == std::string::npos) break;
    from = slash + 1;
  }
  for (const auto& alt : alternatives) {
    bool ok = true;
    for (size_t i = 0; i < name.size() && i < alt.size() && ok; i++)
      ok = std::regex_search(name[i], alt[i]);
    if (ok) {
      *partial = name.size() < alt.size();
      return true;
    }
  }
  *partial = false;
  return false;
}

std::string subName(TObj* parent, const std::string& name) {
  std::string n = name;
  for (char& ch : n)
    if (ch == ' ') ch = '_';
  int k = parent->subNames[n]++;
  if (k > 0) n += fmt::format("#{:02d}", k);
  return parent->level == 0 && parent->name.empty() ? n : parent->name + "/" + n;
}

// When a test or benchmark has ended, its *testing.T / *testing.B value no longer needs to
// be the TObj's: the Box's native pointer back to the TObj and TObj::self formed a cycle that
// reference counting never frees (LeakSanitizer found it). A program that kept the pointer
// keeps the Box, and the Box the TObj.
struct ReleaseSelfAtEnd {
  TObj* t;
  ~ReleaseSelfAtEnd() { t->self = Value(); }
};

rt::Task<bool> runTest(VM& vm, Ref<TObj> t, Value f) {
  ReleaseSelfAtEnd release{t.get()};
  vm.chargePending();
  Ref<rt::hchan> done = newDone();
  rt::Runtime::current().newproc(testBody(&vm, t, f, done), t->name);
  co_await waitDone(done);
  if (t->failed) {
    std::string report = fmt::format("--- FAIL: {} ({:.2f}s)\n{}", t->name,
                                     static_cast<double>(t->elapsed) / 1e9, t->output);
    if (t->parent && t->parent->level > 0) {
      t->parent->output += indent(report);
    } else {
      vm.write(report);
    }
  }
  co_return !t->failed;
}

rt::Task<bool> runBenchmark(VM& vm, Ref<TObj> b, Value f) {
  ReleaseSelfAtEnd release{b.get()};
  TestRun& tr = *vm.testing;
  if (int n = static_cast<int>(b->name.size()) + tr.extLen + 1; n > tr.maxLen) tr.maxLen = n + 8;
  vm.chargePending();
  Ref<rt::hchan> done = newDone();
  rt::Runtime::current().newproc(benchBody(&vm, b, f, false, done), b->name);
  co_await waitDone(done);
  if (b->failed) {
    vm.write(fmt::format("--- FAIL: {}\n{}", b->name, b->output));
    co_return false;
  }
  if (b->hasSub || b->finished) co_return true;
  if (!tr.labelsPrinted) {
    tr.labelsPrinted = true;
    vm.write("goos: linux\ngoarch: amd64\n");
  }
  int procs = rt::Runtime::current().gomaxprocs();
  std::string name = benchName(b->name, procs);
  vm.write(fmt::format("{:<{}}\t", name, tr.maxLen));
  done = newDone();
  rt::Runtime::current().newproc(benchBody(&vm, b, f, true, done), b->name);
  co_await waitDone(done);
  if (b->failed) {
    vm.write(fmt::format("--- FAIL: {}\n{}", name, b->output));
    co_return false;
  }
  vm.write(resultLine(*b) + "\n");
  {
    BenchResult r{name, b->N, b->duration, nsPerOp(*b), {}};
    for (const auto& [k, v] : b->extra)
      if (k != "ns/op") r.extra.emplace(k, v);
    vm.benchResults.push_back(std::move(r));
  }
  if (!b->output.empty()) vm.write(fmt::format("--- BENCH: {}\n{}", name, b->output));
  co_return true;
}

namespace {

rt::Task<void> parallelBody(VM* vm, Value body, Value pb, Ref<rt::hchan> done) {
  auto g = std::make_shared<G>();
  CallRec call;
  call.fn = body;
  call.args = {pb};
  (void)co_await vm->callAsync(*g, std::move(call));
  rt::closechan(rt::Runtime::current(), done.get());
}

}  // namespace

rt::Task<void> runParallel(VM& vm, G&, TObj* b, Value body) {
  if (b->N == 0) co_return;
  uint64_t grain = 0;
  if (b->previousN > 0 && b->previousDuration > 0) {
    grain = static_cast<uint64_t>(100000 * b->previousN / b->previousDuration);
  }
  grain = std::clamp<uint64_t>(grain, 1, 10000);
  int numProcs = b->parallelism * rt::Runtime::current().gomaxprocs();
  Ref<PBShared> shared(new PBShared());
  const Program& p = vm.prog();
  int32_t pbType = findType(p, "testing.PB");
  std::vector<Ref<rt::hchan>> dones;
  vm.chargePending();
  for (int i = 0; i < numProcs; i++) {
    Value pb = pbType >= 0 ? newVar(p, pbType) : Value::Obj(VK::Ptr, new Box(), -1);
    auto* o = new PBObj();
    o->global = shared;
    o->grain = grain;
    o->bN = static_cast<uint64_t>(b->N);
    pointee(pb)->nat = Ref<RefCounted>(o);
    dones.push_back(newDone());
    rt::Runtime::current().newproc(parallelBody(&vm, body, pb, dones.back()),
                                   b->name + ".RunParallel");
  }
  for (auto& d : dones)
    co_await waitDone(d);
  if (shared->n <= static_cast<uint64_t>(b->N) && !b->failed) {
    b->output += "    RunParallel: body exited without pb.Next() == false\n";
    b->fail();
  }
}

rt::Task<void> VM::testMain(G& g) {
  testing = std::make_unique<TestRun>();
  TestRun& tr = *testing;
  const TestOptions& o = opts_.test;
  tr.runAny = !o.run.empty();
  tr.benchAny = !o.bench.empty();
  try {
    if (tr.runAny) tr.run = NameFilter::parse(o.run);
    if (tr.benchAny) tr.bench = NameFilter::parse(o.bench);
  } catch (const std::regex_error& e) {
    writeErr(fmt::format("testing: invalid regexp for -test.{}: {}\n",
                         tr.runAny && !tr.benchAny ? "run" : "bench", e.what()));
    exitCode = 2;
    co_return;
  }
  if (p_.init >= 0) {
    pushFrame(g, p_.funcs[static_cast<size_t>(p_.init)], nullptr, 0, nullptr, 0, -1);
    co_await exec(g, 0);
  }
  if (g.panicking) {
    flush();
    throw rt::GoPanic(panicText(g, g.panicVal));
  }
  auto funcValue = [](int32_t fn) {
    Value f;
    f.k = VK::Func;
    f.a = fn;
    return f;
  };
  bool ran = false, partial = false;
  if (tr.runAny) {
    for (const auto& t : p_.tests) {
      if (!tr.run.matches(t.name, &partial)) continue;
      ran = true;
      (void)co_await runTest(*this, newTObj(*this, false, t.name, &tr.root), funcValue(t.func));
    }
  }
  if (tr.benchAny) {
    int procs = rt::Runtime::current().gomaxprocs();
    tr.extLen = static_cast<int>(benchName("", procs).size());
    for (const auto& b : p_.benchmarks) {
      if (!tr.bench.matches(b.name, &partial)) continue;
      int l = static_cast<int>(benchName(b.name, procs).size()) + tr.extLen + 1;
      tr.maxLen = std::max(tr.maxLen, l);
    }
    for (const auto& b : p_.benchmarks) {
      if (!tr.bench.matches(b.name, &partial)) continue;
      ran = true;
      Ref<TObj> top = newTObj(*this, true, b.name, &tr.root);
      top->hasSub = partial;  // -bench=X/Y matching BenchmarkX: only its sub-benchmarks report
      (void)co_await runBenchmark(*this, top, funcValue(b.func));
    }
  }
  if (!ran && !tr.benchAny) writeErr("testing: warning: no tests to run\n");
  chargePending();
  if (tr.root.failed) {
    write("FAIL\n");
    exitCode = 1;
  } else {
    write("PASS\n");
  }
  flush();
}

}  // namespace gotimers::program

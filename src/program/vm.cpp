// The VM's instruction loop (vm.h).
#include "program/vm.h"

#include <fmt/format.h>

#include <algorithm>

#include "go/go.h"
#include "program/testing_state.h"
#include "program/vm_internal.h"
#include "program/vm_ops.h"
#include "runtime/chan.h"

namespace gotimers::program {

VM::VM(const Program& p, VMOptions opts) : p_(p), opts_(std::move(opts)) {
  startBoxTracking();
}
// The run is over: free the reference cycles through its memory (value.h, Box).
VM::~VM() {
  breakBoxCycles();
}

int64_t VM::epochNs() const {
  // The virtual wall clock starts at the Go playground's fixed time, 2009-11-10 23:00:00
  // UTC (docs/go-programs.md): time.Now() = this + the simulated monotonic clock.
  return int64_t{1257894000} * 1'000'000'000;
}

sim::Rng& VM::mapRng() {
  return rt::Runtime::current().rng().get("map");
}

void VM::write(std::string_view text) {
  for (char c : text) {
    if (c == '\n') {
      rt::Runtime::current().print(line_);
      line_.clear();
    } else {
      line_ += c;
    }
  }
}
void VM::flush() {
  if (!line_.empty()) {
    rt::Runtime::current().print(line_);
    line_.clear();
  }
}

void VM::chargePending() {
  if (pending_ > 0) {
    rt::Runtime& r = rt::Runtime::current();
    r.chargeUser(pending_ * r.cost().user_instr);
    pending_ = 0;
  }
}

void VM::chargeBatch() {
  chargePending();
  rt::Runtime::current().pollLimits();
}

const Method* VM::method(int32_t t, int32_t sel) const {
  if (t < 0) return nullptr;
  return p_.types[static_cast<size_t>(t)].findMethod(sel);
}

Value VM::errorValue(int32_t type, std::string msg) const {
  Value v = Value::Obj(VK::Native, new ErrObj(std::move(msg)));  // compared by identity
  v.t = type;
  return v;
}

void VM::runtimePanic(G& g, int32_t type, std::string msg) {
  startPanic(g, errorValue(type, std::move(msg)));
}

void VM::startPanic(G& g, Value v) {
  g.panicking = true;
  g.recovered = false;
  g.panicVal = std::move(v);
  g.frames.back().mode = Frame::Panicking;
}

std::string VM::panicText(G& g, const Value& v) {
  if (v.t < 0) return "panic called with nil argument (use runtime.PanicNilError)";
  if (const Method* m = method(v.t, p_.selError)) {
    (void)m;
    return formatValue(*this, g, v, v.t, 'v', false, false);
  }
  if (method(v.t, p_.selString)) return formatValue(*this, g, v, v.t, 'v', false, false);
  const Type& t = p_.types[static_cast<size_t>(v.t)];
  std::string s = formatValue(*this, g, v, v.t, 'v', false, false);
  if (t.kind == TK::Named && t.base <= TK::String) {
    if (t.base == TK::String) s = fmt::format("\"{}\"", s);
    return fmt::format("{}({})", t.str, s);
  }
  if (t.base == TK::Float64 || t.base == TK::Float32) return fmt::format("{:+e}", v.f);
  if (t.base > TK::String) return fmt::format("({}) {}", t.str, s);
  return s;
}

void VM::pushFrame(G& g, const Func& f, const Value* args, int32_t nargs, const Value* free,
                   int32_t nfree, int32_t dst) {
  int32_t base = 0;
  if (!g.frames.empty()) base = g.frames.back().base + g.frames.back().fn->nregs;
  auto top = static_cast<size_t>(base + f.nregs);
  if (top > g.regs.capacity()) {
    // args may point into g.regs (the caller's registers): copy them before it moves
    std::vector<Value> tmp(args, args + nargs);
    g.regs.reserve(std::max(top, 2 * g.regs.capacity()));
    g.regs.resize(top);
    for (int32_t i = 0; i < nargs && i < f.nparams; i++)
      g.regs[static_cast<size_t>(base + i)] = std::move(tmp[static_cast<size_t>(i)]);
  } else {
    // the new frame's registers lie above every register args can point to
    g.regs.resize(top);
    for (int32_t i = 0; i < nargs && i < f.nparams; i++)
      g.regs[static_cast<size_t>(base + i)] = args[i];
  }
  for (int32_t i = 0; i < nfree && i < f.nfree; i++)
    g.regs[static_cast<size_t>(base + f.nparams + i)] = free[i];
  Frame fr;
  fr.fn = &f;
  fr.base = base;
  fr.dst = dst;
  g.frames.push_back(std::move(fr));
}

// Every run starts from zeroed package variables (a Program is loaded once and run on
// several eras), with the library variables the VM provides.
void VM::resetGlobals() {
  ctxCanceled = errorValue(p_.tErrorString, "context canceled");
  ctxDeadline = errorValue(p_.tDeadlineErr, "context deadline exceeded");
  for (size_t gi = 0; gi < p_.globals.size(); gi++) {
    int32_t ci = p_.globalConst[gi];
    if (ci < 0) continue;
    const Value& ptr = p_.consts[static_cast<size_t>(ci)];
    int32_t t = p_.globals[gi].type;
    Value z = p_.zero(t);
    if (p_.globalExtern[gi]) {
      const std::string& n = p_.globals[gi].name;
      if (n == "context.Canceled") z = ctxCanceled;
      if (n == "context.DeadlineExceeded") z = ctxDeadline;
      if (n == "os.Stdout" || n == "os.Stderr") {
        auto* b = new Box(1);
        b->v[0] = Value::Int(n == "os.Stdout" ? 1 : 2);  // the fd
        z = Value::Obj(VK::Ptr, b, -1);
      }
      if (n == "os.Args") {
        auto* b = new Box();
        b->v.push_back(makeStr(opts_.progName));
        for (const auto& a : opts_.args)
          b->v.push_back(makeStr(a));
        b->recount();
        auto len = static_cast<int32_t>(b->v.size());
        z = Value::Obj(VK::Slice, b, 0, len);
        z.i = len;
      }
    }
    if (ptr.a < 0) {
      Value agg = Value::Obj(VK::Agg, ptr.r);
      assignInto(agg, z);
    } else {
      ptr.as<Box>()->v[static_cast<size_t>(ptr.a)] = std::move(z);
    }
  }
}

rt::Task<void> VM::mainBody() {
  auto g = std::make_shared<G>();
  g->goid = 1;
  resetGlobals();
  if (opts_.test.enabled) {
    co_await testMain(*g);
    co_return;
  }
  if (p_.init >= 0) {
    pushFrame(*g, p_.funcs[static_cast<size_t>(p_.init)], nullptr, 0, nullptr, 0, -1);
    co_await exec(*g, 0);
  }
  if (p_.main >= 0 && !g->panicking) {
    pushFrame(*g, p_.funcs[static_cast<size_t>(p_.main)], nullptr, 0, nullptr, 0, -1);
    co_await exec(*g, 0);
  }
  if (g->panicking) {
    flush();
    throw rt::GoPanic(panicText(*g, g->panicVal));
  }
  chargePending();
  flush();
}

void VM::startGoroutine(CallRec call, std::string label) {
  chargePending();
  rt::Runtime::current().newproc(goroutine(std::move(call)), std::move(label));
}

void VM::spawn(CallRec call, std::string label, Ref<RefCounted> done) {
  chargePending();
  rt::Runtime::current().newproc(goroutine(std::move(call), std::move(done)), std::move(label));
}

rt::Task<void> VM::goroutine(CallRec call, Ref<RefCounted> done) {
  G g;
  if (pushCall(g, call, -1)) co_await exec(g, 0);
  if (done) rt::closechan(rt::Runtime::current(), static_cast<rt::hchan*>(done.get()));
  if (g.panicking && !g.goexit) {
    flush();
    throw rt::GoPanic(panicText(g, g.panicVal));
  }
}

void VM::goexit(G& g) {
  g.goexit = true;
  startPanic(g, Value());
}

rt::Task<Value> VM::callAsync(G& g, CallRec call) {
  size_t depth = g.frames.size();
  if (!pushCall(g, call, -1)) co_return Value();
  g.frames.back().stop = true;
  co_await exec(g, depth);
  co_return std::move(g.syncResult);
}

Value VM::callSync(G& g, CallRec call) {
  size_t depth = g.frames.size();
  if (!pushCall(g, call, -1)) return Value();
  g.frames.back().stop = true;
  g.nested++;
  rt::Task<void> t = exec(g, depth);
  t.handle().resume();
  g.nested--;
  if (!t.handle().done()) throw rt::GoThrow("gotimers: a method called by fmt blocked");
  t.await_resume();
  return std::move(g.syncResult);
}

// Pushes a frame for c (returns true), or runs it natively (externs called as values,
// builtins deferred) and returns false.
bool VM::pushCall(G& g, const CallRec& c, int32_t dst) {
  if (c.builtin != Op::Call && c.builtin != Op::Invoke) {
    rt::Runtime& r = rt::Runtime::current();
    switch (c.builtin) {
      case Op::Close:
        if (c.args[0].k != VK::Chan) throw rt::GoPanic("close of nil channel");
        rt::closechan(r, c.args[0].as<rt::hchan>());
        return false;
      case Op::CallPanic:
        startPanic(g, c.args[0]);
        return false;
      case Op::Print:
      case Op::Println: {
        std::string s;
        for (size_t i = 0; i < c.args.size(); i++) {
          if (i && c.builtin == Op::Println) s += ' ';
          s += c.args[i].k == VK::Str ? strOf(c.args[i]) : fmt::format("{}", c.args[i].i);
        }
        if (c.builtin == Op::Println) s += '\n';
        write(s);
        return false;
      }
      case Op::Recover:
        return false;
      default:
        throw rt::GoThrow("gotimers: unsupported builtin in go/defer");
    }
  }
  if (c.builtin == Op::Invoke) {
    const Value& recv = c.fn;
    const Method* m = method(recv.t, c.sel);
    if (!m) throw rt::GoPanic("runtime error: invalid memory address or nil pointer dereference");
    Value self = recv;
    self.t = -1;
    std::vector<Value> args;
    args.reserve(c.args.size() + 1);
    args.push_back(self);
    for (const auto& a : c.args)
      args.push_back(a);
    if (m->func >= 0) {
      const Func& f = p_.funcs[static_cast<size_t>(m->func)];
      pushFrame(g, f, args.data(), static_cast<int32_t>(args.size()), nullptr, 0, dst);
      return true;
    }
    CallRec e;
    e.fn.k = VK::Func;
    e.fn.a = m->ext;
    e.fn.b = 1;
    if (m->native >= 0) {
      Value res = m->native == int32_t(NativeMethod::ErrorString)
                      ? makeStr(strOf(recv))
                      : nativeMethod(g, m->native, recv, c.args);
      if (dst >= 0) g.regs[static_cast<size_t>(g.frames.back().base + dst)] = res;
      return false;
    }
    e.args = std::move(args);
    return pushCall(g, e, dst);
  }
  const Value& fv = c.fn;
  if (fv.k != VK::Func) {
    throw rt::GoPanic("runtime error: invalid memory address or nil pointer dereference");
  }
  if (fv.b == 1) {  // an extern as a func value: run it now (it must not block)
    const Extern& x = p_.externs[static_cast<size_t>(fv.a)];
    if (!x.impl || !x.impl->fn) {
      throw rt::GoThrow(fmt::format("gotimers: {} cannot be called here yet", x.name));
    }
    ExternCtx ctx{*this, g, c.args.data(), static_cast<int32_t>(c.args.size()), fv.a, c.pos, {}};
    ctx.fnv = &fv;
    x.impl->fn(ctx);
    if (dst >= 0) g.regs[static_cast<size_t>(g.frames.back().base + dst)] = std::move(ctx.result);
    return false;
  }
  const Func& f = p_.funcs[static_cast<size_t>(fv.a)];
  auto* cl = fv.as<Closure>();
  pushFrame(g, f, c.args.data(), static_cast<int32_t>(c.args.size()),
            cl ? cl->free.data() : nullptr, cl ? static_cast<int32_t>(cl->free.size()) : 0, dst);
  return true;
}

}  // namespace gotimers::program

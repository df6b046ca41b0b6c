// Package context for Go programs (context/context.go of Go 1.19): Background, TODO,
// WithCancel, WithDeadline, WithTimeout, WithValue; the Context methods Deadline, Done,
// Err and Value are native methods of the VM-made context types (VM::nativeMethod).
//
// CtxObj mirrors emptyCtx / cancelCtx / timerCtx / valueCtx. Invariants: done is made with
// the context (Go makes it lazily; nothing observable differs) and closed exactly once, when
// err is set; a canceled context has no children; `parent` is the nearest context that can
// be canceled (propagateCancel's parentCancelCtx), or null. WithDeadline arms the era's
// timer through time.AfterFunc as Go's does, so a deadline fires on each era's timer code.
#include <fmt/format.h>

#include <algorithm>

#include "go/go.h"
#include "go/time.h"
#include "program/externs.h"
#include "program/vm.h"
#include "program/vm_internal.h"
#include "runtime/chan.h"

namespace gotimers::program {

namespace {

namespace gt = go::time;

struct CtxObj : RefCounted {
  enum Kind : uint8_t { Empty, Cancel, Timer, Val } kind = Empty;
  Value parentV;        // the parent Context (interface value)
  Ref<CtxObj> parent;   // the nearest cancelable ancestor (registered there as a child)
  Ref<rt::hchan> done;  // Cancel/Timer
  Value err;            // nil until canceled
  std::vector<Ref<CtxObj>> children;
  gt::TimerPtr timer;    // Timer: the AfterFunc timer
  int64_t deadline = 0;  // Timer: Unix ns
  Value key, val;        // Val
};

CtxObj* ctxOf(const Value& v) {
  return v.k == VK::Native ? static_cast<CtxObj*>(v.r) : nullptr;
}
Value ctxValue(CtxObj* o, int32_t type) {
  Value v = Value::Obj(VK::Native, o);
  v.t = type;
  return v;
}

// The nearest cancelable context at or above v (through value contexts).
CtxObj* cancelable(const Value& v) {
  for (CtxObj* o = ctxOf(v); o; o = ctxOf(o->parentV)) {
    if (o->kind == CtxObj::Cancel || o->kind == CtxObj::Timer) return o;
    if (o->kind == CtxObj::Empty) return nullptr;
  }
  return nullptr;
}

void cancel(CtxObj* c, bool removeFromParent, const Value& err) {
  if (!c->err.isNil()) return;  // already canceled
  Ref<CtxObj> keep(c);
  c->err = err;
  rt::closechan(rt::Runtime::current(), c->done.get());
  auto children = std::move(c->children);
  c->children.clear();
  for (auto& ch : children)
    cancel(ch.get(), false, err);
  if (removeFromParent && c->parent) {
    auto& sib = c->parent->children;
    sib.erase(
        std::remove_if(sib.begin(), sib.end(), [c](const Ref<CtxObj>& x) { return x.get() == c; }),
        sib.end());
  }
  c->parent = Ref<CtxObj>();
  if (c->timer) {
    (void)c->timer->Stop();
    c->timer = gt::TimerPtr();
  }
}

Ref<CtxObj> newCancelCtx(ExternCtx& c, const Value& parent, CtxObj::Kind k) {
  if (parent.isNil()) go::Panic("cannot create context from nil parent");
  if (!ctxOf(parent)) {
    throw rt::GoThrow(
        fmt::format("{}: gotimers: a Context implemented by the program is not "
                    "supported as a parent yet",
                    c.vm.prog().where(c.pos)));
  }
  Ref<CtxObj> o(new CtxObj());
  o->kind = k;
  o->parentV = parent;
  o->done = rt::makechan(rt::Runtime::current(), 0);
  // propagateCancel
  if (CtxObj* p = cancelable(parent)) {
    if (!p->err.isNil()) {
      cancel(o.get(), false, p->err);
    } else {
      o->parent = Ref<CtxObj>(p);
      p->children.push_back(o);
    }
  }
  return o;
}

Value cancelFunc(ExternCtx& c, CtxObj* o, int32_t type) {
  auto* cl = new Closure();
  cl->ext = true;
  cl->free.push_back(ctxValue(o, type));
  cl->recount();
  Value f = Value::Obj(VK::Func, cl, c.vm.prog().extCancel, 1);
  return f;
}

void Background(ExternCtx& c) {
  c.result = ctxValue(new CtxObj(), c.vm.prog().tEmptyCtx);
}
void WithCancel(ExternCtx& c) {
  Ref<CtxObj> o = newCancelCtx(c, c.arg(0), CtxObj::Cancel);
  int32_t t = c.vm.prog().tCancelCtx;
  c.result = makeTuple({ctxValue(o.get(), t), cancelFunc(c, o.get(), t)});
}
rt::Task<void> fire(Ref<CtxObj> o, Value err) {
  cancel(o.get(), true, err);
  co_return;
}
void withDeadline(ExternCtx& c, const Value& parent, int64_t d) {
  const Program& p = c.vm.prog();
  // a parent's earlier deadline makes this a plain WithCancel
  for (CtxObj* a = ctxOf(parent); a; a = ctxOf(a->parentV)) {
    if (a->kind == CtxObj::Timer && a->deadline < d) {
      Ref<CtxObj> o = newCancelCtx(c, parent, CtxObj::Cancel);
      c.result = makeTuple({ctxValue(o.get(), p.tCancelCtx), cancelFunc(c, o.get(), p.tCancelCtx)});
      return;
    }
  }
  Ref<CtxObj> o = newCancelCtx(c, parent, CtxObj::Timer);
  o->deadline = d;
  int64_t dur = d - (rt::Runtime::current().nanotime() + c.vm.epochNs());
  if (dur <= 0) {
    cancel(o.get(), true, c.vm.ctxDeadline);
  } else if (o->err.isNil()) {
    Value err = c.vm.ctxDeadline;
    Ref<CtxObj> keep = o;
    o->timer = gt::AfterFunc(dur, [keep, err]() { return fire(keep, err); }).value;
  }
  c.result = makeTuple({ctxValue(o.get(), p.tTimerCtx), cancelFunc(c, o.get(), p.tTimerCtx)});
}
void WithDeadline(ExternCtx& c) {
  withDeadline(c, c.arg(0), c.i(1));
}
void WithTimeout(ExternCtx& c) {
  withDeadline(c, c.arg(0), rt::Runtime::current().nanotime() + c.vm.epochNs() + c.i(1));
}
void WithValue(ExternCtx& c) {
  if (c.arg(0).isNil()) go::Panic("cannot create context from nil parent");
  if (c.arg(1).isNil()) go::Panic("nil key");
  auto* o = new CtxObj();
  o->kind = CtxObj::Val;
  o->parentV = c.arg(0);
  o->key = c.arg(1);
  o->val = c.arg(2);
  c.result = ctxValue(o, c.vm.prog().tValueCtx);
}
// The CancelFunc: its closure holds the context.
void CancelCall(ExternCtx& c) {
  auto* cl = c.fnv ? c.fnv->as<Closure>() : nullptr;
  if (!cl || cl->free.empty()) return;
  cancel(ctxOf(cl->free[0]), true, c.vm.ctxCanceled);
}

}  // namespace

Value VM::nativeMethod(G&, int32_t native, const Value& recv, const std::vector<Value>& args) {
  auto m = static_cast<NativeMethod>(native);
  if (m == NativeMethod::RandInt63 || m == NativeMethod::RandUint64 ||
      m == NativeMethod::RandSeed) {
    return randSourceMethod(m, recv, args);  // not a context: rand.NewSource's source
  }
  CtxObj* o = ctxOf(recv);
  switch (static_cast<NativeMethod>(native)) {
    case NativeMethod::CtxDeadline:
      for (CtxObj* a = o; a; a = ctxOf(a->parentV)) {
        if (a->kind == CtxObj::Timer) {
          Value t = Value::Int(a->deadline);
          t.b = 1;
          return makeTuple({t, Value::Bool(true)});
        }
      }
      return makeTuple({Value(), Value::Bool(false)});
    case NativeMethod::CtxDone:
      for (CtxObj* a = o; a; a = ctxOf(a->parentV)) {
        if (a->done) return Value::Obj(VK::Chan, a->done.get());
        if (a->kind == CtxObj::Empty) break;
      }
      return Value();
    case NativeMethod::CtxErr:
      for (CtxObj* a = o; a; a = ctxOf(a->parentV)) {
        if (a->kind == CtxObj::Cancel || a->kind == CtxObj::Timer) return a->err;
      }
      return Value();
    case NativeMethod::CtxValue:
      for (CtxObj* a = o; a; a = ctxOf(a->parentV)) {
        if (a->kind == CtxObj::Val && !args.empty() && equal(a->key, args[0])) return a->val;
      }
      return Value();
    default:
      throw rt::GoThrow("gotimers: unknown native method");
  }
}

void registerContextExterns(ExternTable& t) {
  t["context.Background"] = {Background, nullptr};
  t["context.TODO"] = {Background, nullptr};
  t["context.WithCancel"] = {WithCancel, nullptr};
  t["context.WithDeadline"] = {WithDeadline, nullptr};
  t["context.WithTimeout"] = {WithTimeout, nullptr};
  t["context.WithValue"] = {WithValue, nullptr};
  t["gotimers:context.cancel"] = {CancelCall, nullptr};
}

}  // namespace gotimers::program

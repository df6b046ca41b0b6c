// sync.Once, sync.RWMutex, sync.Cond, atomic.Value and atomic.Pointer[T] for Go programs;
// their native state lives in the opaque struct's Box::nat.
//
// Once.Do runs f on the calling goroutine through a nested frame loop that may block
// (VM::callAsync); a second caller parks until f returns, as Go's doSlow waits on the mutex.
// RWMutex: a writer waits for readers to leave, and a waiting writer holds back new readers
// (sync/rwmutex.go's rule); Unlock admits every waiting reader first, then a writer. Waiters
// are parked Gs woken FIFO. Cond.Wait = L.Unlock, park on the notify list, L.Lock, with L
// called through its Locker methods.
#include <deque>

#include "go/go.h"
#include "program/externs.h"
#include "program/vm.h"
#include "program/vm_internal.h"

namespace gotimers::program {

namespace {

void wakeAll(std::deque<rt::g*>& q) {
  while (!q.empty()) {
    go::RT().goready(q.front());
    q.pop_front();
  }
}

struct OnceObj : RefCounted {
  int state = 0;  // 0 not run, 1 f running, 2 done
  std::deque<rt::g*> waiters;
};
rt::Task<void> OnceDo(ExternCtx& c) {
  Ref<RefCounted> keep(natOf<OnceObj>(c.arg(0)));
  auto* o = static_cast<OnceObj*>(keep.get());
  if (o->state == 2) co_return;
  if (o->state == 1) {
    o->waiters.push_back(go::RT().curg());
    co_await go::RT().gopark(nullptr, "sync.Once.Do");
    co_return;
  }
  o->state = 1;
  CallRec call;
  call.fn = c.arg(1);
  call.pos = c.pos;
  bool ok = false;
  try {
    (void)co_await c.vm.callAsync(c.g, std::move(call));
    ok = true;
  } catch (...) {
    o->state = 2;  // Go's defer sets done even when f panics
    wakeAll(o->waiters);
    throw;
  }
  if (ok) {
    o->state = 2;
    wakeAll(o->waiters);
  }
}

struct RWObj : RefCounted {
  bool writer = false;
  int64_t readers = 0;
  std::deque<rt::g*> wWait, rWait;
};
rt::Task<void> RWLock(ExternCtx& c) {
  Ref<RefCounted> keep(natOf<RWObj>(c.arg(0)));
  auto* m = static_cast<RWObj*>(keep.get());
  if (!m->writer && m->readers == 0) {
    m->writer = true;
    co_return;
  }
  m->wWait.push_back(go::RT().curg());
  co_await go::RT().gopark(nullptr, "sync.RWMutex.Lock");  // handed the lock
}
rt::Task<void> RWRLock(ExternCtx& c) {
  Ref<RefCounted> keep(natOf<RWObj>(c.arg(0)));
  auto* m = static_cast<RWObj*>(keep.get());
  if (!m->writer && m->wWait.empty()) {
    m->readers++;
    co_return;
  }
  m->rWait.push_back(go::RT().curg());
  co_await go::RT().gopark(nullptr, "sync.RWMutex.RLock");
}
void handToWriter(RWObj* m) {
  if (m->wWait.empty()) return;
  m->writer = true;
  go::RT().goready(m->wWait.front());
  m->wWait.pop_front();
}
void RWUnlock(ExternCtx& c) {
  RWObj* m = natOf<RWObj>(c.arg(0));
  if (!m->writer) throw rt::GoThrow("sync: Unlock of unlocked RWMutex");
  m->writer = false;
  if (!m->rWait.empty()) {
    m->readers += static_cast<int64_t>(m->rWait.size());
    wakeAll(m->rWait);
  } else {
    handToWriter(m);
  }
}
void RWRUnlock(ExternCtx& c) {
  RWObj* m = natOf<RWObj>(c.arg(0));
  if (m->readers <= 0) throw rt::GoThrow("sync: RUnlock of unlocked RWMutex");
  if (--m->readers == 0) handToWriter(m);
}
void RWTryLock(ExternCtx& c) {
  RWObj* m = natOf<RWObj>(c.arg(0));
  bool ok = !m->writer && m->readers == 0;
  if (ok) m->writer = true;
  c.result = Value::Bool(ok);
}
void RWTryRLock(ExternCtx& c) {
  RWObj* m = natOf<RWObj>(c.arg(0));
  bool ok = !m->writer && m->wWait.empty();
  if (ok) m->readers++;
  c.result = Value::Bool(ok);
}

struct CondObj : RefCounted {
  std::deque<rt::g*> waiters;
};
// Cond's L: the one field of the opaque struct the program can set or read.
Value condL(const Value& p) {
  Box* b = pointee(p);
  if (!b) go::Panic("runtime error: invalid memory address or nil pointer dereference");
  for (const auto& v : b->v)
    if (!v.isNil()) return v;
  go::Panic("runtime error: invalid memory address or nil pointer dereference");
}
void NewCond(ExternCtx& c) {
  const Program& p = c.vm.prog();
  const Type& ft = p.types[static_cast<size_t>(p.externs[static_cast<size_t>(c.ext)].type)];
  int32_t condT = p.types[static_cast<size_t>(ft.results[0])].elem;
  Value ptr = newVar(p, condT);
  Box* b = pointee(ptr);
  const Type& ct = p.types[static_cast<size_t>(condT)];
  for (const auto& f : ct.fields)
    if (f.name == "L") b->v[static_cast<size_t>(f.index)] = c.arg(0);
  if (b->v.empty()) {
    b->v.push_back(c.arg(0));
    b->recount();
  }  // the program never reads L: keep it anyway
  c.result = ptr;
}
// Calls L.Lock / L.Unlock through the Locker interface.
rt::Task<void> callLocker(ExternCtx& c, const Value& l, const char* name) {
  const Program& p = c.vm.prog();
  int32_t sel = -1;
  for (size_t i = 0; i < p.selectors.size(); i++)
    if (p.selectors[i] == name) sel = static_cast<int32_t>(i);
  const Method* m = c.vm.method(l.t, sel);
  if (!m) go::Panic("runtime error: invalid memory address or nil pointer dereference");
  Value self = l;
  self.t = -1;
  if (m->ext >= 0) {
    const Extern& x = p.externs[static_cast<size_t>(m->ext)];
    ExternCtx cx{c.vm, c.g, &self, 1, m->ext, c.pos, {}};
    if (x.impl && x.impl->afn) {
      co_await x.impl->afn(cx);
    } else if (x.impl) {
      x.impl->fn(cx);
    }
    co_return;
  }
  CallRec call;
  call.fn.k = VK::Func;
  call.fn.a = m->func;
  call.args = {self};
  (void)co_await c.vm.callAsync(c.g, std::move(call));
}
rt::Task<void> CondWait(ExternCtx& c) {
  Ref<RefCounted> keep(natOf<CondObj>(c.arg(0)));
  auto* o = static_cast<CondObj*>(keep.get());
  Value l = condL(c.arg(0));
  co_await callLocker(c, l, "Unlock");
  o->waiters.push_back(go::RT().curg());
  co_await go::RT().gopark(nullptr, "sync.Cond.Wait");
  co_await callLocker(c, l, "Lock");
}
void CondSignal(ExternCtx& c) {
  CondObj* o = natOf<CondObj>(c.arg(0));
  if (o->waiters.empty()) return;
  go::RT().goready(o->waiters.front());
  o->waiters.pop_front();
}
void CondBroadcast(ExternCtx& c) {
  wakeAll(natOf<CondObj>(c.arg(0))->waiters);
}

// atomic.Value (an interface value; nil until the first Store) and atomic.Pointer[T]
struct AVObj : RefCounted {
  Value v;
};
void AVLoad(ExternCtx& c) {
  c.result = natOf<AVObj>(c.arg(0))->v;
}
void checkStore(const Value& old, const Value& v) {
  if (v.isNil()) go::Panic("sync/atomic: store of nil value into Value");
  if (!old.isNil() && old.t != v.t)
    go::Panic("sync/atomic: store of inconsistently typed value into Value");
}
void AVStore(ExternCtx& c) {
  Value& s = natOf<AVObj>(c.arg(0))->v;
  checkStore(s, c.arg(1));
  s = c.arg(1);
}
void AVSwap(ExternCtx& c) {
  Value& s = natOf<AVObj>(c.arg(0))->v;
  checkStore(s, c.arg(1));
  c.result = s;
  s = c.arg(1);
}
void AVCas(ExternCtx& c) {
  Value& s = natOf<AVObj>(c.arg(0))->v;
  checkStore(s, c.arg(2));
  bool ok = s.isNil() ? c.arg(1).isNil() : equal(s, c.arg(1));
  if (ok) s = c.arg(2);
  c.result = Value::Bool(ok);
}
void PStore(ExternCtx& c) {
  natOf<AVObj>(c.arg(0))->v = c.arg(1);
}
void PSwap(ExternCtx& c) {
  Value& s = natOf<AVObj>(c.arg(0))->v;
  c.result = s;
  s = c.arg(1);
}
void PCas(ExternCtx& c) {
  Value& s = natOf<AVObj>(c.arg(0))->v;
  bool ok = equal(s, c.arg(1)) || (s.isNil() && c.arg(1).isNil());
  if (ok) s = c.arg(2);
  c.result = Value::Bool(ok);
}

}  // namespace

void registerSyncMoreExterns(ExternTable& t) {
  t["(*sync.Once).Do"] = {nullptr, OnceDo};
  t["(*sync.RWMutex).Lock"] = {nullptr, RWLock};
  t["(*sync.RWMutex).RLock"] = {nullptr, RWRLock};
  t["(*sync.RWMutex).Unlock"] = {RWUnlock, nullptr};
  t["(*sync.RWMutex).RUnlock"] = {RWRUnlock, nullptr};
  t["(*sync.RWMutex).TryLock"] = {RWTryLock, nullptr};
  t["(*sync.RWMutex).TryRLock"] = {RWTryRLock, nullptr};
  t["sync.NewCond"] = {NewCond, nullptr};
  t["(*sync.Cond).Wait"] = {nullptr, CondWait};
  t["(*sync.Cond).Signal"] = {CondSignal, nullptr};
  t["(*sync.Cond).Broadcast"] = {CondBroadcast, nullptr};
  t["(*sync/atomic.Value).Load"] = {AVLoad, nullptr};
  t["(*sync/atomic.Value).Store"] = {AVStore, nullptr};
  t["(*sync/atomic.Value).Swap"] = {AVSwap, nullptr};
  t["(*sync/atomic.Value).CompareAndSwap"] = {AVCas, nullptr};
  t["(*sync/atomic.Pointer[T]).Load"] = {AVLoad, nullptr};
  t["(*sync/atomic.Pointer[T]).Store"] = {PStore, nullptr};
  t["(*sync/atomic.Pointer[T]).Swap"] = {PSwap, nullptr};
  t["(*sync/atomic.Pointer[T]).CompareAndSwap"] = {PCas, nullptr};
}

}  // namespace gotimers::program

// Packages sync and sync/atomic for Go programs. The natives live in the opaque struct's
// Box::nat: WaitGroup is go::WaitGroup; Mutex parks waiters FIFO and hands the lock to the
// first (sync.Mutex's starvation mode, simplified: no spinning, no barging); Once, RWMutex,
// Cond and atomic.Value/Pointer are in externs_sync_more.cpp. Atomics are plain reads and writes:
// the simulator runs one goroutine at a time, and each call is a charge point, so a busy loop on a
// Load advances virtual time and lets other Ms run.
#include <deque>

#include "go/go.h"
#include "program/externs.h"
#include "program/vm.h"
#include "program/vm_internal.h"
#include "program/vm_ops.h"

namespace gotimers::program {

namespace {

struct WgObj : RefCounted {
  go::WaitGroup wg;
};
struct MuObj : RefCounted {
  bool locked = false;
  std::deque<rt::g*> waiters;
};
struct AtomicObj : RefCounted {
  Value v = Value::Int(0);
};

template <typename T>
T* nat(const Value& p) {
  if (p.k != VK::Ptr) go::Panic("runtime error: invalid memory address or nil pointer dereference");
  Box* b = p.a < 0 ? p.as<Box>() : p.as<Box>()->v[static_cast<size_t>(p.a)].as<Box>();
  if (!b->nat) b->nat = Ref<RefCounted>(new T());
  return static_cast<T*>(b->nat.get());
}
// The slot a *int32 / *int64 / ... points to.
Value& slot(const Value& p) {
  if (p.k != VK::Ptr) go::Panic("runtime error: invalid memory address or nil pointer dereference");
  if (p.a < 0) go::Panic("gotimers: atomic operation on an aggregate");
  return p.as<Box>()->v[static_cast<size_t>(p.a)];
}

void WgAdd(ExternCtx& c) {
  (void)nat<WgObj>(c.arg(0))->wg.Add(c.i(1));
}
void WgDone(ExternCtx& c) {
  (void)nat<WgObj>(c.arg(0))->wg.Done();
}
rt::Task<void> WgWait(ExternCtx& c) {
  co_await nat<WgObj>(c.arg(0))->wg.Wait();
}
rt::Task<void> MuLock(ExternCtx& c) {
  MuObj* m = nat<MuObj>(c.arg(0));
  Ref<RefCounted> keep(m);
  if (!m->locked) {
    m->locked = true;
    co_return;
  }
  m->waiters.push_back(go::RT().curg());
  co_await go::RT().gopark(nullptr, "sync.Mutex.Lock");  // Unlock handed it to us
}
void MuUnlock(ExternCtx& c) {
  MuObj* m = nat<MuObj>(c.arg(0));
  if (!m->locked) throw rt::GoThrow("sync: unlock of unlocked mutex");
  if (m->waiters.empty()) {
    m->locked = false;
    return;
  }
  rt::g* gp = m->waiters.front();
  m->waiters.pop_front();
  go::RT().goready(gp);
}
void MuTryLock(ExternCtx& c) {
  MuObj* m = nat<MuObj>(c.arg(0));
  bool ok = !m->locked;
  m->locked = true;
  c.result = Value::Bool(ok);
}

template <TK K>
void Load(ExternCtx& c) {
  c.result = Value::Int(slot(c.arg(0)).i);
}
template <TK K>
void Store(ExternCtx& c) {
  slot(c.arg(0)) = Value::Int(c.i(1));
}
template <TK K>
void Add(ExternCtx& c) {
  Value& s = slot(c.arg(0));
  s = Value::Int(
      wrapInt(K, static_cast<int64_t>(static_cast<uint64_t>(s.i) + static_cast<uint64_t>(c.i(1)))));
  c.result = Value::Int(s.i);
}
template <TK K>
void Swap(ExternCtx& c) {
  Value& s = slot(c.arg(0));
  c.result = Value::Int(s.i);
  s = Value::Int(c.i(1));
}
template <TK K>
void Cas(ExternCtx& c) {
  Value& s = slot(c.arg(0));
  bool ok = s.i == c.i(1);
  if (ok) s = Value::Int(c.i(2));
  c.result = Value::Bool(ok);
}
// the methods of atomic.Int32 / Int64 / Uint32 / Uint64 / Bool: the value in Box::nat
void MLoad(ExternCtx& c) {
  c.result = nat<AtomicObj>(c.arg(0))->v;
}
void MStore(ExternCtx& c) {
  nat<AtomicObj>(c.arg(0))->v = c.arg(1);
}
template <TK K>
void MAdd(ExternCtx& c) {
  Value& s = nat<AtomicObj>(c.arg(0))->v;
  s = Value::Int(
      wrapInt(K, static_cast<int64_t>(static_cast<uint64_t>(s.i) + static_cast<uint64_t>(c.i(1)))));
  c.result = s;
}
void MSwap(ExternCtx& c) {
  Value& s = nat<AtomicObj>(c.arg(0))->v;
  c.result = s;
  s = c.arg(1);
}
void MCas(ExternCtx& c) {
  Value& s = nat<AtomicObj>(c.arg(0))->v;
  bool ok = s.i == c.i(1);
  if (ok) s = c.arg(2);
  c.result = Value::Bool(ok);
}

template <TK K>
void addFuncs(ExternTable& t, const std::string& n) {
  t["sync/atomic.Load" + n] = {Load<K>, nullptr};
  t["sync/atomic.Store" + n] = {Store<K>, nullptr};
  t["sync/atomic.Add" + n] = {Add<K>, nullptr};
  t["sync/atomic.Swap" + n] = {Swap<K>, nullptr};
  t["sync/atomic.CompareAndSwap" + n] = {Cas<K>, nullptr};
  std::string m = "(*sync/atomic." + n + ").";
  t[m + "Load"] = {MLoad, nullptr};
  t[m + "Store"] = {MStore, nullptr};
  t[m + "Add"] = {MAdd<K>, nullptr};
  t[m + "Swap"] = {MSwap, nullptr};
  t[m + "CompareAndSwap"] = {MCas, nullptr};
}

}  // namespace

void registerSyncExterns(ExternTable& t) {
  t["(*sync.WaitGroup).Add"] = {WgAdd, nullptr};
  t["(*sync.WaitGroup).Done"] = {WgDone, nullptr};
  t["(*sync.WaitGroup).Wait"] = {nullptr, WgWait};
  t["(*sync.Mutex).Lock"] = {nullptr, MuLock};
  t["(*sync.Mutex).Unlock"] = {MuUnlock, nullptr};
  t["(*sync.Mutex).TryLock"] = {MuTryLock, nullptr};
  addFuncs<TK::Int32>(t, "Int32");
  addFuncs<TK::Int64>(t, "Int64");
  addFuncs<TK::Uint32>(t, "Uint32");
  addFuncs<TK::Uint64>(t, "Uint64");
  t["(*sync/atomic.Bool).Load"] = {MLoad, nullptr};
  t["(*sync/atomic.Bool).Store"] = {MStore, nullptr};
  t["(*sync/atomic.Bool).Swap"] = {MSwap, nullptr};
  t["(*sync/atomic.Bool).CompareAndSwap"] = {MCas, nullptr};
}

}  // namespace gotimers::program

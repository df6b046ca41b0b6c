#include "runtime/chan.h"

#include <algorithm>

#include "runtime/timer_backend.h"

namespace gotimers::rt {

using trace::Kind;

// --- chan.go waitq ---------------------------------------------------------------------------

void waitq::enqueue(sudog* sgp) {
  sgp->next = nullptr;
  sudog* x = last;
  if (x == nullptr) {
    sgp->prev = nullptr;
    first = sgp;
    last = sgp;
    return;
  }
  sgp->prev = x;
  x->next = sgp;
  last = sgp;
}

sudog* waitq::dequeue() {
  for (;;) {
    sudog* sgp = first;
    if (sgp == nullptr) return nullptr;
    sudog* y = sgp->next;
    if (y == nullptr) {
      first = nullptr;
      last = nullptr;
    } else {
      y->prev = nullptr;
      first = y;
      sgp->next = nullptr;  // mark as removed (see dequeueSudoG)
    }
    // if a goroutine was put on this queue because of a select, there is a small window
    // between the goroutine being woken up by a different case and it grabbing the channel
    // locks. Once it has the lock it removes itself from the queue, so we won't see it after
    // that. (select.go: selectDone)
    if (sgp->isSelect) {
      if (sgp->gp->selectDone != 0) continue;
      sgp->gp->selectDone = 1;
    }
    return sgp;
  }
}

// select.go
void waitq::dequeueSudoG(sudog* sgp) {
  sudog* x = sgp->prev;
  sudog* y = sgp->next;
  if (x != nullptr) {
    if (y != nullptr) {
      // middle of queue
      x->next = y;
      y->prev = x;
      sgp->next = nullptr;
      sgp->prev = nullptr;
      return;
    }
    // end of queue
    x->next = nullptr;
    last = x;
    sgp->prev = nullptr;
    return;
  }
  if (y != nullptr) {
    // start of queue
    y->prev = nullptr;
    first = y;
    sgp->next = nullptr;
    return;
  }
  // x==y==nil. Either sgp is the only element in the queue, or it has already been removed.
  // Use q.first to disambiguate.
  if (first == sgp) {
    first = nullptr;
    last = nullptr;
  }
}

namespace {

// --- the circular queue (chanbuf, sendx, recvx) ----------------------------------------------

// The slot after x in c's ring (Go: x++; if x == c.dataqsiz { x = 0 }; the ring here has
// buf.size() slots, dataqsiz once it has grown to that).
void advance(const hchan* c, uint32_t& x) {
  if (++x == c->buf.size()) x = 0;
}

// Makes room for one more value when every slot the ring has holds one but the channel is
// not full (simulator: Go's buffer has all dataqsiz slots from makechan). The queue is laid
// out again from slot 0 in a ring twice as large (at most dataqsiz).
void growRing(hchan* c) {
  if (c->qcount < c->buf.size()) return;
  size_t old = c->buf.capacity();
  size_t n = std::min<size_t>(c->dataqsiz, std::max<size_t>(1, 2 * c->buf.size()));
  std::vector<Value> ring;
  ring.reserve(n);
  for (uint32_t i = 0, x = c->recvx; i < c->qcount; i++, advance(c, x))
    ring.push_back(std::move(c->buf[x]));
  ring.resize(n);
  c->buf.swap(ring);
  c->recvx = 0;
  c->sendx = c->qcount;
  tlsChanBytes += static_cast<int64_t>((c->buf.capacity() - old) * sizeof(Value));
}

// qp := chanbuf(c, c.sendx); typedmemmove(c.elemtype, qp, ep); c.sendx++ ...; c.qcount++
void bufPut(hchan* c, Value v) {
  growRing(c);
  c->buf[c->sendx] = std::move(v);
  advance(c, c->sendx);
  c->qcount++;
}

// qp := chanbuf(c, c.recvx); typedmemmove(c.elemtype, ep, qp); typedmemclr(c.elemtype, qp);
// c.recvx++ ...; c.qcount--
Value bufTake(hchan* c) {
  Value v = std::move(c->buf[c->recvx]);
  c->buf[c->recvx] = Value{};
  advance(c, c->recvx);
  c->qcount--;
  return v;
}

// send: hand v directly to a waiting receiver and ready it.
void sendDirect(Runtime& rt, hchan* c, sudog* sg, Value v) {
  *sg->elem = std::move(v);
  sg->success = true;
  sg->gp->param = sg;
  rt.emit(Kind::ChanRecv, c->id, sg->gp->goid);
  rt.goready(sg->gp);
}

// recv from a waiting sender sg (c locked).
void recvFromSender(Runtime& rt, hchan* c, sudog* sg, Value* out) {
  if (c->dataqsiz == 0) {
    *out = std::move(*sg->elem);
  } else {
    // Queue is full. Take the item at the head of the queue. Make the sender enqueue its item
    // at the tail of the queue. Since the queue is full, those are both the same slot.
    Value& qp = c->buf[c->recvx];
    *out = std::move(qp);
    qp = std::move(*sg->elem);
    advance(c, c->recvx);
    c->sendx = c->recvx;  // c.sendx = (c.sendx+1) % c.dataqsiz
  }
  sg->success = true;
  sg->gp->param = sg;
  rt.goready(sg->gp);
}

}  // namespace

Ref<hchan> makechan(Runtime& rt, uint32_t size) {
  Ref<hchan> c(new hchan());
  c->id = rt.nextChanId();
  c->dataqsiz = size;
  c->lock.setKind(LockKind::Chan);
  return c;
}

bool chansendNB(Runtime& rt, hchan* c, Value v) {
  if (c == nullptr) return false;
  rt.charge(rt.cost().chan_op);
  rt.lock(c->lock);
  if (c->closed) {
    rt.unlock(c->lock);
    throw GoPanic("send on closed channel");
  }
  if (sudog* sg = c->recvq.dequeue()) {
    rt.emit(Kind::ChanSend, c->id, 1);
    sendDirect(rt, c, sg, std::move(v));
    rt.unlock(c->lock);
    return true;
  }
  if (c->qcount < c->dataqsiz) {
    bufPut(c, std::move(v));
    rt.emit(Kind::ChanSend, c->id, 0, static_cast<int64_t>(c->qcount));
    rt.unlock(c->lock);
    return true;
  }
  rt.unlock(c->lock);
  return false;
}

Task<void> chansend(Runtime& rt, hchan* c, Value v) {
  if (c == nullptr) {
    co_await rt.gopark(nullptr, "chan send (nil chan)");
    throw GoThrow("unreachable");
  }
  if (chansendNB(rt, c, v)) co_return;
  rt.lock(c->lock);
  sudog sg;
  sg.gp = rt.curg();
  sg.elem = &v;
  sg.c = c;
  rt.curg()->param = nullptr;
  c->sendq.enqueue(&sg);
  co_await rt.gopark(&c->lock, "chan send");
  if (!sg.success) throw GoPanic("send on closed channel");
}

bool chanrecv::await_ready() {
  Runtime& rt = rt_;
  hchan* c = c_;
  if (c == nullptr) return false;  // await_suspend parks forever
  // chan.go@go1.23rc1: if c.timer != nil { c.timer.maybeRunChan() }
  if (c->timer) rt.era().maybeRunChan(c->timer.get());
  rt.charge(rt.cost().chan_op);
  rt.lock(c->lock);
  done_ = true;
  if (c->closed && c->qcount == 0) {
    rt.unlock(c->lock);
    *out_ = Value{};
    ok_ = false;
    return true;
  }
  ok_ = true;
  if (sudog* sg = c->sendq.dequeue()) {
    recvFromSender(rt, c, sg, out_);
    rt.emit(Kind::ChanRecv, c->id);
    rt.unlock(c->lock);
    return true;
  }
  if (c->qcount > 0) {
    *out_ = bufTake(c);
    rt.emit(Kind::ChanRecv, c->id);
    rt.unlock(c->lock);
    return true;
  }
  done_ = false;
  sg_.gp = rt.curg();
  sg_.elem = out_;
  sg_.c = c;
  rt.curg()->param = nullptr;
  c->recvq.enqueue(&sg_);
  keep_ = Ref<hchan>(c);
  if (c->timer) rt.era().blockTimerChan(c);
  return false;
}

void chanrecv::await_suspend(std::coroutine_handle<> h) {
  if (c_ == nullptr) {
    rt_.gopark(nullptr, "chan receive (nil chan)").await_suspend(h);
    return;
  }
  rt_.gopark(&c_->lock, "chan receive").await_suspend(h);
}

bool chanrecv::await_resume() {
  if (c_ == nullptr) throw GoThrow("unreachable");
  if (done_) return ok_;
  if (c_->timer) rt_.era().unblockTimerChan(c_);
  if (!sg_.success) *out_ = Value{};
  return sg_.success;
}

void closechan(Runtime& rt, hchan* c) {
  if (c == nullptr) throw GoPanic("close of nil channel");
  rt.charge(rt.cost().chan_op);
  rt.lock(c->lock);
  if (c->closed) {
    rt.unlock(c->lock);
    throw GoPanic("close of closed channel");
  }
  c->closed = true;
  std::vector<g*> glist;
  // release all readers, then all writers (they will panic)
  while (sudog* sg = c->recvq.dequeue()) {
    *sg->elem = Value{};
    sg->success = false;
    sg->gp->param = sg;
    glist.push_back(sg->gp);
  }
  while (sudog* sg = c->sendq.dequeue()) {
    sg->success = false;
    sg->gp->param = sg;
    glist.push_back(sg->gp);
  }
  rt.unlock(c->lock);
  for (g* gp : glist)
    rt.goready(gp);
}

int chanlen(Runtime& rt, const hchan* c) {
  if (c == nullptr) return 0;
  bool async = rt.era().asyncTimerChan() != 0;
  if (c->timer && async) rt.era().maybeRunChan(c->timer.get());
  // timer channels have a buffered implementation but present to users as unbuffered, so
  // that we can undo sends without users noticing.
  if (c->timer && !async) return 0;
  return static_cast<int>(c->qcount);
}

int chancap(Runtime& rt, const hchan* c) {
  if (c == nullptr) return 0;
  if (c->timer && rt.era().asyncTimerChan() == 0) return 0;
  return static_cast<int>(c->dataqsiz);
}

bool timerchandrain(Runtime& rt, hchan* c) {
  // Note: Cannot use empty(c) because we are called while holding c.timer.sendLock, and
  // empty(c) will call c.timer.maybeRunChan, which will deadlock.
  if (c->qcount == 0) return false;
  rt.lock(c->lock);
  bool any = false;
  while (c->qcount > 0) {
    any = true;
    (void)bufTake(c);
  }
  rt.unlock(c->lock);
  return any;
}

Task<int> selectgo(Runtime& rt, std::vector<scase>& cases, bool block) {
  size_t n = cases.size();
  // select.go@go1.23rc1: while generating the poll order, each timer case may run lazily.
  for (auto& sc : cases) {
    if (sc.c && sc.c->timer) rt.era().maybeRunChan(sc.c->timer.get());
  }
  rt.charge(rt.cost().chan_op * static_cast<int64_t>(n == 0 ? 1 : n));
  // generate permuted order (select.go: pollorder via fastrandn)
  std::vector<uint16_t> pollorder(n);
  auto& rng = rt.rng().get("select");
  for (size_t i = 0; i < n; i++)
    pollorder[i] = static_cast<uint16_t>(i);
  for (size_t i = 1; i < n; i++) {
    uint32_t j = rng.uintn(static_cast<uint32_t>(i + 1));
    pollorder[i] = pollorder[j];
    pollorder[j] = static_cast<uint16_t>(i);
  }
  // lockorder: each distinct non-nil channel once, sorted (Go sorts by address; we by id)
  std::vector<hchan*> lockorder;
  for (auto& sc : cases) {
    if (sc.c) lockorder.push_back(sc.c);
  }
  std::sort(lockorder.begin(), lockorder.end(),
            [](const hchan* a, const hchan* b) { return a->id < b->id; });
  lockorder.erase(std::unique(lockorder.begin(), lockorder.end()), lockorder.end());
  auto sellock = [&] {
    for (hchan* c : lockorder)
      rt.lock(c->lock);
  };
  auto selunlock = [&] {
    for (auto it = lockorder.rbegin(); it != lockorder.rend(); ++it)
      rt.unlock((*it)->lock);
  };

  sellock();
  // pass 1 - look for something already waiting
  for (uint16_t i : pollorder) {
    scase& sc = cases[i];
    hchan* c = sc.c;
    if (c == nullptr) continue;
    if (!sc.isSend) {
      if (sudog* sg = c->sendq.dequeue()) {
        recvFromSender(rt, c, sg, &sc.recvv);
        sc.recvOk = true;
        selunlock();
        co_return i;
      }
      if (c->qcount > 0) {
        sc.recvv = bufTake(c);
        sc.recvOk = true;
        selunlock();
        co_return i;
      }
      if (c->closed) {
        sc.recvv = Value{};
        sc.recvOk = false;
        selunlock();
        co_return i;
      }
    } else {
      if (c->closed) {
        selunlock();
        throw GoPanic("send on closed channel");
      }
      if (sudog* sg = c->recvq.dequeue()) {
        sendDirect(rt, c, sg, sc.sendv);
        selunlock();
        co_return i;
      }
      if (c->qcount < c->dataqsiz) {
        bufPut(c, sc.sendv);
        selunlock();
        co_return i;
      }
    }
  }
  if (!block) {
    selunlock();
    co_return -1;
  }
  // pass 2 - enqueue on all chans
  g* gp = rt.curg();
  gp->selectDone = 0;
  gp->param = nullptr;
  std::vector<sudog> sgs(n);
  for (size_t i = 0; i < n; i++) {
    scase& sc = cases[i];
    if (sc.c == nullptr) continue;
    sudog& sg = sgs[i];
    sg.gp = gp;
    sg.c = sc.c;
    sg.isSelect = true;
    sg.caseIndex = static_cast<int>(i);
    sg.elem = sc.isSend ? &sc.sendv : &sc.recvv;
    (sc.isSend ? sc.c->sendq : sc.c->recvq).enqueue(&sg);
    if (sc.c->timer) rt.era().blockTimerChan(sc.c);
  }
  // The blocked select's references to its channels (Go: the scases on its stack).
  std::vector<Ref<hchan>> keep(lockorder.begin(), lockorder.end());
  selunlock();
  co_await rt.gopark(nullptr, lockorder.empty() ? "select (no cases)" : "select");
  // pass 3 - dequeue from unsuccessful chans
  sellock();
  sudog* won = gp->param;
  for (size_t i = 0; i < n; i++) {
    scase& sc = cases[i];
    if (sc.c && sc.c->timer) rt.era().unblockTimerChan(sc.c);
    if (sc.c == nullptr || &sgs[i] == won) continue;
    (sc.isSend ? sc.c->sendq : sc.c->recvq).dequeueSudoG(&sgs[i]);
  }
  selunlock();
  if (won == nullptr) throw GoThrow("selectgo: bad wakeup");
  scase& sc = cases[won->caseIndex];
  if (sc.isSend && !won->success) throw GoPanic("send on closed channel");
  if (!sc.isSend) sc.recvOk = won->success;
  co_return won->caseIndex;
}

}  // namespace gotimers::rt

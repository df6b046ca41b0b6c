#include "runtime/chan.h"

#include <algorithm>

#include "runtime/timer_backend.h"

namespace gotimers::rt {

using trace::Kind;

namespace {

sudog* dequeue(std::deque<sudog*>& q) {
  while (!q.empty()) {
    sudog* sg = q.front();
    q.pop_front();
    // if a goroutine was put on this queue because of a select, there is a small window
    // between the goroutine being woken up by a different case and it grabbing the channel
    // locks. Once it has the lock it removes itself from the queue, so we won't see it after
    // that. (select.go: selectdone)
    if (sg->isSelect) {
      if (sg->gp->selectDone != 0) continue;
      sg->gp->selectDone = 1;
    }
    return sg;
  }
  return nullptr;
}

void removeSudog(std::deque<sudog*>& q, sudog* sg) {
  auto it = std::find(q.begin(), q.end(), sg);
  if (it != q.end()) q.erase(it);
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
    // Queue is full. Take the item at the head of the queue; make the sender enqueue its
    // item at the tail.
    *out = std::move(c->buf.front());
    c->buf.pop_front();
    tlsBufferedValues--;
    c->buf.push_back(std::move(*sg->elem));
    tlsBufferedValues++;
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
  c->lock.name = "chan";
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
  if (sudog* sg = dequeue(c->recvq)) {
    rt.emit(Kind::ChanSend, c->id, 1);
    sendDirect(rt, c, sg, std::move(v));
    rt.unlock(c->lock);
    return true;
  }
  if (c->buf.size() < c->dataqsiz) {
    c->buf.push_back(std::move(v));
    tlsBufferedValues++;
    rt.emit(Kind::ChanSend, c->id, 0, static_cast<int64_t>(c->buf.size()));
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
  c->sendq.push_back(&sg);
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
  if (c->closed && c->buf.empty()) {
    rt.unlock(c->lock);
    *out_ = Value{};
    ok_ = false;
    return true;
  }
  ok_ = true;
  if (sudog* sg = dequeue(c->sendq)) {
    recvFromSender(rt, c, sg, out_);
    rt.emit(Kind::ChanRecv, c->id);
    rt.unlock(c->lock);
    return true;
  }
  if (!c->buf.empty()) {
    *out_ = std::move(c->buf.front());
    c->buf.pop_front();
    tlsBufferedValues--;
    rt.emit(Kind::ChanRecv, c->id);
    rt.unlock(c->lock);
    return true;
  }
  done_ = false;
  sg_.gp = rt.curg();
  sg_.elem = out_;
  sg_.c = c;
  rt.curg()->param = nullptr;
  c->recvq.push_back(&sg_);
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
  while (sudog* sg = dequeue(c->recvq)) {
    *sg->elem = Value{};
    sg->success = false;
    sg->gp->param = sg;
    glist.push_back(sg->gp);
  }
  while (sudog* sg = dequeue(c->sendq)) {
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
  return static_cast<int>(c->buf.size());
}

int chancap(Runtime& rt, const hchan* c) {
  if (c == nullptr) return 0;
  if (c->timer && rt.era().asyncTimerChan() == 0) return 0;
  return static_cast<int>(c->dataqsiz);
}

bool timerchandrain(Runtime& rt, hchan* c) {
  // Note: Cannot use empty(c) because we are called while holding c.timer.sendLock, and
  // empty(c) will call c.timer.maybeRunChan, which will deadlock.
  if (c->buf.empty()) return false;
  rt.lock(c->lock);
  bool any = !c->buf.empty();
  c->buf.clear();
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
      if (sudog* sg = dequeue(c->sendq)) {
        recvFromSender(rt, c, sg, &sc.recvv);
        sc.recvOk = true;
        selunlock();
        co_return i;
      }
      if (!c->buf.empty()) {
        sc.recvv = std::move(c->buf.front());
        c->buf.pop_front();
        tlsBufferedValues--;
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
      if (sudog* sg = dequeue(c->recvq)) {
        sendDirect(rt, c, sg, sc.sendv);
        selunlock();
        co_return i;
      }
      if (c->buf.size() < c->dataqsiz) {
        c->buf.push_back(sc.sendv);
        tlsBufferedValues++;
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
    (sc.isSend ? sc.c->sendq : sc.c->recvq).push_back(&sg);
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
    removeSudog(sc.isSend ? sc.c->sendq : sc.c->recvq, &sgs[i]);
  }
  selunlock();
  if (won == nullptr) throw GoThrow("selectgo: bad wakeup");
  scase& sc = cases[won->caseIndex];
  if (sc.isSend && !won->success) throw GoPanic("send on closed channel");
  if (!sc.isSend) sc.recvOk = won->success;
  co_return won->caseIndex;
}

}  // namespace gotimers::rt

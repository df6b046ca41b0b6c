// Channels and select, as runtime/chan.go and runtime/select.go@go1.9 implement them, with
// the timer-channel hooks of chan.go/select.go@go1.23rc1 (only for channels whose hchan.timer
// is set, i.e. go1.23 timer channels): every receive first lets the timer run lazily
// (maybeRunChan), a receiver that blocks puts the timer in a heap (blockTimerChan) and takes
// it out again when it wakes (unblockTimerChan), and len/cap report 0 in synchronous mode.
//
// Invariants (with c->lock held): those of hchan (runtime2.h): recvq non-empty implies an
// empty queue, sendq non-empty a full one (or an unbuffered channel); a select sudog whose
// goroutine has selectDone set is stale and is skipped (and dropped) by waitq::dequeue.
#pragma once
#include <vector>

#include "runtime/runtime.h"

namespace gotimers::rt {

Ref<hchan> makechan(Runtime& rt, uint32_t size);
// select { case c <- v: default: } (sendTime). Returns whether v was sent.
bool chansendNB(Runtime& rt, hchan* c, Value v);
// c <- v: blocks while nobody takes it; panics on a closed channel; blocks forever on nil.
Task<void> chansend(Runtime& rt, hchan* c, Value v);
// v, ok := <-c (chan.go chanrecv): `co_await chanrecv(rt, c, &v)` blocks until a value or
// close, forever on nil. An awaitable, not a coroutine: the fast paths run in await_ready,
// and a receiver that blocks parks with its sudog here, in the awaiting coroutine's frame,
// so a blocked receiver has no frame of its own (issue 22's bytes per parked goroutine).
// Await it where it is made (it holds the sudog the channel's recvq points at).
class chanrecv {
 public:
  chanrecv(Runtime& rt, hchan* c, Value* out) : rt_(rt), c_(c), out_(out) {}
  chanrecv(const chanrecv&) = delete;
  chanrecv& operator=(const chanrecv&) = delete;
  bool await_ready();
  void await_suspend(std::coroutine_handle<> h);
  bool await_resume();

 private:
  Runtime& rt_;
  hchan* c_;
  Value* out_;
  bool done_ = false;  // received (or closed) without blocking
  bool ok_ = false;
  sudog sg_;
  Ref<hchan> keep_;  // the blocked receiver's reference (its stack holds c in Go)
};
void closechan(Runtime& rt, hchan* c);
// len(c) and cap(c) (chanlen / chancap@go1.23rc1: a synchronous timer channel reports 0).
int chanlen(Runtime& rt, const hchan* c);
int chancap(Runtime& rt, const hchan* c);
// timerchandrain (chan.go@go1.23rc1): empties c's buffer; reports whether it removed anything.
bool timerchandrain(Runtime& rt, hchan* c);

struct scase {
  hchan* c = nullptr;  // nil: the case is never ready
  bool isSend = false;
  Value sendv;
  Value recvv;
  bool recvOk = false;
};
// selectgo: returns the chosen case index, or -1 for default (when !block).
Task<int> selectgo(Runtime& rt, std::vector<scase>& cases, bool block);

}  // namespace gotimers::rt

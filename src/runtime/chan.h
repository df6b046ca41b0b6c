// Channels and select, as runtime/chan.go and runtime/select.go@go1.9 implement them.
//
// Invariants (with c->lock held): recvq non-empty implies buf empty; sendq non-empty implies
// buf full (or unbuffered); a select sudog whose goroutine has selectDone set is stale and
// is skipped (and dropped) by dequeue.
#pragma once
#include <vector>

#include "runtime/runtime.h"

namespace gotimers::rt {

Ref<hchan> makechan(Runtime& rt, uint32_t size);
// select { case c <- v: default: } (sendTime). Returns whether v was sent.
bool chansendNB(Runtime& rt, hchan* c, Value v);
// c <- v: blocks while nobody takes it; panics on a closed channel; blocks forever on nil.
Task<void> chansend(Runtime& rt, hchan* c, Value v);
// v, ok := <-c: blocks until a value or close; forever on nil.
Task<bool> chanrecv(Runtime& rt, hchan* c, Value* out);
void closechan(Runtime& rt, hchan* c);

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

#include "go/time_funcs.h"

#include "runtime/chan.h"

namespace gotimers::go {

void sendTime(rt::Runtime& rt, void* arg, uint64_t) {
  auto* c = static_cast<rt::hchan*>(arg);
  if (!rt::chansendNB(rt, c, rt::Value::TimeAt(rt.nanotime()))) {
    // the 1-slot buffer is full: this expiry is silently dropped
    rt.metrics().chanDrops++;
    rt.emit(trace::Kind::ChanDrop, c->id);
  }
}

void goFunc(rt::Runtime& rt, void* arg, uint64_t) {
  auto* fv = static_cast<FuncVal*>(arg);
  if (fv == nullptr || !fv->fn) throw rt::GoThrow("go of nil func value");
  rt.newproc(fv->fn(), "AfterFunc func");
}

void goroutineReady(rt::Runtime& rt, void* arg, uint64_t) {
  rt.goready(static_cast<rt::g*>(arg));
}

}  // namespace gotimers::go

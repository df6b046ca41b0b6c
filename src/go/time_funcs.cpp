#include "go/time_funcs.h"

#include "runtime/chan.h"

namespace gotimers::go {

void sendTime(rt::Runtime& rt, void* arg, uint64_t, int64_t delay) {
  auto* c = static_cast<rt::hchan*>(arg);
  // time/sleep.go@go1.23rc1: Now().Add(Duration(-delta)): a lazily run timer (maybeRunChan)
  // sends the time it was due, not the time the receiver looked.
  if (!rt::chansendNB(rt, c, rt::Value::TimeAt(rt.nanotime() - delay))) {
    // the 1-slot buffer is full: this expiry is silently dropped
    rt.metrics().chanDrops++;
    rt.emit(trace::Kind::ChanDrop, c->id);
  }
}

void goFunc(rt::Runtime& rt, void* arg, uint64_t, int64_t) {
  auto* fv = static_cast<FuncVal*>(arg);
  if (fv == nullptr) throw rt::GoThrow("go of nil func value");
  rt.newproc(fv->body(), "AfterFunc func");
}

}  // namespace gotimers::go

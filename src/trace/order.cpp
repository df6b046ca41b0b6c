#include "trace/order.h"

namespace gotimers::trace {

namespace {
// The start of the lock wait e reports, or maxWhen if it reports none.
Time waitStart(const Event& e) {
  return e.kind == Kind::LockAcquire && e.a[2] > 0 ? e.t - e.a[2] : maxWhen;
}
}  // namespace

void OrderedSink::pass(const Event& e) {
  lastOut_ = e.t;
  next_->onEvent(e);
}

void OrderedSink::release(Time upTo) {
  while (!buf_.empty() && buf_.top().e.t <= upTo) {
    const Event& e = buf_.top().e;
    if (Time w = waitStart(e); watermarks_ == 1 && w != maxWhen) waitFrom_.erase(waitFrom_.find(w));
    pass(e);
    buf_.pop();
  }
}

void OrderedSink::onEvent(const Event& e) {
  if (watermarks_ < 0) watermarks_ = next_->wantsWatermark() ? 1 : 0;  // the sinks are set up
  bound_ = std::max(bound_, e.now);
  release(e.now);
  if (e.t < lastOut_) {  // a broken promise: pass it on rather than lose it
    late_++;
    next_->onEvent(e);
  } else if (e.t <= e.now) {  // the common case: everything buffered is later (released up to now)
    pass(e);
  } else {
    if (Time w = waitStart(e); watermarks_ == 1 && w != maxWhen) waitFrom_.insert(w);
    buf_.push(Pending{e, seq_++});
  }
  if (watermarks_) {
    next_->onWatermark(waitFrom_.empty() ? bound_ : std::min(bound_, *waitFrom_.begin()));
  }
}

void OrderedSink::flush() {
  release(maxWhen);
  waitFrom_.clear();
}

}  // namespace gotimers::trace

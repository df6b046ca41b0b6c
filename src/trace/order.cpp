#include "trace/order.h"

namespace gotimers::trace {

void OrderedSink::release(Time upTo) {
  while (!buf_.empty() && buf_.top().e.t <= upTo) {
    lastOut_ = buf_.top().e.t;
    next_->onEvent(buf_.top().e);
    buf_.pop();
  }
}

void OrderedSink::onEvent(const Event& e) {
  release(e.now);
  if (e.t < lastOut_) {  // a broken promise: pass it on rather than lose it
    late_++;
    next_->onEvent(e);
    return;
  }
  if (e.t <= e.now) {  // the common case: everything buffered is later (released up to now)
    lastOut_ = e.t;
    next_->onEvent(e);
    return;
  }
  buf_.push(Pending{e, seq_++});
}

void OrderedSink::flush() {
  release(maxWhen);
}

}  // namespace gotimers::trace

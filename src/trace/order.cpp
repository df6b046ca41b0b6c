#include "trace/order.h"

namespace gotimers::trace {

void OrderedSink::release(Time upTo) {
  while (!buf_.empty() && buf_.front().t <= upTo) {
    lastOut_ = buf_.front().t;
    next_->onEvent(buf_.front());
    buf_.pop_front();
  }
}

void OrderedSink::onEvent(const Event& e) {
  release(e.now);
  if (e.t < lastOut_) {  // a broken promise: pass it on rather than lose it
    late_++;
    next_->onEvent(e);
    return;
  }
  if (buf_.empty() && e.t <= e.now) {  // the common case: nothing can come before it
    lastOut_ = e.t;
    next_->onEvent(e);
    return;
  }
  // insert after every buffered event at or before e.t (stable), searching from the back:
  // the stream is nearly sorted, so this is O(1) amortised
  auto it = buf_.end();
  while (it != buf_.begin() && std::prev(it)->t > e.t)
    --it;
  buf_.insert(it, e);
}

void OrderedSink::flush() {
  while (!buf_.empty()) {
    next_->onEvent(buf_.front());
    buf_.pop_front();
  }
}

}  // namespace gotimers::trace

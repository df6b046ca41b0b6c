#include "trace/order.h"

#include <algorithm>

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
  while (!heads_.empty() && heads_.top().t <= upTo) {
    const uint32_t r = heads_.top().run;
    heads_.pop();
    Run& run = runs_[r];
    const Event& e = run.events.front().e;
    if (Time w = waitStart(e); watermarks_ == 1 && w != maxWhen) waitFrom_.erase(waitFrom_.find(w));
    pass(e);
    run.events.pop_front();
    if (!run.events.empty()) {
      heads_.push(Head{run.events.front().e.t, run.events.front().seq, r});
    } else if (openRun_[run.source] != static_cast<int32_t>(r)) {
      freeRuns_.push_back(r);  // a source's earlier run, drained
    }
  }
}

void OrderedSink::buffer(const Event& e) {
  const size_t source = static_cast<size_t>(std::max<int64_t>(e.m + 1, 0));
  if (source >= openRun_.size()) openRun_.resize(source + 1, -1);
  int32_t& open = openRun_[source];
  // a new run when the source has none, or e is earlier than its run's last event
  if (open < 0 || (!runs_[static_cast<size_t>(open)].events.empty() &&
                   runs_[static_cast<size_t>(open)].events.back().e.t > e.t)) {
    if (freeRuns_.empty()) {
      freeRuns_.push_back(static_cast<uint32_t>(runs_.size()));
      runs_.emplace_back();
    }
    open = static_cast<int32_t>(freeRuns_.back());
    freeRuns_.pop_back();
    runs_[static_cast<size_t>(open)].source = source;
  }
  Run& run = runs_[static_cast<size_t>(open)];
  run.events.push_back(Pending{e, seq_++});
  if (run.events.size() == 1)
    heads_.push(Head{e.t, run.events.back().seq, static_cast<uint32_t>(open)});
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
    buffer(e);
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

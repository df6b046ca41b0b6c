// OrderedSink: puts the event stream in virtual-time order before passing it on.
//
// The runtime emits events in processing order: each M's events are in its own virtual-time
// order, but an M running ahead inside one step emits events later in time than the next
// M's. Every event carries a lower bound (Event::now) on the time of all events emitted after
// it, so an event can be passed on as soon as the bound reaches its time.
//
// Invariant: events leave in (t, emission order); every buffered event has t > the last bound
// seen. The buffer is a set of runs, each a FIFO of events in (t, emission sequence) order:
// an event joins its source's open run (its M's, or the runtime's outside any M) if it is not
// earlier than that run's last, else it opens a new run. Each M emits in its own time order,
// so a source rarely needs a second run, and events leave by a merge of the runs' heads (a
// min-heap of one entry per non-empty run), not by a heap over every buffered event. After each
// event passed on, the next sink gets a watermark (Sink::onWatermark): the bound, or the earliest
// wait start of a lock acquisition still buffered if that is earlier (a wait reported at t began at
// t - wait ns). The runtime's bound covers the waits of events emitted later: lock() runs from an
// M's clock, which no later emission undercuts. Events arriving later than one already passed on
// (never, if the runtime keeps Event::now's promise) are passed on at once and counted in late().
#pragma once
#include <deque>
#include <queue>
#include <set>
#include <vector>

#include "trace/event.h"

namespace gotimers::trace {

class OrderedSink : public Sink {
 public:
  explicit OrderedSink(Sink* next) : next_(next) {}
  void onEvent(const Event& e) override;
  bool wantsHeapSnapshots() const override { return next_->wantsHeapSnapshots(); }
  uint32_t wantedCats() const override { return next_->wantedCats(); }
  void onLockRegistered(int id, const std::string& name) override {
    next_->onLockRegistered(id, name);
  }
  void onTimerNamed(uint32_t timer, const std::string& name) override {
    next_->onTimerNamed(timer, name);
  }
  // Passes on everything still buffered (call when the run has ended).
  void flush();
  uint64_t late() const { return late_; }

 private:
  void release(Time upTo);
  void pass(const Event& e);
  void buffer(const Event& e);
  Sink* next_;
  struct Pending {
    Event e;
    uint64_t seq;
  };
  struct Run {
    std::deque<Pending> events;  // in (t, seq) order
    size_t source = 0;           // the source whose open run it is or was
  };
  // The earliest event of a non-empty run.
  struct Head {
    Time t;
    uint64_t seq;
    uint32_t run;
    bool operator>(const Head& o) const { return t != o.t ? t > o.t : seq > o.seq; }
  };
  std::vector<Run> runs_;
  std::vector<uint32_t> freeRuns_;  // empty runs no source has open
  std::vector<int32_t> openRun_;    // by source (Event::m + 1): its open run, -1 if none
  std::priority_queue<Head, std::vector<Head>, std::greater<Head>> heads_;
  uint64_t seq_ = 0;
  Time lastOut_ = 0;
  Time bound_ = 0;                // the largest Event::now seen: no later event is earlier
  std::multiset<Time> waitFrom_;  // wait starts of the LockAcquire events in buf_
  int watermarks_ = -1;           // next_->wantsWatermark(), asked at the first event
  uint64_t late_ = 0;
};

// Passes every event to several sinks in turn.
class TeeSink : public Sink {
 public:
  void add(Sink* s) {
    if (s) sinks_.push_back(s);
  }
  void onEvent(const Event& e) override {
    for (Sink* s : sinks_)
      s->onEvent(e);
  }
  bool wantsHeapSnapshots() const override {
    for (Sink* s : sinks_)
      if (s->wantsHeapSnapshots()) return true;
    return false;
  }
  uint32_t wantedCats() const override {
    uint32_t cats = 0;
    for (Sink* s : sinks_)
      cats |= s->wantedCats();
    return cats;
  }
  void onLockRegistered(int id, const std::string& name) override {
    for (Sink* s : sinks_)
      s->onLockRegistered(id, name);
  }
  void onTimerNamed(uint32_t timer, const std::string& name) override {
    for (Sink* s : sinks_)
      s->onTimerNamed(timer, name);
  }
  void onWatermark(Time w) override {
    for (Sink* s : sinks_)
      s->onWatermark(w);
  }
  bool wantsWatermark() const override {
    for (Sink* s : sinks_)
      if (s->wantsWatermark()) return true;
    return false;
  }

 private:
  std::vector<Sink*> sinks_;
};

}  // namespace gotimers::trace

#include "eras/timer_heap.h"

#include <fmt/format.h>

namespace gotimers::eras {

const rt::CallWords kRemovingCallWords{
    "start the timer (addtimer).",
    "start {} timers, one addtimer each, in order.",
    "Stop (deltimer) removes it from the heap at once.",
    "Reset the timer.",
    "time advances to the root's when; the runtime runs what is due.",
    "time advances to {}; the runtime runs every timer due.",
};

const rt::HeapCode kTimerHeapCode{
    "siftupTimer", "siftdownTimer",        "siftupTimer(", "t[i] = t[p]", "t[i] = t[c]",
    "for i > 0",   "if when >= t[p].when", "if w >= when", "if c >= n",
};

using trace::Kind;

TimerHeap::~TimerHeap() {
  for (rt::timer* t : h_.items())
    t->release();
}

void TimerHeap::Ops::placed(rt::timer* t, size_t i) {
  if (h->trackIndex_) asIndexed(t)->i = static_cast<int32_t>(i);
  if (h->checking_) h->changed_.push_back(static_cast<int>(i));
}

void TimerHeap::Ops::step(rt::timer* moving, size_t from, size_t to, rt::timer* other) {
  h->rt_.metrics().siftSteps++;
  h->rt_.charge(h->rt_.cost().sift_step);
  h->rt_.emitIn(to < from ? "siftupTimer" : "siftdownTimer", Kind::HeapSiftStep, h->id_, moving->id,
                static_cast<int64_t>(from), static_cast<int64_t>(to), moving->when, other->when);
}

void TimerHeap::emitSnapshot(const char* fn) {
  std::string s = "[";
  for (size_t i = 0; i < h_.size(); i++) {
    if (i) s += ',';
    s += fmt::format("[{},{}]", h_[i]->id, h_[i]->when);
  }
  s += ']';
  rt_.emitText(Kind::HeapSnapshot, std::move(s), id_, static_cast<int64_t>(h_.size()), fn);
}

int TimerHeap::push(rt::timer* t, const char* fn) {
  t->retain();
  size_t i = h_.append(t);
  rt_.metrics().heapPushes++;
  rt_.addHeapEntries(1);
  rt_.emitIn(fn, Kind::HeapPush, id_, t->id, static_cast<int64_t>(i), t->when);
  h_.siftUp(i);
  if (checking_) verify("push", t);
  rt_.pollLimits();  // the live-timer limit
  snapshot();
  return trackIndex_ ? asIndexed(t)->i : -1;
}

void TimerHeap::siftupTimer(int i) {
  rt::timer* t = h_[i];
  h_.siftUp(i);
  if (checking_) verify("siftupTimer", t);
}

void TimerHeap::siftdownTimer(int i) {
  rt::timer* t = h_[i];
  h_.siftDown(i);
  if (checking_) verify("siftdownTimer", t);
}

void TimerHeap::truncateRaw(size_t n, const char* fn) {
  rt_.addHeapEntries(-static_cast<int64_t>(h_.size() - n));
  h_.truncate(n);
  raw_ = false;
  if (checking_) {
    changed_.clear();
    verifyAll("a rewrite");
  }
  snapshot(fn);  // the rewritten heap, when the trace sink asked for snapshots
}

void TimerHeap::checkAt(int i, const char* op, const rt::timer* subject) const {
  const auto& heap = h_.items();
  int n = static_cast<int>(heap.size());
  const rt::timer* t = heap[i];
  auto fail = [&](const std::string& what) {
    rt_.checkFailed(fmt::format("timer heap {} after {} of timer {}: {}", id_, op,
                                subject ? subject->id : 0, what));
  };
  if (i > 0) {
    int p = (i - 1) / 4;
    if (t->when < heap[p]->when) {
      fail(
          fmt::format("index {} (timer {}, when {}) is before its parent index {} (timer {}, "
                      "when {})",
                      i, t->id, t->when, p, heap[p]->id, heap[p]->when));
    }
  }
  for (int c = 4 * i + 1; c <= 4 * i + 4 && c < n; c++) {
    if (heap[c]->when < t->when) {
      fail(
          fmt::format("index {} (timer {}, when {}) is before its parent index {} (timer {}, "
                      "when {})",
                      c, heap[c]->id, heap[c]->when, i, t->id, t->when));
    }
  }
  if (trackIndex_) {
    // the checked cast: every timer of an index-tracking heap is an indexedTimer
    const auto* x = dynamic_cast<const indexedTimer*>(t);
    if (x == nullptr) {
      fail(fmt::format("timer {} at index {} has no index field", t->id, i));
      return;
    }
    if (x->i != i) fail(fmt::format("timer {} at index {} records index {}", t->id, i, x->i));
  }
}

void TimerHeap::verify(const char* op, const rt::timer* subject) {
  if (raw_) return;  // truncateRaw verifies the whole heap
  int n = static_cast<int>(h_.size());
  for (int i : changed_) {
    if (i < n) checkAt(i, op, subject);
  }
  changed_.clear();
}

void TimerHeap::verifyAll(const char* op) const {
  for (int i = 0; i < static_cast<int>(h_.size()); i++)
    checkAt(i, op, nullptr);
}

rt::Ref<rt::timer> TimerHeap::removeAt(int i, const char* fn) {
  rt::timer* t = h_[i];
  rt_.metrics().heapRemoves++;
  rt_.addHeapEntries(-1);
  rt_.emitIn(fn, Kind::HeapRemove, id_, t->id, i, t->when);
  h_.removeAt(i);
  if (checking_) verify("removal", t);
  snapshot();
  rt::Ref<rt::timer> owned(t);
  t->release();  // the heap's reference moves to the caller
  return owned;
}

rt::Ref<rt::timer> TimerHeap::popRoot(const char* fn) {
  rt::timer* t = h_[0];
  rt_.metrics().heapRemoves++;
  rt_.addHeapEntries(-1);
  rt_.emitIn(fn, Kind::HeapPop, id_, t->id, 0, t->when);
  h_.popRoot();
  if (checking_) verify("pop", t);
  snapshot();
  rt::Ref<rt::timer> owned(t);
  t->release();
  return owned;
}

}  // namespace gotimers::eras

#include "eras/go1_23/timers_heap.h"

#include <fmt/format.h>

namespace gotimers::eras {

const rt::HeapCode kTimersHeapCode{
    "siftUp",
    "siftDown",
    "ts.siftUp(",
    "heap[i] = heap[p]",
    "heap[i] = heap[c]",
    "for i > 0",
    "if when >= heap[p].when",
    "if c < 0",
    "if leftChild >= n",
};

using trace::Kind;

TimersHeap::~TimersHeap() {
  // The program is over: a channel timer still in the heap holds its channel (argHeld) and
  // the channel holds it (c.timer), a cycle Go's GC would collect. Break it, then drop the
  // heap's reference.
  for (const auto& tw : h_.items()) {
    tw.timer->releaseArg();
    tw.timer->release();
  }
}

void TimersHeap::badTimer() {
  throw rt::GoThrow("timer data corruption");
}

void TimersHeap::Ops::step(const timerWhen& moving, size_t from, size_t to,
                           const timerWhen& other) {
  h->rt_.metrics().siftSteps++;
  h->rt_.charge(h->rt_.cost().sift_step);
  // The Go function of each event: each of these methods is one of Go's (siftUp, siftDown,
  // deleteMin) or the part of one (addHeap's append, cleanHead's tail drop, adjust's swap).
  h->rt_.emitIn(to < from ? "siftUp" : "siftDown", Kind::HeapSiftStep, h->id_, moving.timer->id,
                static_cast<int64_t>(from), static_cast<int64_t>(to), moving.when, other.when);
}

void TimersHeap::snapshot() {
  if (!rt_.heapSnapshots()) return;
  std::string s = "[";
  for (size_t i = 0; i < h_.size(); i++)
    s += fmt::format("{}[{},{}]", i ? "," : "", h_[i].timer->id, h_[i].when);
  s += ']';
  rt_.emitText(Kind::HeapSnapshot, std::move(s), id_, static_cast<int64_t>(h_.size()));
}

void TimersHeap::push(rt::timer* t, int64_t when) {
  t->retain();
  size_t i = h_.append({t, when});
  rt_.addHeapEntries(1);
  rt_.metrics().heapPushes++;
  rt_.emitIn("addHeap", Kind::HeapPush, id_, t->id, static_cast<int64_t>(i), when);
  siftUp(i);
  rt_.pollLimits();  // the live-timer limit (--timer-limit)
  snapshot();
}

// siftUp puts the timer at position i in the right place in the heap by moving it up toward
// the top of the heap (time.go@go1.23rc1: the badTimer checks, then Heap4's siftUp).
void TimersHeap::siftUp(size_t i) {
  if (i >= h_.size()) badTimer();
  if (h_[i].when <= 0) badTimer();
  h_.siftUp(i);
}

// siftDown puts the timer at position i in the right place in the heap by moving it down
// toward the bottom of the heap (time.go@go1.23rc1: the badTimer checks, then Heap4's
// siftDown, which takes the same child as go1.23's loop: see eras/heap4.h).
void TimersHeap::siftDown(size_t i) {
  size_t n = h_.size();
  if (i >= n) badTimer();
  if (i * kHeapArity + 1 >= n) return;
  if (h_[i].when <= 0) badTimer();
  h_.siftDown(i);
}

// initHeap reestablishes the heap order in the slice ts.heap. It takes O(n) time for
// n=len(ts.heap), not the O(n log n) of n repeated add operations.
void TimersHeap::initHeap() {
  // Last possible element that needs sifting down is parent of last element.
  if (h_.size() <= 1) return;
  for (size_t i = (h_.size() - 2) / kHeapArity + 1; i-- > 0;)
    siftDown(i);
}

rt::Ref<rt::timer> TimersHeap::deleteMin() {
  timerWhen tw = h_[0];
  size_t last = h_.size() - 1;
  rt_.addHeapEntries(-1);
  rt_.metrics().heapRemoves++;
  rt_.emitIn("deleteMin", Kind::HeapPop, id_, tw.timer->id, 0, tw.when);
  if (last > 0) h_.set(0, h_[last]);
  h_.truncate(last);
  if (last > 0) siftDown(0);
  snapshot();
  rt::Ref<rt::timer> owned(tw.timer);
  tw.timer->release();  // the heap's reference moves to the caller
  return owned;
}

rt::Ref<rt::timer> TimersHeap::popTail() {
  size_t last = h_.size() - 1;
  timerWhen tw = h_[last];
  rt_.addHeapEntries(-1);
  rt_.metrics().heapRemoves++;
  rt_.emitIn("cleanHead", Kind::HeapRemove, id_, tw.timer->id, static_cast<int64_t>(last), tw.when);
  h_.truncate(last);
  snapshot();
  rt::Ref<rt::timer> owned(tw.timer);
  tw.timer->release();
  return owned;
}

rt::Ref<rt::timer> TimersHeap::swapRemove(size_t i) {
  timerWhen tw = h_[i];
  size_t last = h_.size() - 1;
  rt_.addHeapEntries(-1);
  rt_.metrics().heapRemoves++;
  rt_.emitIn("adjust", Kind::HeapRemove, id_, tw.timer->id, static_cast<int64_t>(i), tw.when);
  h_.set(i, h_[last]);
  h_.truncate(last);
  snapshot();
  rt::Ref<rt::timer> owned(tw.timer);
  tw.timer->release();
  return owned;
}

std::vector<timerWhen> TimersHeap::takeAll() {
  std::vector<timerWhen> out = h_.takeAll();
  rt_.addHeapEntries(-static_cast<int64_t>(out.size()));  // timers.take re-adds them by push
  return out;
}

}  // namespace gotimers::eras

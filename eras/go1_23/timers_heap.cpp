#include "eras/go1_23/timers_heap.h"

#include <algorithm>

namespace gotimers::eras {

using trace::Kind;

namespace {
constexpr size_t timerHeapN = 4;
}  // namespace

TimersHeap::~TimersHeap() {
  // The program is over: a channel timer still in the heap holds its channel (argRef) and
  // the channel holds it (c.timer), a cycle Go's GC would collect. Break it, then drop the
  // heap's reference.
  for (auto& tw : e_) {
    tw.timer->argRef = {};
    tw.timer->release();
  }
}

void TimersHeap::badTimer() {
  throw rt::GoThrow("timer data corruption");
}

void TimersHeap::step(const timerWhen& moving, size_t from, size_t to, const timerWhen& other) {
  rt_.metrics().siftSteps++;
  rt_.charge(rt_.cost().sift_step);
  rt_.emit(Kind::HeapSiftStep, id_, moving.timer->id, static_cast<int64_t>(from),
           static_cast<int64_t>(to), moving.when, other.when);
}

void TimersHeap::push(rt::timer* t, int64_t when) {
  t->retain();
  e_.push_back({t, when});
  rt_.metrics().heapPushes++;
  rt_.emit(Kind::HeapPush, id_, t->id, static_cast<int64_t>(e_.size() - 1), when);
  siftUp(e_.size() - 1);
}

// siftUp puts the timer at position i in the right place in the heap by moving it up toward
// the top of the heap (time.go@go1.23rc1).
void TimersHeap::siftUp(size_t i) {
  if (i >= e_.size()) badTimer();
  timerWhen tw = e_[i];
  int64_t when = tw.when;
  if (when <= 0) badTimer();
  while (i > 0) {
    size_t p = (i - 1) / timerHeapN;  // parent
    if (when >= e_[p].when) break;
    step(tw, i, p, e_[p]);
    e_[i] = e_[p];
    i = p;
  }
  e_[i] = tw;
}

// siftDown puts the timer at position i in the right place in the heap by moving it down
// toward the bottom of the heap (time.go@go1.23rc1).
void TimersHeap::siftDown(size_t i) {
  size_t n = e_.size();
  if (i >= n) badTimer();
  if (i * timerHeapN + 1 >= n) return;
  timerWhen tw = e_[i];
  int64_t when = tw.when;
  if (when <= 0) badTimer();
  for (;;) {
    size_t leftChild = i * timerHeapN + 1;
    if (leftChild >= n) break;
    int64_t w = when;
    size_t c = n;  // -1: none smaller
    for (size_t j = leftChild; j < std::min(leftChild + timerHeapN, n); j++) {
      if (e_[j].when < w) {
        w = e_[j].when;
        c = j;
      }
    }
    if (c == n) break;
    step(tw, i, c, e_[c]);
    e_[i] = e_[c];
    i = c;
  }
  e_[i] = tw;
}

// initHeap reestablishes the heap order in the slice ts.heap. It takes O(n) time for
// n=len(ts.heap), not the O(n log n) of n repeated add operations.
void TimersHeap::initHeap() {
  // Last possible element that needs sifting down is parent of last element.
  if (e_.size() <= 1) return;
  for (size_t i = (e_.size() - 2) / timerHeapN + 1; i-- > 0;)
    siftDown(i);
}

rt::Ref<rt::timer> TimersHeap::deleteMin() {
  timerWhen tw = e_[0];
  size_t last = e_.size() - 1;
  rt_.metrics().heapRemoves++;
  rt_.emit(Kind::HeapPop, id_, tw.timer->id, 0, tw.when);
  if (last > 0) e_[0] = e_[last];
  e_.pop_back();
  if (last > 0) siftDown(0);
  rt::Ref<rt::timer> owned(tw.timer);
  tw.timer->release();  // the heap's reference moves to the caller
  return owned;
}

rt::Ref<rt::timer> TimersHeap::popTail() {
  timerWhen tw = e_.back();
  rt_.metrics().heapRemoves++;
  rt_.emit(Kind::HeapRemove, id_, tw.timer->id, static_cast<int64_t>(e_.size() - 1), tw.when);
  e_.pop_back();
  rt::Ref<rt::timer> owned(tw.timer);
  tw.timer->release();
  return owned;
}

rt::Ref<rt::timer> TimersHeap::swapRemove(size_t i) {
  timerWhen tw = e_[i];
  rt_.metrics().heapRemoves++;
  rt_.emit(Kind::HeapRemove, id_, tw.timer->id, static_cast<int64_t>(i), tw.when);
  e_[i] = e_.back();
  e_.pop_back();
  rt::Ref<rt::timer> owned(tw.timer);
  tw.timer->release();
  return owned;
}

std::vector<timerWhen> TimersHeap::takeAll() {
  std::vector<timerWhen> out;
  out.swap(e_);
  return out;
}

}  // namespace gotimers::eras

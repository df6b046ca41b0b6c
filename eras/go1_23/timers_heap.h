// TimersHeap: the heap of a go1.23 per-P `timers`, a slice of timerWhen{timer, when} pairs.
//
// Mirrors timers.heap and its maintenance in runtime/time.go@go1.23rc1 on Go's 4-ary heap
// (eras/heap4.h: siftUp, siftDown, initHeap, deleteMin's slice part), with go1.23's own
// badTimer checks before each sift, and the raw slice edits cleanHead and adjust do without
// sifting (drop the tail; swap entry i with the tail). Each entry carries its own copy of
// when: the heap is ordered by that copy, which can lag t->when while the timer has
// timerModified set.
//
// Invariant (outside adjust's scan): for every i > 0, e[(i-1)/4].when <= e[i].when. The heap
// holds one reference on each timer in it. Each sift level charges CostModel::sift_step and
// emits a heap.sift event (a4 = key moved, a5 = key it passed).
#pragma once
#include <vector>

#include "eras/heap4.h"
#include "runtime/era_view.h"
#include "runtime/runtime.h"

namespace gotimers::eras {

struct timerWhen {
  rt::timer* timer = nullptr;
  int64_t when = 0;
};

// The Go code of this heap (time.go@go1.23rc1 (*timers).siftUp / siftDown), for viewers.
extern const rt::HeapCode kTimersHeapCode;

class TimersHeap {
 public:
  TimersHeap(rt::Runtime& r, int heapId) : rt_(r), id_(heapId), h_(Ops{this}) {}
  ~TimersHeap();
  TimersHeap(const TimersHeap&) = delete;
  TimersHeap& operator=(const TimersHeap&) = delete;

  size_t size() const { return h_.size(); }
  bool empty() const { return h_.empty(); }
  const timerWhen& at(size_t i) const { return h_[i]; }
  const std::vector<timerWhen>& items() const { return h_.items(); }
  int id() const { return id_; }

  // append {t, when} and siftUp (addHeap's slice part).
  void push(rt::timer* t, int64_t when);
  // deleteMin's slice part: the last entry into 0, shrink, siftDown(0). Returns the heap's
  // reference on the removed timer.
  rt::Ref<rt::timer> deleteMin();
  // cleanHead: drop the last entry (no sifting needed).
  rt::Ref<rt::timer> popTail();
  // adjust: heap[i] = heap[n-1], shrink (no sifting: initHeap follows).
  rt::Ref<rt::timer> swapRemove(size_t i);
  // heap[i].when = when, without sifting (adjust, updateHeap).
  void setWhen(size_t i, int64_t when) { h_.raw(i).when = when; }
  void siftUp(size_t i);
  void siftDown(size_t i);
  void initHeap();
  // Drops every entry; the heap's references travel with the returned list (timers.take).
  std::vector<timerWhen> takeAll();

 private:
  // Heap4's policy: the key is the entry's own when; a sift level is charged and traced.
  struct Ops {
    TimersHeap* h;
    int64_t when(const timerWhen& tw) const { return tw.when; }
    void placed(const timerWhen&, size_t) {}
    void step(const timerWhen& moving, size_t from, size_t to, const timerWhen& other);
  };
  [[noreturn]] static void badTimer();
  // heap.snapshot of the whole heap after a push, pop or removal, when the trace sink asked
  // for snapshots (a gotimers view, as TimerHeap's; no Go code).
  void snapshot();

  rt::Runtime& rt_;
  int id_;
  Heap4<timerWhen, Ops> h_;
};

}  // namespace gotimers::eras

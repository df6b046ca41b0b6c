// TimerHeap: Go's 4-ary timer min-heap keyed on when, instrumented.
//
// Mirrors siftupTimer / siftdownTimer of runtime/time.go@go1.9 (and go1.13, go1.14-1.22):
// parent(i) = (i-1)/4, children 4i+1..4i+4; siftup stops when when >= parent.when (equal
// keys never move up); siftdown picks the smallest child, leftmost on ties (strict <), and
// stops when that child's when >= the moving timer's. Removing index i moves the last
// element into i, shrinks, then sifts up and down (dodeltimer); removing the root sifts
// down only (dodeltimer0 / timerproc's pop).
//
// Invariant: for every i > 0, t[(i-1)/4]->when <= t[i]->when; with trackIndex (Go <= 1.13)
// t[i]->i == i for every i. The heap holds one reference on each timer in it.
// Each sift level charges CostModel::sift_step and emits a heap.sift event.
// With --check (RunConfig::check) every public operation verifies the invariant where it
// could have broken: each position it wrote is compared with its parent and its children
// (and its recorded index), O(log n) per operation; by induction that is the whole heap.
// Raw edits (setRaw .. truncateRaw) are verified in full when truncateRaw ends them.
// push() also polls the run limits (the live-timer limit counts heap entries).
#pragma once
#include <vector>

#include "runtime/runtime.h"

namespace gotimers::eras {

class TimerHeap {
 public:
  TimerHeap(rt::Runtime& r, int heapId, bool trackIndex)
      : rt_(r), id_(heapId), trackIndex_(trackIndex), checking_(r.checking()) {}
  ~TimerHeap();
  TimerHeap(const TimerHeap&) = delete;
  TimerHeap& operator=(const TimerHeap&) = delete;

  size_t size() const { return t_.size(); }
  bool empty() const { return t_.empty(); }
  rt::timer* at(size_t i) const { return t_[i]; }
  rt::timer* root() const { return t_.front(); }
  const std::vector<rt::timer*>& items() const { return t_; }
  int id() const { return id_; }

  // Appends t and sifts it up; returns its final index.
  int push(rt::timer* t);
  // Removes index i (dodeltimer); returns the removed timer, now owned by the caller.
  rt::Ref<rt::timer> removeAt(int i);
  // Removes the root (dodeltimer0).
  rt::Ref<rt::timer> popRoot();
  // Restores the heap after t[i]->when changed (a re-armed ticker at the root: siftdown).
  void siftupTimer(int i);
  void siftdownTimer(int i);
  // Raw slice edits for Go code that rewrites the slice in place (go1.14+
  // clearDeletedTimers): setRaw stores t at i with no sift and no reference change;
  // truncateRaw(n) drops the tail. The caller keeps the heap's references balanced.
  void setRaw(int i, rt::timer* t) {
    raw_ = true;
    place(i, t);
  }
  void truncateRaw(size_t n);

  // --check: throws rt::InvariantViolation unless the whole heap is valid.
  void verifyAll(const char* op) const;

 private:
  void place(int i, rt::timer* t) {
    t_[i] = t;
    if (trackIndex_) t->i = i;
    if (checking_) changed_.push_back(i);
  }
  void siftup(int i);
  void siftdown(int i);
  void step(const rt::timer* moving, int from, int to, const rt::timer* other);
  // heap.snapshot of the whole heap, when the trace sink asked for snapshots.
  void snapshot() {
    if (rt_.heapSnapshots()) emitSnapshot();
  }
  void emitSnapshot();
  // --check: verifies the positions written since the last call (see the header comment).
  void verify(const char* op, const rt::timer* subject);
  void checkAt(int i, const char* op, const rt::timer* subject) const;

  rt::Runtime& rt_;
  int id_;
  bool trackIndex_;
  bool checking_;
  bool raw_ = false;  // between setRaw and truncateRaw
  std::vector<rt::timer*> t_;
  std::vector<int> changed_;
};

}  // namespace gotimers::eras

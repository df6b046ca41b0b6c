// TimerHeap: the timer heap of go1.9 (timers.t), go1.13 (timersBucket.t) and go1.14-1.22
// (p.timers): Go's 4-ary heap (eras/heap4.h, where the algorithms and tie rules are) keyed
// on t->when, instrumented for the simulated runtime.
//
// Invariant: for every i > 0, t[(i-1)/4]->when <= t[i]->when; with trackIndex (Go <= 1.13)
// every timer is an indexedTimer and t[i]->i == i for every i. The heap holds one reference
// on each timer in it. Each sift level charges CostModel::sift_step and emits a heap.sift
// event. With --check (RunConfig::check) every public operation verifies the invariant where
// it could have broken: each position it wrote is compared with its parent and its children
// (and its recorded index), O(log n) per operation; by induction that is the whole heap.
// Raw edits (setRaw .. truncateRaw) are verified in full when truncateRaw ends them.
// push() also polls the run limits (the live-timer limit counts heap entries).
#pragma once
#include <vector>

#include "eras/heap4.h"
#include "runtime/era_view.h"
#include "runtime/runtime.h"

namespace gotimers::eras {

// runtime.timer@go1.9 (time.go@go1.9:15-26): the common fields plus i, the timer's index in
// the heap that holds it. go1.9 allocates this type; go1.13's timer113 extends it with tb.
// Go's zero timer has i == 0 (a bogus index deltimer verifies before trusting, e.g. a zero
// time.Ticker's); the simulator sets -1 when a timer leaves its heap ("in no heap").
struct indexedTimer : rt::timer {
  int32_t i = 0;
};

// The Go code of this heap (time.go@go1.9..go1.22 siftupTimer / siftdownTimer), for viewers.
extern const rt::HeapCode kTimerHeapCode;
// How viewers word the calls on the eras whose Stop removes the timer at once (go1.9, go1.13).
extern const rt::CallWords kRemovingCallWords;

class TimerHeap {
 public:
  TimerHeap(rt::Runtime& r, int heapId, bool trackIndex)
      : rt_(r), id_(heapId), trackIndex_(trackIndex), checking_(r.checking()), h_(Ops{this}) {}
  ~TimerHeap();
  TimerHeap(const TimerHeap&) = delete;
  TimerHeap& operator=(const TimerHeap&) = delete;

  size_t size() const { return h_.size(); }
  bool empty() const { return h_.empty(); }
  rt::timer* at(size_t i) const { return h_[i]; }
  rt::timer* root() const { return h_[0]; }
  const std::vector<rt::timer*>& items() const { return h_.items(); }
  int id() const { return id_; }

  // Appends t and sifts it up; returns its final index. fn: the Go function doing it
  // (addtimerLocked, doaddtimer), a string literal the heap events carry (trace::Event::fn).
  int push(rt::timer* t, const char* fn);
  // Removes index i (deltimer, dodeltimer); returns the removed timer, now owned by the
  // caller.
  rt::Ref<rt::timer> removeAt(int i, const char* fn);
  // Removes the root (timerproc, dodeltimer0).
  rt::Ref<rt::timer> popRoot(const char* fn);
  // Restores the heap after t[i]->when changed (a re-armed ticker at the root: siftdown).
  void siftupTimer(int i);
  void siftdownTimer(int i);
  // Raw slice edits for Go code that rewrites the slice in place (go1.14+
  // clearDeletedTimers): setRaw stores t at i with no sift and no reference change;
  // truncateRaw(n) drops the tail. The caller keeps the heap's references balanced; fn is
  // the Go function that rewrote the slice (the heap.snapshot event carries it).
  void setRaw(int i, rt::timer* t) {
    raw_ = true;
    h_.set(i, t);
  }
  void truncateRaw(size_t n, const char* fn);

  // --check: throws rt::InvariantViolation unless the whole heap is valid.
  void verifyAll(const char* op) const;

 private:
  // Heap4's policy: the key is t->when; a placed timer records its index (trackIndex) and,
  // under --check, the position is queued for verify; a sift level is charged and traced.
  struct Ops {
    TimerHeap* h;
    int64_t when(rt::timer* t) const { return t->when; }
    void placed(rt::timer* t, size_t i);
    void step(rt::timer* moving, size_t from, size_t to, rt::timer* other);
  };
  // heap.snapshot of the whole heap, when the trace sink asked for snapshots (fn: the Go
  // function that rewrote it in place, if one did).
  void snapshot(const char* fn = nullptr) {
    if (rt_.heapSnapshots()) emitSnapshot(fn);
  }
  void emitSnapshot(const char* fn);
  // --check: verifies the positions written since the last call (see the header comment).
  void verify(const char* op, const rt::timer* subject);
  void checkAt(int i, const char* op, const rt::timer* subject) const;

  rt::Runtime& rt_;
  int id_;
  bool trackIndex_;
  bool checking_;
  bool raw_ = false;  // between setRaw and truncateRaw
  std::vector<int> changed_;
  Heap4<rt::timer*, Ops> h_;
};

// t as the indexed timer it is: with trackIndex every timer the heap holds is one (the
// timerproc eras allocate only indexedTimer and its subclasses; --check verifies the index
// of each, TimerHeap::checkAt).
inline indexedTimer* asIndexed(rt::timer* t) {
  return static_cast<indexedTimer*>(t);
}
inline const indexedTimer* asIndexed(const rt::timer* t) {
  return static_cast<const indexedTimer*>(t);
}

}  // namespace gotimers::eras

// Heap4: Go's 4-ary timer min-heap, alone: no runtime, no timers, no allocation but its
// vector. Every era's timer heap and the heap lab use it through TimerHeap (eras/timer_heap.h)
// or go1.23's TimersHeap (eras/go1_23/timers_heap.h); tests/unit/test_heap4.cpp tests it on
// plain keys.
//
// Invariant: for every i > 0, when(e[(i-1)/4]) <= when(e[i]) (a parent is never after its
// children), outside the raw edits (set, truncate) a caller makes before restoring it.
//
// The algorithms and tie rules are those of runtime/time.go:
//  - siftUp = siftupTimer (go1.9 .. go1.22) = timers.siftUp (go1.23rc1): the element rises
//    while it is strictly before its parent; an equal key never moves up.
//  - siftDown = siftdownTimer (go1.9 .. go1.22): of the four children it takes the smallest,
//    the leftmost on ties (strict < between children), and moves down only if that child is
//    strictly before it. go1.23rc1's timers.siftDown writes this as a loop taking the first
//    child with when < w (w starting at the element's own key): the same child, the same
//    moves, so one function serves both.
//  - removeAt = dodeltimer / deltimer's slice part (go1.9 .. go1.22): the last element into
//    i, shrink, then siftUp(i) and siftDown(i) when i was not the last.
//  - popRoot = dodeltimer0 / timerproc's pop (and go1.23's deleteMin): last into 0, shrink,
//    siftDown(0).
//
// Ops is the element's policy and the heap's observer (the eras charge and trace through it):
//   int64_t when(const E&) const;                       the key
//   void placed(E&, size_t i);                          e now sits at i (Go <= 1.13 records t.i)
//   void step(const E& moving, size_t from, size_t to,  one sift level: moving goes from -> to,
//             const E& other);                          other (the parent or child) to from
#pragma once
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace gotimers::eras {

inline constexpr size_t kHeapArity = 4;  // timerHeapN (go1.23), the 4 of siftupTimer

template <typename E, typename Ops>
class Heap4 {
 public:
  explicit Heap4(Ops ops = Ops{}) : ops_(std::move(ops)) {}

  size_t size() const { return e_.size(); }
  bool empty() const { return e_.empty(); }
  const E& operator[](size_t i) const { return e_[i]; }
  const std::vector<E>& items() const { return e_; }
  Ops& ops() { return ops_; }
  const Ops& ops() const { return ops_; }

  // append(heap, e); siftUp(len-1). Returns e's final index.
  size_t push(E e) { return siftUp(append(std::move(e))); }
  // The append alone (a caller that reports between the append and the sift); returns
  // e's index, the last.
  size_t append(E e) {
    e_.push_back(std::move(e));
    size_t i = e_.size() - 1;
    ops_.placed(e_[i], i);
    return i;
  }

  // The element at i leaves; the last takes its place and is sifted both ways.
  E removeAt(size_t i) {
    size_t last = e_.size() - 1;
    E out = std::move(e_[i]);
    if (i != last) place(i, std::move(e_[last]));
    e_.pop_back();
    if (i != last) {
      siftUp(i);
      siftDown(i);
    }
    return out;
  }

  // The root leaves; the last takes its place and is sifted down.
  E popRoot() {
    size_t last = e_.size() - 1;
    E out = std::move(e_[0]);
    if (last > 0) place(0, std::move(e_[last]));
    e_.pop_back();
    if (last > 0) siftDown(0);
    return out;
  }

  // Moves e[i] up while it is strictly before its parent. Returns its final index.
  size_t siftUp(size_t i) {
    E tmp = std::move(e_[i]);
    int64_t when = ops_.when(tmp);
    while (i > 0) {
      size_t p = (i - 1) / kHeapArity;  // parent
      if (when >= ops_.when(e_[p])) break;
      ops_.step(tmp, i, p, e_[p]);
      place(i, std::move(e_[p]));
      i = p;
    }
    place(i, std::move(tmp));
    return i;
  }

  // Moves e[i] down while its smallest child (leftmost on ties) is strictly before it.
  // Returns its final index.
  size_t siftDown(size_t i) {
    size_t n = e_.size();
    E tmp = std::move(e_[i]);
    int64_t when = ops_.when(tmp);
    for (;;) {
      size_t c = i * kHeapArity + 1;  // left child
      size_t c3 = c + 2;              // mid child
      if (c >= n) break;
      int64_t w = ops_.when(e_[c]);
      if (c + 1 < n && ops_.when(e_[c + 1]) < w) {
        w = ops_.when(e_[c + 1]);
        c++;
      }
      if (c3 < n) {
        int64_t w3 = ops_.when(e_[c3]);
        if (c3 + 1 < n && ops_.when(e_[c3 + 1]) < w3) {
          w3 = ops_.when(e_[c3 + 1]);
          c3++;
        }
        if (w3 < w) {
          w = w3;
          c = c3;
        }
      }
      if (w >= when) break;
      ops_.step(tmp, i, c, e_[c]);
      place(i, std::move(e_[c]));
      i = c;
    }
    place(i, std::move(tmp));
    return i;
  }

  // Raw slice edits for Go code that rewrites the slice in place (go1.14's
  // clearDeletedTimers, go1.23's adjust and cleanHead): no sifting; the caller restores
  // the invariant (go1.23's initHeap, or a rewrite that keeps the order).
  void set(size_t i, E e) { place(i, std::move(e)); }
  E& raw(size_t i) { return e_[i]; }
  void truncate(size_t n) { e_.resize(n); }
  std::vector<E> takeAll() {
    std::vector<E> out;
    out.swap(e_);
    return out;
  }

  // The first index whose key is before its parent's, or size() when the invariant holds.
  size_t firstViolation() const {
    for (size_t i = 1; i < e_.size(); i++)
      if (ops_.when(e_[i]) < ops_.when(e_[(i - 1) / kHeapArity])) return i;
    return e_.size();
  }

 private:
  void place(size_t i, E e) {
    e_[i] = std::move(e);
    ops_.placed(e_[i], i);
  }

  Ops ops_;
  std::vector<E> e_;
};

}  // namespace gotimers::eras

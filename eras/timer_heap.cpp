#include "eras/timer_heap.h"

#include <fmt/format.h>

namespace gotimers::eras {

using trace::Kind;

TimerHeap::~TimerHeap() {
  for (rt::timer* t : t_)
    t->release();
}

void TimerHeap::emitSnapshot() {
  std::string s = "[";
  for (size_t i = 0; i < t_.size(); i++) {
    if (i) s += ',';
    s += fmt::format("[{},{}]", t_[i]->id, t_[i]->when);
  }
  s += ']';
  rt_.emitText(Kind::HeapSnapshot, std::move(s), id_, static_cast<int64_t>(t_.size()));
}

void TimerHeap::step(const rt::timer* moving, int from, int to, const rt::timer* other) {
  rt_.metrics().siftSteps++;
  rt_.charge(rt_.cost().sift_step);
  rt_.emit(Kind::HeapSiftStep, id_, moving->id, from, to, moving->when, other->when);
}

int TimerHeap::push(rt::timer* t) {
  t->retain();
  int i = static_cast<int>(t_.size());
  t_.push_back(t);
  if (trackIndex_) t->i = i;
  rt_.metrics().heapPushes++;
  rt_.addHeapEntries(1);
  rt_.emit(Kind::HeapPush, id_, t->id, i, t->when);
  siftup(i);
  if (checking_) {
    changed_.push_back(i);
    verify("push", t);
  }
  rt_.pollLimits();  // the live-timer limit
  snapshot();
  return trackIndex_ ? t->i : -1;
}

void TimerHeap::siftupTimer(int i) {
  rt::timer* t = t_[i];
  siftup(i);
  if (checking_) verify("siftupTimer", t);
}

void TimerHeap::siftdownTimer(int i) {
  rt::timer* t = t_[i];
  siftdown(i);
  if (checking_) verify("siftdownTimer", t);
}

void TimerHeap::truncateRaw(size_t n) {
  rt_.addHeapEntries(-static_cast<int64_t>(t_.size() - n));
  t_.resize(n);
  raw_ = false;
  if (checking_) {
    changed_.clear();
    verifyAll("a rewrite");
  }
  snapshot();  // the rewritten heap, when the trace sink asked for snapshots
}

void TimerHeap::checkAt(int i, const char* op, const rt::timer* subject) const {
  int n = static_cast<int>(t_.size());
  const rt::timer* t = t_[i];
  auto fail = [&](const std::string& what) {
    rt_.checkFailed(fmt::format("timer heap {} after {} of timer {}: {}", id_, op,
                                subject ? subject->id : 0, what));
  };
  if (i > 0) {
    int p = (i - 1) / 4;
    if (t->when < t_[p]->when) {
      fail(
          fmt::format("index {} (timer {}, when {}) is before its parent index {} (timer {}, "
                      "when {})",
                      i, t->id, t->when, p, t_[p]->id, t_[p]->when));
    }
  }
  for (int c = 4 * i + 1; c <= 4 * i + 4 && c < n; c++) {
    if (t_[c]->when < t->when) {
      fail(
          fmt::format("index {} (timer {}, when {}) is before its parent index {} (timer {}, "
                      "when {})",
                      c, t_[c]->id, t_[c]->when, i, t->id, t->when));
    }
  }
  if (trackIndex_ && t->i != i) {
    fail(fmt::format("timer {} at index {} records index {}", t->id, i, t->i));
  }
}

void TimerHeap::verify(const char* op, const rt::timer* subject) {
  if (raw_) return;  // truncateRaw verifies the whole heap
  int n = static_cast<int>(t_.size());
  for (int i : changed_) {
    if (i < n) checkAt(i, op, subject);
  }
  changed_.clear();
}

void TimerHeap::verifyAll(const char* op) const {
  for (int i = 0; i < static_cast<int>(t_.size()); i++)
    checkAt(i, op, nullptr);
}

void TimerHeap::siftup(int i) {
  rt::timer* tmp = t_[i];
  int64_t when = tmp->when;
  while (i > 0) {
    int p = (i - 1) / 4;  // parent
    if (when >= t_[p]->when) break;
    step(tmp, i, p, t_[p]);
    place(i, t_[p]);
    i = p;
  }
  place(i, tmp);
}

void TimerHeap::siftdown(int i) {
  int n = static_cast<int>(t_.size());
  rt::timer* tmp = t_[i];
  int64_t when = tmp->when;
  for (;;) {
    int c = i * 4 + 1;  // left child
    int c3 = c + 2;     // mid child
    if (c >= n) break;
    int64_t w = t_[c]->when;
    if (c + 1 < n && t_[c + 1]->when < w) {
      w = t_[c + 1]->when;
      c++;
    }
    if (c3 < n) {
      int64_t w3 = t_[c3]->when;
      if (c3 + 1 < n && t_[c3 + 1]->when < w3) {
        w3 = t_[c3 + 1]->when;
        c3++;
      }
      if (w3 < w) {
        w = w3;
        c = c3;
      }
    }
    if (w >= when) break;
    step(tmp, i, c, t_[c]);
    place(i, t_[c]);
    i = c;
  }
  place(i, tmp);
}

rt::Ref<rt::timer> TimerHeap::removeAt(int i) {
  rt::timer* t = t_[i];
  int last = static_cast<int>(t_.size()) - 1;
  rt_.metrics().heapRemoves++;
  rt_.addHeapEntries(-1);
  rt_.emit(Kind::HeapRemove, id_, t->id, i, t->when);
  if (i != last) place(i, t_[last]);
  t_.pop_back();
  if (i != last) {
    siftup(i);
    siftdown(i);
  }
  if (checking_) verify("removal", t);
  snapshot();
  rt::Ref<rt::timer> owned(t);
  t->release();  // the heap's reference moves to the caller
  return owned;
}

rt::Ref<rt::timer> TimerHeap::popRoot() {
  rt::timer* t = t_[0];
  int last = static_cast<int>(t_.size()) - 1;
  rt_.metrics().heapRemoves++;
  rt_.addHeapEntries(-1);
  rt_.emit(Kind::HeapPop, id_, t->id, 0, t->when);
  if (last > 0) place(0, t_[last]);
  t_.pop_back();
  if (last > 0) siftdown(0);
  if (checking_) verify("pop", t);
  snapshot();
  rt::Ref<rt::timer> owned(t);
  t->release();
  return owned;
}

}  // namespace gotimers::eras

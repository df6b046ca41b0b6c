#include "metrics/collector.h"

#include <algorithm>

#include "eras/go1_14/go1_14.h"
#include "eras/go1_23/go1_23.h"
#include "runtime/runtime2.h"

namespace gotimers::metrics {

using trace::Kind;

LockSeen& Collector::lock(int64_t id) {
  size_t i = static_cast<size_t>(std::max<int64_t>(id, 0));
  if (i >= locks.size()) locks.resize(i + 1);
  return locks[i];
}

HeapSeen& Collector::heap(int64_t id) {
  size_t i = static_cast<size_t>(std::max<int64_t>(id, 0));
  if (i >= heaps.size()) heaps.resize(i + 1);
  return heaps[i];
}

void Collector::leaveHeap(int64_t timer) {
  auto it = heapOf_.find(timer);
  if (it == heapOf_.end()) return;
  heap(it->second).size--;
  heapTotal--;
  heapOf_.erase(it);
}

void Collector::onEvent(const trace::Event& e) {
  count[static_cast<size_t>(e.kind)]++;
  const int64_t* a = e.a;
  switch (e.kind) {
    case Kind::HeapPush: {
      leaveHeap(a[1]);  // moved from another heap (moveTimers' doaddtimer)
      HeapSeen& h = heap(a[0]);
      h.pushes++;
      h.size++;
      h.peak = std::max(h.peak, h.size);
      heapOf_[a[1]] = a[0];
      heapTotal++;
      heapTotalPeak = std::max(heapTotalPeak, heapTotal);
      break;
    }
    case Kind::HeapPop:
    case Kind::HeapRemove:
      heap(a[0]).removes++;
      leaveHeap(a[1]);
      break;
    case Kind::HeapSiftStep:
      heap(a[0]).siftSteps++;
      break;
    case Kind::TimerStatus:
      if (goMinor >= 23) {
        // state bits (time.go@go1.23rc1): zombies are deleted timers still in a heap; a
        // timer can leave its heap with no heap event (timers.take drops zombies)
        bool was = (a[2] & eras::timerZombie) != 0, is = (a[3] & eras::timerZombie) != 0;
        if (is && !was) {
          deletedInHeap++;
          deletedInHeapPeak = std::max(deletedInHeapPeak, deletedInHeap);
        }
        if (was && !is) deletedInHeap--;
        if ((a[2] & eras::timerHeaped) && !(a[3] & eras::timerHeaped)) leaveHeap(a[1]);
        break;
      }
      if (a[3] == eras::timerDeleted) {
        deletedInHeap++;
        deletedInHeapPeak = std::max(deletedInHeapPeak, deletedInHeap);
      }
      if (a[2] == eras::timerDeleted) deletedInHeap--;
      if (a[3] == eras::timerRemoved) leaveHeap(a[1]);
      break;
    case Kind::LockAcquire: {
      if (a[0] < 0) break;  // a lock the runtime does not register (no name, no stats)
      LockSeen& l = lock(a[0]);
      size_t phase = static_cast<size_t>(std::clamp<int64_t>(a[1], 0, 3));
      l.acquisitions++;
      l.byPhase[phase]++;
      if (phase != static_cast<size_t>(rt::LockPhase::CAS)) {
        l.contended++;
        l.waits.add(a[2]);
      }
      if (phase == static_cast<size_t>(rt::LockPhase::FutexSleep)) {
        l.futexWakes++;
        futexLockSleeps++;
      }
      break;
    }
    case Kind::LockRelease: {
      if (a[0] < 0) break;
      LockSeen& l = lock(a[0]);
      l.holdTotal += a[2];
      l.holdMax = std::max(l.holdMax, a[2]);
      break;
    }
    case Kind::TimerFire:
      lateness.add(a[3]);
      break;
    case Kind::MSleep:
      if (!mAsleep_[a[1]]) {
        mAsleep_[a[1]] = true;
        asleep++;
        asleepPeak = std::max(asleepPeak, asleep);
      }
      break;
    case Kind::MWake:
    case Kind::NetpollWake:  // netpoll's epoll_wait returned: the M is awake again
      if (mAsleep_[a[1]]) {
        mAsleep_[a[1]] = false;
        asleep--;
      }
      break;
    case Kind::Steal:
      (a[2] == 1 ? timerSteals : goroutineSteals)++;
      break;
    default:
      break;
  }
}

}  // namespace gotimers::metrics

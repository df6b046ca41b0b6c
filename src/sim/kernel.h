// The discrete-event kernel.
//
// Invariant: events are processed in (time, priority, sequence) order, where sequence is the
// order of scheduling; time never goes backwards (now() is monotone). An actor cancels its
// pending wake-ups by bumping its generation: an event whose generation no longer matches
// the actor's is dropped when it comes up (lazy cancellation, O(log n) per event).
#pragma once
#include <cstddef>
#include <cstdint>
#include <queue>
#include <vector>

#include "sim/time.h"

namespace gotimers::sim {

class Actor {
 public:
  virtual ~Actor() = default;
  // Runs one step of the actor at virtual time t.
  virtual void step(Time t) = 0;
  uint64_t gen = 0;  // bump to cancel every pending event of this actor
};

class Kernel {
 public:
  // Schedules actor->step(t) unless actor->gen changes before then.
  void schedule(Time t, Actor* actor, int priority = 0);
  // Time of the earliest live pending event, maxWhen if none (drops cancelled ones on top).
  Time peekTime() {
    while (!q_.empty() && q_.top().gen != q_.top().actor->gen)
      q_.pop();
    return q_.empty() ? maxWhen : q_.top().time;
  }
  Time now() const { return now_; }
  // True if the next live event is earlier than one already processed (--check: the
  // kernel would go back in time; runOne would run it at now() instead).
  bool goesBack() { return peekTime() < now_; }
  // Processes one event; returns false if the queue is empty.
  bool runOne();
  uint64_t eventsProcessed() const { return processed_; }
  // Pending entries, cancelled ones included (the memory budget counts them).
  size_t pending() const { return q_.size(); }
  // Size of one pending entry in bytes.
  static constexpr size_t kEntryBytes = 40;

 private:
  struct Entry {
    Time time;
    int priority;
    uint64_t seq;
    Actor* actor;
    uint64_t gen;
    bool operator>(const Entry& o) const {
      if (time != o.time) return time > o.time;
      if (priority != o.priority) return priority > o.priority;
      return seq > o.seq;
    }
  };
  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> q_;
  Time now_ = 0;
  uint64_t seq_ = 0;
  uint64_t processed_ = 0;
};

}  // namespace gotimers::sim

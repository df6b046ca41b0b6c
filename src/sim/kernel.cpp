#include "sim/kernel.h"

namespace gotimers::sim {

void Kernel::schedule(Time t, Actor* actor, int priority) {
  q_.push(Entry{t, priority, seq_++, actor, actor->gen});
}

bool Kernel::runOne() {
  while (!q_.empty()) {
    Entry e = q_.top();
    q_.pop();
    if (e.gen != e.actor->gen) continue;  // cancelled
    if (e.time > now_) now_ = e.time;
    processed_++;
    e.actor->step(now_);
    return true;
  }
  return false;
}

}  // namespace gotimers::sim

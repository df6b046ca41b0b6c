// A cache line of runtime state that Go's code reads and writes with sync/atomic (a P's timer
// counters, its timer0When; go1.23's ts.zombies and minWhen fields): which M wrote it last and
// which Ms have read it since, so that Runtime::atomicWrite / atomicLoad charge a line transfer
// when the line is elsewhere (docs/cost-model.md, "Atomics"). A timer's status word needs only
// the writer (its loads come right before a CAS on it), an int32_t of the era's timer.
//
// Abstraction: lines are the groups of fields the eras name, not addresses; no false sharing
// between groups, no eviction (a line stays in a cache until another M writes it).
// Invariant: writer is -1 or the id of an M; readers holds no bit of writer.
#pragma once
#include <cstdint>
#include <vector>

namespace gotimers::rt {

struct CacheLine {
  int32_t writer = -1;
  std::vector<uint64_t> readers;  // bit i of word i/64: M i read the line since the last write
};

}  // namespace gotimers::rt

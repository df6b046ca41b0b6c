// How large `run --trace-heap-snapshots` would make a trace, estimated from a run without
// snapshots: every heap push, pop and removal writes a heap.snapshot holding every timer of
// that heap, so the bytes are about (changes x a snapshot line's fixed part) + (the sum of
// the heaps' lengths at each change x an entry's bytes). Heap rewrites that write a snapshot
// without a push or removal (clearDeletedTimers, adjusttimers) are not counted: the figure
// is a floor, which is what a warning needs.
#pragma once
#include <cstdint>
#include <map>

#include "trace/event.h"

namespace gotimers::metrics {

class SnapshotEstimate : public trace::Sink {
 public:
  void onEvent(const trace::Event& e) override;
  uint32_t wantedCats() const override { return uint32_t(trace::Cat::Heap); }
  uint64_t snapshots() const { return snapshots_; }
  uint64_t entries() const { return entries_; }
  uint64_t maxLength() const { return maxLength_; }
  // The estimated bytes of the snapshots in a JSON Lines trace.
  uint64_t bytes() const { return snapshots_ * kLineBytes + entries_ * kEntryBytes; }

  // Measured on stop-storm (N=200, Garbage=400) on go1.9 and go1.14: a snapshot line without
  // its entries ({"t":...,"ev":"heap.snapshot",...,"timers":[]}) and one [id,when] entry.
  static constexpr uint64_t kLineBytes = 90;
  static constexpr uint64_t kEntryBytes = 22;

 private:
  std::map<int64_t, int64_t> length_;  // heap id -> timers in it
  uint64_t snapshots_ = 0, entries_ = 0, maxLength_ = 0;
};

}  // namespace gotimers::metrics

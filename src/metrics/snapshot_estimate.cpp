#include "metrics/snapshot_estimate.h"

#include <algorithm>

namespace gotimers::metrics {

void SnapshotEstimate::onEvent(const trace::Event& e) {
  int64_t delta = 0;
  switch (e.kind) {
    case trace::Kind::HeapPush:
      delta = 1;
      break;
    case trace::Kind::HeapPop:
    case trace::Kind::HeapRemove:
      delta = -1;
      break;
    default:
      return;
  }
  int64_t& n = length_[e.a[0]];
  n = std::max<int64_t>(0, n + delta);
  snapshots_++;
  entries_ += static_cast<uint64_t>(n);
  maxLength_ = std::max(maxLength_, static_cast<uint64_t>(n));
}

}  // namespace gotimers::metrics

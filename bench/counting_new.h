// Counts live heap bytes for the memory benchmarks: the global operator new / delete of the
// one benchmark binary that includes this (bench_sim.cpp, bench_program_memory.cpp) add and
// subtract the requested size plus a 16-byte allocator header per block (malloc_usable_size
// would include the allocator's slack), and keep the peak since the last resetPeak().
#pragma once
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>

namespace gotimers::bench {
inline std::atomic<int64_t> gLiveBytes{0};
inline std::atomic<int64_t> gPeakBytes{0};
inline void resetPeak() {
  gPeakBytes = gLiveBytes.load();
}
}  // namespace gotimers::bench

void* operator new(size_t n) {
  using gotimers::bench::gLiveBytes, gotimers::bench::gPeakBytes;
  int64_t now = gLiveBytes += static_cast<int64_t>(n + 16);
  int64_t peak = gPeakBytes.load();
  while (now > peak && !gPeakBytes.compare_exchange_weak(peak, now)) {
  }
  auto* p = static_cast<size_t*>(std::malloc(n + sizeof(size_t) * 2));
  if (!p) throw std::bad_alloc();
  p[0] = n;
  return p + 2;
}
void operator delete(void* p) noexcept {
  if (!p) return;
  auto* q = static_cast<size_t*>(p) - 2;
  gotimers::bench::gLiveBytes -= static_cast<int64_t>(q[0] + 16);
  std::free(q);
}
void operator delete(void* p, size_t) noexcept {
  operator delete(p);
}

// The cost of sync/atomic on runtime state (Runtime::atomicWrite / atomicLoad).
#include "runtime/runtime.h"

namespace gotimers::rt {

void Runtime::atomicWrite(int16_t* writer) {
  const int32_t me = curm_->id;
  const bool elsewhere = *writer >= 0 && *writer != me;
  charge(cfg_.cost.atomic_op + (elsewhere ? cfg_.cost.cacheline_transfer : 0));
  *writer = static_cast<int16_t>(me);  // newm keeps ids below kMaxMCount
}

void Runtime::atomicWrite(CacheLine& line) {
  const int32_t me = curm_->id;
  bool elsewhere = line.writer >= 0 && line.writer != me;
  const size_t word = static_cast<size_t>(me) / 64;
  const uint64_t bit = uint64_t{1} << (static_cast<unsigned>(me) % 64);
  for (size_t i = 0; i < line.readers.size() && !elsewhere; i++)
    elsewhere = (line.readers[i] & ~(i == word ? bit : 0)) != 0;
  charge(cfg_.cost.atomic_op + (elsewhere ? cfg_.cost.cacheline_transfer : 0));
  line.writer = me;
  for (uint64_t& w : line.readers)
    w = 0;
}

void Runtime::atomicLoad(CacheLine& line) {
  const int32_t me = curm_->id;
  if (line.writer < 0 || line.writer == me) return;
  const size_t word = static_cast<size_t>(me) / 64;
  const uint64_t bit = uint64_t{1} << (static_cast<unsigned>(me) % 64);
  if (line.readers.size() <= word) line.readers.resize(word + 1);
  if (line.readers[word] & bit) return;
  charge(cfg_.cost.cacheline_transfer);
  line.readers[word] |= bit;
}

}  // namespace gotimers::rt

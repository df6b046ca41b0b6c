#include "sim/rng.h"

namespace gotimers::sim {

uint64_t hashName(std::string_view name) {
  uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a 64
  for (unsigned char c : name) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

Rng& RngStreams::get(const std::string& name) {
  auto it = streams_.find(name);
  if (it == streams_.end()) {
    it = streams_.emplace(name, Rng(seed_ ^ hashName(name))).first;
  }
  return it->second;
}

}  // namespace gotimers::sim

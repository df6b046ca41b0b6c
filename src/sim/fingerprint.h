// Fingerprint of an event stream: FNV-1a 64 over the fields of every event, in order.
// Invariant: two runs with equal fingerprints emitted the same events (with overwhelming
// probability); the value is independent of platform endianness.
#pragma once
#include <cstdint>
#include <string_view>

namespace gotimers::sim {

class Fingerprint {
 public:
  void add(uint64_t v) {
    for (int i = 0; i < 8; i++) {
      h_ ^= (v >> (8 * i)) & 0xff;
      h_ *= 0x100000001b3ULL;
    }
  }
  void add(std::string_view s) {
    for (unsigned char c : s) {
      h_ ^= c;
      h_ *= 0x100000001b3ULL;
    }
    add(s.size());
  }
  uint64_t value() const { return h_; }

 private:
  uint64_t h_ = 0xcbf29ce484222325ULL;
};

}  // namespace gotimers::sim

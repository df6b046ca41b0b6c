// Named, seeded random streams with our own bits-to-range mapping.
//
// Invariant: a stream's output depends only on (run seed, stream name, call count), never on
// the library version: the generator is SplitMix64 and ranges are mapped with Go's
// fastrandn formula (uint32(uint64(x) * n >> 32)), not std distributions.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace gotimers::sim {

class Rng {
 public:
  explicit Rng(uint64_t seed = 0) : state_(seed) {}
  // SplitMix64 (Steele, Lea, Flood 2014). Inline: the noise model draws two per charge.
  uint64_t next64() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  uint32_t next32() { return static_cast<uint32_t>(next64() >> 32); }
  // Uniform in [0, n) for n > 0, as runtime.fastrandn maps 32 random bits.
  uint32_t uintn(uint32_t n) {
    return static_cast<uint32_t>((static_cast<uint64_t>(next32()) * n) >> 32);
  }

 private:
  uint64_t state_;
};

uint64_t hashName(std::string_view name);

// One stream per name ("select", "steal", "scenario", ...), created on first use.
class RngStreams {
 public:
  explicit RngStreams(uint64_t seed) : seed_(seed) {}
  Rng& get(const std::string& name);
  uint64_t seed() const { return seed_; }

 private:
  uint64_t seed_;
  std::map<std::string, Rng> streams_;
};

}  // namespace gotimers::sim

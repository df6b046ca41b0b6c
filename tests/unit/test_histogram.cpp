// sim::Histogram: exact percentiles for short runs, log-linear buckets (within 0.4%) past
// kExact samples, bounded memory, and merge equal to adding the same samples.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "metrics/summary.h"
#include "sim/histogram.h"
#include "sim/rng.h"

using gotimers::sim::Histogram;

namespace {

// Durations spread over many octaves: a random value below 2^k for a random k in [0, 40).
std::vector<int64_t> samples(uint64_t seed, size_t n) {
  gotimers::sim::Rng r(seed);
  std::vector<int64_t> v(n);
  for (auto& x : v) {
    const uint32_t bits = r.uintn(40);
    x = static_cast<int64_t>(r.next64() & ((uint64_t{1} << bits) - 1));
  }
  return v;
}

const double kPercentiles[] = {0.1, 1, 10, 25, 50, 75, 90, 99, 99.9, 100};

}  // namespace

TEST_CASE("histogram: buckets tile the int64 range, each at most 1/128 of its lower bound wide") {
  CHECK(Histogram::bucketOf(0) == 0);
  CHECK(Histogram::bucketOf(127) == 127);
  CHECK(Histogram::bucketOf(128) == 128);
  const size_t last = Histogram::bucketOf(std::numeric_limits<int64_t>::max());
  CHECK(last == 7295);
  CHECK(Histogram::bucketHigh(last) == std::numeric_limits<int64_t>::max());
  for (size_t b = 0; b < last; b++) {
    CAPTURE(b);
    REQUIRE(Histogram::bucketHigh(b) + 1 == Histogram::bucketLow(b + 1));
    REQUIRE(Histogram::bucketOf(Histogram::bucketLow(b)) == b);
    REQUIRE(Histogram::bucketOf(Histogram::bucketHigh(b)) == b);
    const int64_t width = Histogram::bucketHigh(b) - Histogram::bucketLow(b) + 1;
    REQUIRE(width * 128 <= std::max<int64_t>(Histogram::bucketLow(b), 128));
  }
}

TEST_CASE("histogram: up to kExact samples, percentiles are exactly summary.cpp's nearest rank") {
  const auto v = samples(1, Histogram::kExact);
  Histogram h;
  for (int64_t x : v)
    h.add(x);
  CHECK_FALSE(h.bucketed());
  CHECK(h.exactSamples() == v);
  for (double p : kPercentiles) {
    CAPTURE(p);
    CHECK(h.percentile(p) == gotimers::metrics::percentile(v, p));
  }
  CHECK(h.min() == *std::min_element(v.begin(), v.end()));
  CHECK(h.max() == *std::max_element(v.begin(), v.end()));
}

TEST_CASE("histogram: past kExact, percentiles are within 0.4% of the exact ones") {
  for (uint64_t seed : {2, 3, 4}) {
    const auto v = samples(seed, 200'000);
    Histogram h;
    int64_t sum = 0;
    for (int64_t x : v) {
      h.add(x);
      sum += x;
    }
    REQUIRE(h.bucketed());
    CHECK(h.exactSamples().empty());
    CHECK(h.count() == v.size());
    CHECK(h.sum() == sum);
    for (double p : kPercentiles) {
      CAPTURE(seed);
      CAPTURE(p);
      const auto want = static_cast<double>(gotimers::metrics::percentile(v, p));
      const auto got = static_cast<double>(h.percentile(p));
      CHECK(std::abs(got - want) <= want / 256.0 + 0.5);
    }
  }
}

TEST_CASE("histogram: memory stops growing with the number of samples") {
  Histogram h;
  gotimers::sim::Rng r(5);
  auto fill = [&](size_t n) {
    for (size_t i = 0; i < n; i++)
      h.add(static_cast<int64_t>(r.uintn(1'000'000'000)));  // up to 1 s
  };
  fill(100'000);
  const int64_t after1e5 = h.bytes();
  fill(2'000'000);
  CHECK(h.bytes() == after1e5);
  CHECK(h.bytes() <= 32 * 1024);
  CHECK(h.count() == 2'100'000);
}

TEST_CASE("histogram: merge is adding the other's samples, in both modes") {
  const auto a = samples(6, 400);
  const auto b = samples(7, 700);  // a+b exceeds kExact: the merge buckets
  const auto c = samples(8, 5000);
  auto of = [](std::initializer_list<const std::vector<int64_t>*> parts) {
    Histogram h;
    for (const auto* p : parts)
      for (int64_t x : *p)
        h.add(x);
    return h;
  };
  Histogram small = of({&a});
  small.merge(of({&a}));
  CHECK_FALSE(small.bucketed());
  CHECK(small == of({&a, &a}));

  Histogram ab = of({&a});
  ab.merge(of({&b}));
  CHECK(ab.bucketed());
  CHECK(ab == of({&a, &b}));

  Histogram abc = of({&a, &b});
  abc.merge(of({&c}));
  CHECK(abc == of({&a, &b, &c}));
  Histogram cab = of({&c});
  cab.merge(of({&a}));
  cab.merge(of({&b}));
  for (double p : kPercentiles)
    CHECK(cab.percentile(p) == abc.percentile(p));

  Histogram empty;
  empty.merge(Histogram());
  CHECK(empty.empty());
  CHECK(empty.percentile(50) == 0);
  CHECK(empty.max() == 0);
}

TEST_CASE("histogram: a negative value counts as 0; the sum saturates") {
  Histogram h;
  h.add(-5);
  CHECK(h.min() == 0);
  CHECK(h.percentile(50) == 0);
  h.add(std::numeric_limits<int64_t>::max());
  h.add(std::numeric_limits<int64_t>::max());
  CHECK(h.sum() == std::numeric_limits<int64_t>::max());
  CHECK(h.max() == std::numeric_limits<int64_t>::max());
}

namespace sim = gotimers::sim;

TEST_CASE(
    "LazyHistogram: empty and free until its first sample, then a Histogram; copies are deep") {
  sim::LazyHistogram a;
  CHECK(a.count() == 0);
  CHECK(a.percentile(50) == 0);
  CHECK(a.bytes() == 0);
  CHECK(a == sim::LazyHistogram{});
  a.add(7);
  a.add(3);
  CHECK(a.count() == 2);
  CHECK(a.sum() == 10);
  CHECK(a.max() == 7);
  CHECK(a.exactSamples() == std::vector<int64_t>{7, 3});
  CHECK(a.bytes() >= static_cast<int64_t>(sizeof(sim::Histogram)));
  sim::LazyHistogram b = a;
  b.add(100);
  CHECK(a.count() == 2);  // b has its own Histogram
  CHECK(b.count() == 3);
  CHECK_FALSE(a == b);
  sim::Histogram merged;
  merged.merge(b);  // reads as a Histogram
  CHECK(merged.max() == 100);
}

// Histogram: the distribution of a run's durations (timer lateness, lock waits) in memory that
// does not grow with the run's length.
//
// The first kExact samples are kept as they are, in arrival order, so a short run (every
// teaching scenario, most tests) reports exact percentiles. The sample that would exceed
// kExact moves every sample into log-linear buckets, HdrHistogram's layout: a value below
// 2^kSubBits has a bucket of its own; above, each power of two is split into 2^kSubBits
// buckets of equal width, so a bucket is at most 1/2^kSubBits (0.78%) of its lower bound
// wide. A percentile read from the buckets is its bucket's midpoint (clamped to the exact
// minimum and maximum), within 0.4% of the sample a sort would pick. Count, sum, min and max
// are exact in both modes.
//
// Memory: at most kExact samples, then one 8-byte count per bucket up to the largest value
// seen (7,296 buckets for the whole int64 range; 24 KiB for values up to 1 s).
//
// Invariant: count() == exact_.size() while !bucketed(); when bucketed(), exact_ is empty and
// the counts sum to count(). Values are >= 0 (add() clamps a negative value to 0).
//
// (No library: Debian packages HdrHistogram only for Java and Go, and Boost.Histogram has
// no percentile query.)
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace gotimers::sim {

// The nearest rank of percentile p (0 < p <= 100) among n >= 1 samples, in [1, n]: the
// rule of every percentile gotimers prints (Histogram, metrics::percentile).
uint64_t nearestRank(double p, uint64_t n);

class Histogram {
 public:
  static constexpr int kSubBits = 7;
  static constexpr size_t kExact = 1024;

  void add(int64_t v);
  void merge(const Histogram& o);

  uint64_t count() const { return n_; }
  bool empty() const { return n_ == 0; }
  int64_t sum() const { return sum_; }  // saturates at INT64_MAX
  int64_t min() const { return n_ ? min_ : 0; }
  int64_t max() const { return n_ ? max_ : 0; }
  bool bucketed() const { return !counts_.empty(); }
  // The samples in arrival order while !bucketed() (empty once bucketed).
  const std::vector<int64_t>& exactSamples() const { return exact_; }

  // The value at percentile p (0 < p <= 100) by nearest rank: the ceil(p% of count)-th
  // smallest sample (exact, or its bucket's midpoint once bucketed); 0 when empty.
  int64_t percentile(double p) const;

  // Heap bytes held (for the run's memory budget).
  int64_t bytes() const;

  // Same samples (in the same order while exact).
  bool operator==(const Histogram& o) const = default;

  // The bucket of v and its bounds (exposed for tests).
  static size_t bucketOf(int64_t v);
  static int64_t bucketLow(size_t b);
  static int64_t bucketHigh(size_t b);  // inclusive

 private:
  void toBuckets();
  void addToBucket(int64_t v, uint64_t k);

  uint64_t n_ = 0;
  int64_t sum_ = 0;
  int64_t min_ = 0;
  int64_t max_ = 0;
  std::vector<int64_t> exact_;
  std::vector<uint64_t> counts_;  // by bucket; empty until bucketed
};

// A Histogram allocated at its first sample, for the many that never get one (the lock
// waits of a go1.23 timer's lock or of a channel's: one word each instead of 80 bytes).
// Reads see an empty Histogram until then; copies are deep.
class LazyHistogram {
 public:
  LazyHistogram() = default;
  LazyHistogram(const LazyHistogram& o) : h_(o.h_ ? std::make_unique<Histogram>(*o.h_) : nullptr) {}
  LazyHistogram& operator=(const LazyHistogram& o) {
    if (this != &o) h_ = o.h_ ? std::make_unique<Histogram>(*o.h_) : nullptr;
    return *this;
  }
  LazyHistogram(LazyHistogram&&) noexcept = default;
  LazyHistogram& operator=(LazyHistogram&&) noexcept = default;
  ~LazyHistogram() = default;

  void add(int64_t v) {
    if (!h_) h_ = std::make_unique<Histogram>();
    h_->add(v);
  }
  const Histogram& get() const { return h_ ? *h_ : empty(); }
  operator const Histogram&() const { return get(); }  // NOLINT(google-explicit-constructor)
  uint64_t count() const { return get().count(); }
  int64_t sum() const { return get().sum(); }
  int64_t max() const { return get().max(); }
  int64_t percentile(double p) const { return get().percentile(p); }
  const std::vector<int64_t>& exactSamples() const { return get().exactSamples(); }
  // Heap bytes held, the Histogram's own block included.
  int64_t bytes() const { return h_ ? h_->bytes() + static_cast<int64_t>(sizeof(Histogram)) : 0; }
  bool operator==(const LazyHistogram& o) const { return get() == o.get(); }

 private:
  static const Histogram& empty() {
    static const Histogram e;
    return e;
  }
  std::unique_ptr<Histogram> h_;
};

}  // namespace gotimers::sim

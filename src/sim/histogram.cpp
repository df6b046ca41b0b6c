#include "sim/histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

namespace gotimers::sim {

namespace {
constexpr int64_t kSub = int64_t{1} << Histogram::kSubBits;

int64_t satAdd(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_add_overflow(a, b, &r)) return std::numeric_limits<int64_t>::max();
  return r;
}
}  // namespace

uint64_t nearestRank(double p, uint64_t n) {
  auto rank = static_cast<uint64_t>(p / 100.0 * static_cast<double>(n) + 0.999999);
  return std::clamp<uint64_t>(rank, 1, n);
}

size_t Histogram::bucketOf(int64_t v) {
  if (v < kSub) return static_cast<size_t>(v);
  const int e = 63 - std::countl_zero(static_cast<uint64_t>(v));  // v's top bit, >= kSubBits
  const int shift = e - kSubBits;
  const int64_t sub = (v >> shift) - kSub;  // the kSubBits bits below the top bit
  return static_cast<size_t>((shift + 1) * kSub + sub);
}

int64_t Histogram::bucketLow(size_t b) {
  const auto bi = static_cast<int64_t>(b);
  if (bi < kSub) return bi;
  const int64_t shift = bi / kSub - 1;
  return (kSub + bi % kSub) << shift;
}

int64_t Histogram::bucketHigh(size_t b) {
  const auto bi = static_cast<int64_t>(b);
  if (bi < kSub) return bi;
  const int64_t shift = bi / kSub - 1;
  return bucketLow(b) + ((int64_t{1} << shift) - 1);
}

void Histogram::add(int64_t v) {
  if (v < 0) v = 0;
  if (n_ == 0 || v < min_) min_ = v;
  if (n_ == 0 || v > max_) max_ = v;
  n_++;
  sum_ = satAdd(sum_, v);
  if (!bucketed()) {
    if (exact_.size() < kExact) {
      exact_.push_back(v);
      return;
    }
    toBuckets();
  }
  addToBucket(v, 1);
}

void Histogram::addToBucket(int64_t v, uint64_t k) {
  const size_t b = bucketOf(v);
  if (b >= counts_.size()) counts_.resize(b + 1, 0);
  counts_[b] += k;
}

void Histogram::toBuckets() {
  counts_.assign(bucketOf(max_) + 1, 0);
  for (int64_t v : exact_)
    addToBucket(v, 1);
  std::vector<int64_t>().swap(exact_);
}

void Histogram::merge(const Histogram& o) {
  if (o.n_ == 0) return;
  if (n_ == 0 || o.min_ < min_) min_ = o.min_;
  if (n_ == 0 || o.max_ > max_) max_ = o.max_;
  n_ += o.n_;
  sum_ = satAdd(sum_, o.sum_);
  if (!bucketed() && !o.bucketed() && exact_.size() + o.exact_.size() <= kExact) {
    exact_.insert(exact_.end(), o.exact_.begin(), o.exact_.end());
    return;
  }
  if (!bucketed()) toBuckets();
  for (int64_t v : o.exact_)
    addToBucket(v, 1);
  if (o.counts_.size() > counts_.size()) counts_.resize(o.counts_.size(), 0);
  for (size_t b = 0; b < o.counts_.size(); b++)
    counts_[b] += o.counts_[b];
}

int64_t Histogram::percentile(double p) const {
  if (n_ == 0) return 0;
  const uint64_t rank = nearestRank(p, n_);
  if (rank == n_) return max_;
  if (!bucketed()) {
    std::vector<int64_t> v = exact_;
    auto nth = v.begin() + static_cast<std::ptrdiff_t>(rank - 1);
    std::nth_element(v.begin(), nth, v.end());
    return *nth;
  }
  uint64_t seen = 0;
  for (size_t b = 0; b < counts_.size(); b++) {
    seen += counts_[b];
    if (seen >= rank) {
      const int64_t mid = bucketLow(b) + (bucketHigh(b) - bucketLow(b)) / 2;
      return std::clamp(mid, min_, max_);
    }
  }
  return max_;  // unreachable: the counts sum to n_
}

int64_t Histogram::bytes() const {
  return static_cast<int64_t>(exact_.capacity() * sizeof(int64_t) +
                              counts_.capacity() * sizeof(uint64_t));
}

}  // namespace gotimers::sim

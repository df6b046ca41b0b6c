#include "metrics/benchstat.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

#include "metrics/format.h"
#include "metrics/text.h"

namespace gotimers::metrics {

namespace {

// U of x against y: pairs with x above y, ties counting a half.
double uStatistic(const std::vector<double>& x, const std::vector<double>& y) {
  double u = 0;
  for (double a : x)
    for (double b : y)
      u += a > b ? 1 : a == b ? 0.5 : 0;
  return u;
}

// Linear interpolation between closest ranks, on sorted v.
double quantile(const std::vector<double>& v, double q) {
  double pos = q * double(v.size() - 1);
  size_t lo = static_cast<size_t>(std::floor(pos));
  size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (v[hi] - v[lo]) * (pos - double(lo));
}

}  // namespace

std::vector<double> withoutOutliers(std::vector<double> v) {
  if (v.size() < 4) return v;
  std::sort(v.begin(), v.end());
  double q1 = quantile(v, 0.25), q3 = quantile(v, 0.75), iqr = q3 - q1;
  std::vector<double> out;
  for (double x : v)
    if (x >= q1 - 1.5 * iqr && x <= q3 + 1.5 * iqr) out.push_back(x);
  return out;
}

double mannWhitneyP(const std::vector<double>& x, const std::vector<double>& y) {
  const size_t n1 = x.size(), n2 = y.size(), n = n1 + n2;
  if (n1 == 0 || n2 == 0) return 1;
  const double mean = double(n1) * double(n2) / 2;
  const double observed = std::fabs(uStatistic(x, y) - mean);
  std::vector<double> pooled(x);
  pooled.insert(pooled.end(), y.begin(), y.end());
  if (n <= 20) {
    // every way to pick which n1 of the pooled runs are "x": the permutation distribution
    uint64_t extreme = 0, total = 0;
    std::vector<bool> pick(n, false);
    std::fill(pick.begin(), pick.begin() + static_cast<long>(n1), true);
    std::vector<double> a, b;
    do {
      a.clear();
      b.clear();
      for (size_t i = 0; i < n; i++)
        (pick[i] ? a : b).push_back(pooled[i]);
      total++;
      // a tolerance: U is a multiple of 0.5, exactly representable
      if (std::fabs(uStatistic(a, b) - mean) >= observed) extreme++;
    } while (std::prev_permutation(pick.begin(), pick.end()));
    return double(extreme) / double(total);
  }
  // the normal approximation, with the variance corrected for ties
  std::vector<double> s(pooled);
  std::sort(s.begin(), s.end());
  double ties = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && s[j] == s[i])
      j++;
    double t = double(j - i);
    ties += t * t * t - t;
    i = j;
  }
  double nn = double(n);
  double var = double(n1) * double(n2) / 12 * ((nn + 1) - ties / (nn * (nn - 1)));
  if (var <= 0) return 1;
  double z = (observed - 0.5) / std::sqrt(var);  // with the continuity correction
  if (z < 0) return 1;
  return std::erfc(z / std::sqrt(2.0));
}

std::string benchstatTable(const std::vector<RunMetrics>& runs, const std::string& benchName,
                           const std::string& oldEra, const std::string& newEra,
                           const std::vector<int>& procs, const std::string& metric) {
  int mi = metricIndex(metric);
  if (mi < 0) return "";
  const MetricDef& d = metricDefs()[static_cast<size_t>(mi)];
  std::string unit = metric == "ns_per_op" ? "time/op" : metric;
  std::string name = benchName.rfind("Benchmark", 0) == 0 ? benchName.substr(9) : benchName;
  auto samples = [&](const std::string& era, int p) {
    std::vector<double> v;
    for (const auto& r : runs)
      if (r.key.era == era && r.key.procs == p && !r.skipped())
        if (auto x = r.values[static_cast<size_t>(mi)]) v.push_back(*x);
    return withoutOutliers(v);
  };
  // "757µs ± 3%": the mean, and the farthest run from it
  auto cell = [&](const std::vector<double>& v) {
    double mean = std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
    double far = 0;
    for (double x : v)
      far = std::max(far, std::fabs(x - mean));
    std::string pct = mean == 0 ? "0%" : fmt::format("{:.0f}%", far / std::fabs(mean) * 100);
    return std::pair(mean, fmt::format("{} ±{:>3}", formatValue(mean, d.unit), pct));
  };
  std::vector<std::array<std::string, 5>> rows;
  for (int p : procs) {
    auto a = samples(oldEra, p), b = samples(newEra, p);
    if (a.empty() || b.empty()) continue;
    auto [ma, ca] = cell(a);
    auto [mb, cb] = cell(b);
    double pv = mannWhitneyP(a, b);
    std::string delta = pv < 0.05 && ma != 0 ? fmt::format("{:+.2f}%", (mb / ma - 1) * 100) : "~";
    rows.push_back({fmt::format("{}-{}", name, p), ca, cb, delta,
                    fmt::format("(p={:.3f} n={}+{})", pv, a.size(), b.size())});
  }
  if (rows.empty()) return "";
  std::array<std::string, 5> head = {"name", "old " + unit, "new " + unit, "delta", ""};
  std::array<size_t, 5> w{};
  for (size_t c = 0; c < 5; c++) {
    w[c] = displayWidth(head[c]);
    for (const auto& r : rows)
      w[c] = std::max(w[c], displayWidth(r[c]));
  }
  auto line = [&](const std::array<std::string, 5>& r) {
    std::string l = pad(r[0], w[0], false) + "  " + pad(r[1], w[1], true) + "  " +
                    pad(r[2], w[2], true) + "  " + pad(r[3], w[3], true) + "  " + r[4];
    while (!l.empty() && l.back() == ' ')
      l.pop_back();
    return l + "\n";
  };
  std::string out = fmt::format(
      "old: {}, new: {} (benchstat's table; --benchfmt DIR for benchstat "
      "itself)\n",
      oldEra, newEra);
  out += line(head);
  for (const auto& r : rows)
    out += line(r);
  return out;
}

}  // namespace gotimers::metrics

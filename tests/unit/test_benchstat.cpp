// compare --benchstat (metrics/benchstat.h): the Mann-Whitney U test's p-values against the
// exact values of its distribution, benchstat's outlier rule, and the table.
#include <doctest/doctest.h>

#include <regex>

#include "metrics/benchstat.h"
#include "metrics/run_metrics.h"

using namespace gotimers;

TEST_CASE("Mann-Whitney U: exact p-values, ties, symmetry, the normal approximation") {
  // fully separated samples: 2 of the C(n1+n2, n1) splits are as extreme
  CHECK(metrics::mannWhitneyP({1, 2, 3}, {4, 5, 6}) == doctest::Approx(2.0 / 20));
  CHECK(metrics::mannWhitneyP({1, 2, 3, 4, 5}, {6, 7, 8, 9, 10}) == doctest::Approx(2.0 / 252));
  CHECK(metrics::mannWhitneyP({6, 7, 8, 9}, {1, 2, 3, 4}) == doctest::Approx(2.0 / 70));
  // no difference at all: p = 1 (deterministic eras give identical runs)
  CHECK(metrics::mannWhitneyP({5, 5, 5}, {5, 5, 5}) == 1);
  // one swap in the middle of 5 + 5: U = 24 of 25 (or 1): 4 of 252 splits are as extreme
  CHECK(metrics::mannWhitneyP({1, 2, 3, 4, 6}, {5, 7, 8, 9, 10}) == doctest::Approx(4.0 / 252));
  // ties between the samples, either way round
  double p = metrics::mannWhitneyP({1, 2, 2}, {2, 3, 4});
  CHECK(p == doctest::Approx(metrics::mannWhitneyP({2, 3, 4}, {1, 2, 2})));
  CHECK(p > 0.1);
  CHECK(p <= 1);
  // beyond 20 runs: the normal approximation, tiny for separated samples, 1 for equal ones
  std::vector<double> lo, hi, same(11, 3.0);
  for (int i = 1; i <= 11; i++) {
    lo.push_back(i);
    hi.push_back(100 + i);
  }
  CHECK(metrics::mannWhitneyP(lo, hi) < 1e-3);
  CHECK(metrics::mannWhitneyP(same, same) == 1);
  CHECK(metrics::mannWhitneyP({}, {1}) == 1);
}

TEST_CASE("benchstat's outlier rule drops runs beyond 1.5 IQR of the quartiles") {
  CHECK(metrics::withoutOutliers({1, 2, 3, 4, 100}) == std::vector<double>{1, 2, 3, 4});
  CHECK(metrics::withoutOutliers({5, 1, 3}) == std::vector<double>{5, 1, 3});  // too few
  CHECK(metrics::withoutOutliers({2, 2, 2, 2}) == std::vector<double>{2, 2, 2, 2});
}

TEST_CASE("benchstat table: name-GOMAXPROCS, mean ± spread, delta only when p < 0.05") {
  std::vector<metrics::RunMetrics> runs;
  auto add = [&](const std::string& era, int procs, uint64_t seed, double ns) {
    metrics::RunMetrics m;
    m.key = {"stop", era, procs, seed};
    m.exit = "normal exit";
    m.values.assign(metrics::metricDefs().size(), std::nullopt);
    m.values[metrics::metricIndex("ns_per_op")] = ns;
    runs.push_back(m);
  };
  for (uint64_t s = 1; s <= 5; s++) {
    add("go1.9", 4, s, 1000 + 10 * double(s));  // 1010..1050: mean 1030, ± 20 (2%)
    add("go1.14", 4, s, 500);                   // half: -51.46%
    add("go1.9", 1, s, 100);
    add("go1.14", 1, s, 100);  // the same: p = 1, "~"
  }
  std::string t =
      metrics::benchstatTable(runs, "BenchmarkStop", "go1.9", "go1.14", {1, 4}, "ns_per_op");
  CHECK(t.find("old: go1.9, new: go1.14") == 0);
  CHECK(std::regex_search(t, std::regex(R"(\nname +old time/op +new time/op +delta\n)")));
  CHECK(std::regex_search(
      t, std::regex(R"(\nStop-1 +100ns ± 0% +100ns ± 0% +~ +\(p=1\.000 n=5\+5\))")));
  CHECK(std::regex_search(
      t, std::regex(R"(\nStop-4 +1\.03µs ± 2% +500ns ± 0% +-51\.46% +\(p=0\.008 n=5\+5\))")));
  // nothing to compare: empty
  CHECK(metrics::benchstatTable(runs, "BenchmarkStop", "go1.9", "go1.23", {1, 4}, "ns_per_op")
            .empty());
}

// compare --benchstat: two eras side by side the way benchstat (golang.org/x/perf/cmd/
// benchstat, its classic table) shows two sets of Go benchmark runs, so a Go engineer reads
// the comparison as they read their own:
//
//   name      old time/op    new time/op    delta
//   Stop-4      757µs ± 3%     164µs ± 0%  -78.34%  (p=0.008 n=5+5)
//
// per GOMAXPROCS, over the seeds: the mean of the runs left after benchstat's outlier rule
// (outside the quartiles by more than 1.5 IQR), ± the farthest run from it in percent, and the
// delta when a two-sided Mann-Whitney U test gives p < 0.05 ("~" otherwise). The p-value is
// exact (all splits of the pooled runs, ties included) for up to 20 runs, else the normal
// approximation with the tie correction. --benchfmt writes the runs for the real benchstat.
#pragma once
#include <string>
#include <vector>

#include "metrics/run_metrics.h"

namespace gotimers::metrics {

// Two-sided Mann-Whitney U test of x against y: the probability, with no difference between
// them, of a U at least as far from its mean as the observed one.
double mannWhitneyP(const std::vector<double>& x, const std::vector<double>& y);

// benchstat's outlier rule: the values within [Q1 - 1.5 IQR, Q3 + 1.5 IQR] (linear quartiles).
std::vector<double> withoutOutliers(std::vector<double> v);

// The table for `metric` (ns_per_op as time/op) of era `oldEra` against `newEra`, a row per
// GOMAXPROCS that both have runs of. Empty when neither has a value.
std::string benchstatTable(const std::vector<RunMetrics>& runs, const std::string& benchName,
                           const std::string& oldEra, const std::string& newEra,
                           const std::vector<int>& procs, const std::string& metric);

}  // namespace gotimers::metrics

// Spikes in a GOMAXPROCS series: a point whose median is more than kSpikeFactor times both
// neighbours' medians (the GOMAXPROCS before and after it in the series). Issue 23 calls these
// artefacts unless a real Go mechanism explains them: the noise-free model's go1.9 at
// GOMAXPROCS=11 (docs/cost-model.md, "Noise") was one, a lock-model artefact since fixed.
// `sweep` notes every spike under its table; tests/unit/test_spikes.cpp checks a reduced grid
// has none.
#pragma once
#include <string>
#include <vector>

#include "metrics/run_metrics.h"

namespace gotimers::metrics {

inline constexpr double kSpikeFactor = 2;

struct Spike {
  std::string scenario, era;
  int procs = 0;
  double median = 0, before = 0, after = 0;  // the point's and its neighbours' medians
};

// The spikes of `metric` in every scenario x era series of runs, over procs in the order
// given (the first and last GOMAXPROCS have one neighbour and are never spikes), in scenario,
// era, procs order. Points without a value in some neighbour are skipped.
std::vector<Spike> findSpikes(const std::vector<RunMetrics>& runs,
                              const std::vector<std::string>& scenarios,
                              const std::vector<std::string>& eras, const std::vector<int>& procs,
                              const std::string& metric);

// "note: ..." lines for sweep's output, one per spike, or "" for none.
std::string spikeNotes(const std::vector<Spike>& spikes, const std::string& metric);

}  // namespace gotimers::metrics

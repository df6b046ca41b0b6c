#include "metrics/spikes.h"

#include <fmt/format.h>

#include "metrics/format.h"

namespace gotimers::metrics {

std::vector<Spike> findSpikes(const std::vector<RunMetrics>& runs,
                              const std::vector<std::string>& scenarios,
                              const std::vector<std::string>& eras, const std::vector<int>& procs,
                              const std::string& metric) {
  std::vector<Spike> out;
  int m = metricIndex(metric);
  if (m < 0 || procs.size() < 3) return out;
  for (const std::string& s : scenarios)
    for (const std::string& era : eras) {
      std::vector<PointValue> v;
      for (int p : procs)
        v.push_back(pointValue(runs, era, p, size_t(m), &s));
      for (size_t i = 1; i + 1 < v.size(); i++) {
        if (!v[i].median || !v[i - 1].median || !v[i + 1].median) continue;
        double x = *v[i].median, a = *v[i - 1].median, b = *v[i + 1].median;
        if (x > kSpikeFactor * a && x > kSpikeFactor * b)
          out.push_back({s, era, procs[i], x, a, b});
      }
    }
  return out;
}

std::string spikeNotes(const std::vector<Spike>& spikes, const std::string& metric) {
  std::string out;
  int m = metricIndex(metric);
  if (m < 0) return out;
  Unit u = metricDefs()[size_t(m)].unit;
  for (const Spike& s : spikes)
    out += fmt::format(
        "note: {} on {} at GOMAXPROCS={}: {} is more than {:g}x both neighbours' ({} and {}); "
        "a spike in one GOMAXPROCS is a sign of Ms in lock-step, see docs/cost-model.md "
        "\"Noise\" (--noise)\n",
        s.scenario, s.era, s.procs, formatValue(s.median, u), kSpikeFactor,
        formatValue(s.before, u), formatValue(s.after, u));
  return out;
}

}  // namespace gotimers::metrics

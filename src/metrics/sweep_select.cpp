#include "metrics/sweep_select.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <stdexcept>

namespace gotimers::metrics {

namespace {

// "scenarios/benchmarks/sleep.json" -> "sleep"
std::string lastPart(std::string s) {
  if (s.size() > 5 && s.compare(s.size() - 5, 5, ".json") == 0) s.resize(s.size() - 5);
  size_t slash = s.rfind('/');
  return slash == std::string::npos ? s : s.substr(slash + 1);
}

template <class T>
void addDistinct(std::vector<T>& v, const T& x) {
  if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
}

template <class T>
std::string listOf(const std::vector<T>& v) {
  return fmt::format("{}", fmt::join(v, ", "));
}

std::string findScenario(const std::vector<RunMetrics>& all, const std::string& arg) {
  std::vector<std::string> ids;
  for (const auto& r : all)
    addDistinct(ids, r.key.scenario);
  if (std::find(ids.begin(), ids.end(), arg) != ids.end()) return arg;
  std::vector<std::string> matches;
  for (const auto& id : ids)
    if (lastPart(id) == lastPart(arg)) matches.push_back(id);
  if (matches.size() == 1) return matches.front();
  if (matches.empty()) {
    throw std::runtime_error(
        ids.empty() ? std::string("holds no runs")
                    : fmt::format("has no runs of scenario '{}' (it has: {})", arg, listOf(ids)));
  }
  throw std::runtime_error(
      fmt::format("has several scenarios named '{}': {}; name one of them", arg, listOf(matches)));
}

}  // namespace

Selection selectFromSweep(const std::vector<RunMetrics>& all, const SweepSelectQuery& q) {
  Selection sel;
  sel.scenario = findScenario(all, q.scenario);
  std::vector<const RunMetrics*> mine;
  std::vector<uint64_t> seeds;
  for (const auto& r : all) {
    if (r.key.scenario != sel.scenario) continue;
    mine.push_back(&r);
    addDistinct(seeds, r.key.seed);
  }
  std::sort(seeds.begin(), seeds.end());
  if (q.seed) {
    if (std::find(seeds.begin(), seeds.end(), *q.seed) == seeds.end()) {
      throw std::runtime_error(fmt::format("has no runs of {} with seed {} (it has seeds {})",
                                           sel.scenario, *q.seed, listOf(seeds)));
    }
    sel.seed = *q.seed;
  } else if (seeds.size() > 1) {
    throw std::runtime_error(fmt::format("has runs of {} with seeds {}: pick one with --seed",
                                         sel.scenario, listOf(seeds)));
  } else {
    sel.seed = seeds.front();
  }
  std::erase_if(mine, [&](const RunMetrics* r) { return r->key.seed != sel.seed; });

  std::vector<std::string> fileEras;
  std::vector<int> fileProcs;
  for (const auto* r : mine) {
    addDistinct(fileEras, r->key.era);
    addDistinct(fileProcs, r->key.procs);
  }
  std::sort(fileProcs.begin(), fileProcs.end());
  sel.eras = q.eras.empty() ? fileEras : q.eras;
  sel.procs = q.procs.empty() ? fileProcs : q.procs;
  for (const auto& e : sel.eras) {
    if (std::find(fileEras.begin(), fileEras.end(), e) == fileEras.end()) {
      throw std::runtime_error(
          fmt::format("has no runs of {} on {} (it has: {})", sel.scenario, e, listOf(fileEras)));
    }
  }
  for (const auto& e : sel.eras) {
    for (int p : sel.procs) {
      const RunMetrics* found = nullptr;
      for (const auto* r : mine) {
        if (r->key.era != e || r->key.procs != p) continue;
        if (found) {
          throw std::runtime_error(fmt::format(
              "has two runs of {} on {} at GOMAXPROCS={}, seed {}: a results file holds one "
              "line per run",
              sel.scenario, e, p, sel.seed));
        }
        found = r;
      }
      if (!found) {
        std::vector<int> has;
        for (const auto* r : mine)
          if (r->key.era == e) has.push_back(r->key.procs);
        std::sort(has.begin(), has.end());
        throw std::runtime_error(fmt::format(
            "has no run of {} on {} at GOMAXPROCS={}, seed {} (it has GOMAXPROCS {} there)",
            sel.scenario, e, p, sel.seed, listOf(has)));
      }
      sel.runs.push_back(*found);
    }
  }
  return sel;
}

}  // namespace gotimers::metrics

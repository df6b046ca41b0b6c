// Spikes in a GOMAXPROCS series (metrics/spikes.h): the finder on made-up runs, `sweep`'s
// note on the noise-free model's known GOMAXPROCS=11 convoy, and no spike on a reduced grid of
// the benchmarks in the default view, with noise (issue 23's no-artefact check).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "harness.h"
#include "metrics/spikes.h"

using namespace gotimers;

namespace {

metrics::RunMetrics run(const std::string& era, int procs, uint64_t seed, double ns) {
  metrics::RunMetrics m;
  m.key = {"benchmarks/stop", era, procs, seed};
  m.exit = "ok";
  m.values.resize(metrics::metricDefs().size());
  m.values[size_t(metrics::metricIndex("ns_per_op"))] = ns;
  return m;
}

}  // namespace

TEST_CASE("spikes: a median over 2x both neighbours', and nothing else") {
  std::vector<metrics::RunMetrics> runs;
  // go1.9: 100, 100, 201 (seeds 1 and 3; seed 2 at 90), 100, 50: a spike at 11 (201 > 200).
  // go1.13: 100, 100, 200, 100, 500: 200 is not more than 2x 100; 500 is last, no spike.
  const int procs[] = {9, 10, 11, 12, 13};
  const double g9[] = {100, 100, 201, 100, 50}, g13[] = {100, 100, 200, 100, 500};
  for (int i = 0; i < 5; i++)
    for (uint64_t seed : {1, 2, 3}) {
      runs.push_back(run("go1.9", procs[i], seed, seed == 2 && procs[i] == 11 ? 90 : g9[i]));
      runs.push_back(run("go1.13", procs[i], seed, g13[i]));
    }
  auto spikes = metrics::findSpikes(runs, {"benchmarks/stop"}, {"go1.9", "go1.13"},
                                    {9, 10, 11, 12, 13}, "ns_per_op");
  REQUIRE(spikes.size() == 1);
  CHECK(spikes[0].era == "go1.9");
  CHECK(spikes[0].procs == 11);
  CHECK(spikes[0].median == 201);
  CHECK(spikes[0].before == 100);
  std::string notes = metrics::spikeNotes(spikes, "ns_per_op");
  CHECK(notes ==
        "note: benchmarks/stop on go1.9 at GOMAXPROCS=11: 201ns is more than 2x both "
        "neighbours' (100ns and 100ns); a spike in one GOMAXPROCS is a sign of Ms in "
        "lock-step, see docs/cost-model.md \"Noise\" (--noise)\n");
  // The order of the series is the sweep's: 11 between 13 and 9 has other neighbours.
  CHECK(
      metrics::findSpikes(runs, {"benchmarks/stop"}, {"go1.9"}, {13, 11, 12}, "ns_per_op").size() ==
      1);
  CHECK(metrics::findSpikes(runs, {"benchmarks/stop"}, {"go1.9"}, {10, 11}, "ns_per_op").empty());
  CHECK(metrics::findSpikes(runs, {"benchmarks/stop"}, {"go1.9"}, {9, 10, 11, 12}, "no_such")
            .empty());
}

TEST_CASE("sweep: no spike at GOMAXPROCS=11 on go1.9, with noise or without") {
  testing::TempDir o("spikes_test");
  // Noise-free, go1.9 used to convoy at 11 Ps (Stop 6.95 ms/op against 1.33 and 1.45 at 10 and
  // 12): a futex sleeper's wake-up was replayed against the holds committed before it slept,
  // so Ms that took the lock meanwhile were not seen. Since the woken M synchronizes again
  // (lock_futex.cpp) the noise-free curve is smooth too.
  const std::string grid =
      "sweep stop start-stop --eras go1.9 --procs 10..12 --seeds 1..3 --noise 0 --out ";
  REQUIRE(testing::runCli(grid + o.file("a.jsonl"), o.file("a.txt")) == 0);
  std::string a = testing::slurp(o.file("a.txt"));
  CHECK(testing::contains(a, "stop        go1.9"));
  CHECK_FALSE(testing::contains(a, "note:"));

  // The no-artefact check on a reduced grid of the default view (10% noise): the lock-bound
  // benchmarks on every era family, GOMAXPROCS around the machine's 4 threads and the known
  // convoy, 3 seeds.
  REQUIRE(testing::runCli("sweep stop start-stop reset simultaneous-after-func sleep --eras "
                          "go1.9,go1.13,go1.14,go1.23 --procs 1,2,4,8,10,11,12,13 --seeds "
                          "1..3 --out " +
                              o.file("b.jsonl"),
                          o.file("b.txt")) == 0);
  std::string b = testing::slurp(o.file("b.txt"));
  CHECK(testing::contains(b, "P=11"));
  CHECK_FALSE(testing::contains(b, "note:"));
}

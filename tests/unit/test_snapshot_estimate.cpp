// run --trace-heap-snapshots warns before writing gigabytes: the estimate a run without
// snapshots makes (metrics/snapshot_estimate.h) must be close to the bytes the snapshots
// really take in the trace.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "harness.h"
#include "metrics/grid.h"
#include "metrics/snapshot_estimate.h"
#include "scenario/scenario.h"
#include "trace/jsonl.h"
#include "trace/order.h"

using namespace gotimers;
namespace fs = std::filesystem;
using gotimers::testing::TempDir;

TEST_CASE("snapshot estimate: within 25% of the heap.snapshot bytes of the real trace") {
  auto s = scenario::loadScenario(
      (fs::path(GOTIMERS_SOURCE_DIR) / "scenarios/contention/stop-storm.json").string());
  s.params["N"] = 150;
  s.params["Garbage"] = 300;
  metrics::ScenarioInput in{"contention/stop-storm", s};
  TempDir tmp("snapshot_estimate");
  for (const char* era : {"go1.9", "go1.13", "go1.14", "go1.23"}) {
    scenario::RunOptions opts;
    opts.era = era;
    opts.procs = 4;
    metrics::SnapshotEstimate est;
    opts.sink = &est;
    std::string err;
    metrics::runInput(in, opts, &err);
    REQUIRE(est.snapshots() > 0);

    std::string path = tmp.file(std::string(era) + ".jsonl");
    trace::JsonlSink jsonl(path, nlohmann::json{{"schema", "gotimers-trace"}}, trace::kAllCats,
                           /*heapSnapshots=*/true);
    trace::OrderedSink ordered(&jsonl);
    opts.sink = &ordered;
    metrics::runInput(in, opts, &err);
    ordered.flush();
    REQUIRE(jsonl.finish(&err));
    std::ifstream f(path);
    uint64_t bytes = 0, lines = 0;
    for (std::string l; std::getline(f, l);)
      if (l.find("\"ev\":\"heap.snapshot\"") != std::string::npos) {
        bytes += l.size() + 1;
        lines++;
      }
    INFO(std::string(era) << ": estimate " << est.bytes() << " B for " << est.snapshots()
                          << " snapshots; the trace has " << bytes << " B in " << lines);
    CHECK(lines >= est.snapshots());
    CHECK(double(est.bytes()) >= 0.75 * double(bytes));
    CHECK(double(est.bytes()) <= 1.25 * double(bytes));
  }
}

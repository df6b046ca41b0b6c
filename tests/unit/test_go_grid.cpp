// Go programs in compare and sweep (metrics::ScenarioInput with ir): the program's arguments
// reach it, every run loads its own Program (runs on several threads give the same results
// file as one thread), and the figures are those of a direct run.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>

#include "harness.h"
#include "metrics/grid.h"
#include "metrics/sweep.h"
#include "program_testing.h"
#include "scenario/scenario.h"

using namespace gotimers;
using gotimers::testing::slurp;
using gotimers::testing::TempDir;

namespace {

// scenarios/contention/stop-storm.go, small: 4 goroutines x (100 garbage timers + 200
// NewTimer/Stop pairs), at the GOMAXPROCS of the run (-gomaxprocs 0 keeps it).
metrics::ScenarioInput stopStorm() {
  program::FrontendResult fe = program::runFrontend(
      GOTIMERS_GOFRONT, std::string(GOTIMERS_SOURCE_DIR) + "/scenarios/contention/stop-storm.go");
  REQUIRE_MESSAGE(fe.status == 0, fe.errors);
  metrics::ScenarioInput in;
  in.id = "stop-storm.go";
  in.scenario.name = "stop-storm";
  in.scenario.text = fe.ir;
  in.ir = fe.ir;
  in.vm.args = {"-N", "200", "-Garbage", "100", "-gomaxprocs", "0"};
  return in;
}

metrics::SweepConfig config(const std::string& out, int jobs) {
  metrics::SweepConfig c;
  c.scenarios = {stopStorm()};
  c.eras = {"go1.9", "go1.13", "go1.14"};
  c.procs = {1, 4};
  c.seeds = {1};
  c.out = out;
  c.jobs = jobs;
  return c;
}

}  // namespace

TEST_CASE("sweep of a Go program: its arguments reach it; same file on 1 and 2 threads") {
  TempDir tmp("go_grid_test");
  auto one = config(tmp.file("one.jsonl"), 1);
  auto r = metrics::runSweep(one);
  REQUIRE(r.results.size() == 6);
  for (const auto& m : r.results) {
    CAPTURE(m.key.era);
    CAPTURE(m.key.procs);
    CHECK(m.exit == "normal exit");
    CHECK(m.value("timers_started") == 4 * (100 + 200));
    CHECK(m.value("timers_stopped") == 4 * 200);
  }
  // results[i]: go1.9 P1, go1.9 P4, go1.13 P1, go1.13 P4, go1.14 P1, go1.14 P4
  CHECK(r.results[1].value("timer_locks_contended") > 0);   // one lock, four Ps
  CHECK(r.results[5].value("timer_locks_contended") == 0);  // a heap per P
  auto two = config(tmp.file("two.jsonl"), 2);
  metrics::runSweep(two);
  CHECK(slurp(two.out) == slurp(one.out));
}

TEST_CASE("runInput of a Go program: the run a direct runGoProgram makes") {
  metrics::ScenarioInput in = stopStorm();
  scenario::RunOptions opts;
  opts.era = "go1.13";
  opts.procs = 4;
  scenario::ScenarioResult viaGrid = metrics::runInput(in, opts);
  go::ProgramResult direct = runOn(program::loadProgram(in.ir), "go1.13", 4, 1, in.vm);
  CHECK(viaGrid.gomaxprocs == 4);
  CHECK(viaGrid.program.run.kind == rt::ExitKind::Normal);
  CHECK(viaGrid.program.run.endTime == direct.run.endTime);
  CHECK(viaGrid.program.output == direct.output);
}

// Every benchmark scenario's "goProgram" runs the same workload as its JSON form: the same
// timers started, stopped, reset and (but for a ticker, whose fires depend on how fast its
// receiver is) fired, on each era family, with the same parameters.
TEST_CASE("benchmark scenarios: the Go program a JSON scenario names does its timer work") {
  const std::string dir = std::string(GOTIMERS_SOURCE_DIR) + "/scenarios/benchmarks/";
  std::map<std::string, program::FrontendResult> lowered;
  int checked = 0;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    scenario::Scenario s = scenario::loadScenario(path.string());
    CAPTURE(s.name);
    if (s.name.ends_with("Latency")) continue;  // latency.go is Go's code, not the JSON's
    // its goProgram, or the .go file of the same name beside it (ticker-reset.go)
    std::string prog = s.goProgram.empty() ? path.stem().string() + ".go" : s.goProgram;
    REQUIRE(std::filesystem::is_regular_file(dir + prog.substr(0, prog.find(' '))));
    std::istringstream words(prog);
    std::string file, arg;
    words >> file;
    std::vector<std::string> args;
    while (words >> arg)
      args.push_back(arg);
    if (!lowered.count(file)) lowered[file] = program::runFrontend(GOTIMERS_GOFRONT, dir + file);
    REQUIRE_MESSAGE(lowered[file].status == 0, lowered[file].errors);
    metrics::ScenarioInput go;
    go.id = file;
    go.scenario.name = file;
    go.scenario.minGoMinor = program::loadProgram(lowered[file].ir).minGoMinor;
    go.ir = lowered[file].ir;
    args.insert(args.end(), {"-Garbage", "100", "-Batch", "50", "-Ops", "2"});
    go.vm.args = args;
    scenario::setParam(s, "Garbage=100");
    scenario::setParam(s, "Batch=50");
    scenario::setParam(s, "Ops=2");
    metrics::ScenarioInput json{path.string(), s};
    for (const char* era : {"go1.9", "go1.13", "go1.14", "go1.23"}) {
      CAPTURE(era);
      metrics::RunMetrics a = metrics::runPoint(json, {json.id, era, 4, 1}, {});
      metrics::RunMetrics b = metrics::runPoint(go, {go.id, era, 4, 1}, {});
      CHECK(a.exit == b.exit);
      if (a.exit == "skipped") continue;  // Ticker.Reset before Go 1.15: both skip
      for (const char* m : {"timers_started", "timers_stopped", "timers_reset"})
        CHECK_MESSAGE(a.value(m) == b.value(m), m);
      if (!s.name.starts_with("BenchmarkTicker"))
        CHECK(a.value("timers_fired") == b.value("timers_fired"));
    }
    checked++;
  }
  CHECK(checked == 9);
}

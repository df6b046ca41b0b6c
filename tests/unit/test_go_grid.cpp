// Go programs in compare and sweep (metrics::ScenarioInput with ir): the program's arguments
// reach it, every run loads its own Program (runs on several threads give the same results
// file as one thread), and the figures are those of a direct run.
#include <doctest/doctest.h>

#include "harness.h"
#include "metrics/grid.h"
#include "metrics/sweep.h"
#include "program_testing.h"

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

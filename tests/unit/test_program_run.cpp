// Go programs (tests/programs/*.go) through gofront and the VM on every era: each prints
// what real Go 1.19 printed for it (tests/programs/*.out, from `go run`).
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "eras/registry.h"
#include "heaplab/recorder.h"
#include "program/gofront.h"
#include "program/ir.h"
#include "program/run.h"
#include "program_testing.h"

using namespace gotimers;

namespace {

// Runs name.go on every era and compares its output with name.out. On go1.23's synchronous
// timer channels (go1.23 without an asynctimerchan option) a Stop after the timer expired
// returns true and nothing is left to drain: lines in `sync123` are not printed there (Go
// 1.23's documented change).
void checkAgainstGo(const std::string& name, int procs = 1, const std::string& sync123 = "") {
  program::Program p = load(name + ".go");
  std::string want = readFile(programPath(name + ".out"));
  REQUIRE(!want.empty());
  for (const auto& era : eras::allEras()) {
    CAPTURE(era.name);
    go::ProgramResult r = runOn(p, era.name, procs);
    CHECK_MESSAGE(r.run.kind == rt::ExitKind::Normal, r.run.report);
    CHECK(r.run.exitCode == 0);
    std::string w = want;
    bool syncChans = era.goMinor >= 23 && era.name.find("asynctimerchan=") == std::string::npos;
    if (syncChans && !sync123.empty()) {
      auto at = w.find(sync123);
      REQUIRE(at != std::string::npos);
      w.erase(at, sync123.size());
    }
    CHECK(r.output == w);
  }
}

}  // namespace

TEST_CASE("go program: integer wrap-around, floats, fmt verbs, slices, maps, strings") {
  checkAgainstGo("arith");
}

TEST_CASE("go program: closures capture by reference; defer, recover and runtime errors") {
  checkAgainstGo("closures");
}

TEST_CASE("go program: goroutines, WaitGroup, Mutex, channels, select, timers, tickers, Once") {
  // the drain idiom, Reset, AfterFunc, a Ticker with for range, time.Since of a Sleep
  checkAgainstGo("chans", 1, "drained\n");
}

TEST_CASE("go program: a zero Timer's Stop and Reset panic as Go's; a *Timer in a struct works") {
  // the Box of a *time.Timer holds the runtime timer itself (externs_time.cpp); the .out is
  // what Go 1.19 printed (Go 1.9 and 1.23rc1 print the same)
  checkAgainstGo("zerotimer");
}

TEST_CASE("go program: a busy loop on an atomic advances virtual time and lets others run") {
  checkAgainstGo("spin", 2);
}

TEST_CASE("go program: an unrecovered panic prints Go's message and exits 2") {
  program::Program p = load("panic.go");
  for (const auto& era : eras::allEras()) {
    CAPTURE(era.name);
    go::ProgramResult r = runOn(p, era.name);
    CHECK(r.run.kind == rt::ExitKind::Panic);
    CHECK(r.run.exitCode == 2);
    CHECK(r.output == "before\n");
    CHECK(r.run.report == "panic: assignment to entry in nil map\n\ngoroutine 1 [running]:\n");
  }
}

TEST_CASE("go program: a deadlock is Go's fatal error") {
  program::Program p = load("deadlock.go");
  for (const auto& era : eras::allEras()) {
    CAPTURE(era.name);
    go::ProgramResult r = runOn(p, era.name);
    CHECK(r.run.kind == rt::ExitKind::Deadlock);
    CHECK(r.run.exitCode == 2);
    CHECK(r.output == "waiting\n");
    CHECK(r.run.report.find("fatal error: all goroutines are asleep - deadlock!") == 0);
  }
}

TEST_CASE("go program: an extern the VM lacks is a load error with its position") {
  // gofront allows only externs the VM provides; one the VM lacked (a table out of step) is
  // refused at load, at its first use: the start of the called expression, time.Unix in
  // fmt.Println(time.Unix(1, 0)). The IR is renamed to an extern no VM has.
  program::FrontendResult fe =
      program::runFrontend(GOTIMERS_GOFRONT, programPath("unsupported.go"));
  REQUIRE(fe.status == 0);
  std::string ir = fe.ir;
  auto at = ir.find("\"name\":\"time.Unix\"");
  REQUIRE(at != std::string::npos);
  ir.replace(at, 18, "\"name\":\"time.Nope\"");
  try {
    (void)program::loadProgram(ir);
    FAIL("loaded");
  } catch (const program::LoadError& e) {
    CHECK(std::string(e.what()) == programPath("unsupported.go") +
                                       ":9:14: unsupported: call to time.Nope (not yet in the VM)");
  }
}

TEST_CASE("go program: a malformed IR is a load error, not a crash") {
  CHECK_THROWS_AS((void)program::loadProgram("{}"), program::LoadError);
  CHECK_THROWS_AS((void)program::loadProgram("not json"), program::LoadError);
  program::FrontendResult fe = program::runFrontend(GOTIMERS_GOFRONT, programPath("deadlock.go"));
  REQUIRE(fe.status == 0);
  std::string ir = fe.ir;
  auto at = ir.find("\"x\":");
  REQUIRE(at != std::string::npos);
  ir.insert(at + 4, "9999");  // a register out of range
  CHECK_THROWS_AS((void)program::loadProgram(ir), program::LoadError);
}

TEST_CASE("go program: gofront's exit 2 for an invalid program") {
  program::FrontendResult fe =
      program::runFrontend(GOTIMERS_GOFRONT, programPath("does-not-exist.go"));
  CHECK(fe.status == 2);
  CHECK(!fe.errors.empty());
}

TEST_CASE("go program: the same program and seed run twice give the same output and events") {
  program::Program p = load("chans.go");
  for (const char* era : {"go1.9", "go1.14", "go1.23"}) {
    CAPTURE(era);
    go::ProgramOptions po;
    po.era = era;
    po.config.gomaxprocs = 2;
    po.config.seed = 7;
    po.fingerprint = true;
    go::ProgramResult a = program::runGoProgram(p, po);
    go::ProgramResult b = program::runGoProgram(p, po);
    CHECK(a.output == b.output);
    CHECK(a.fingerprint == b.fingerprint);
    CHECK(a.run.endTime == b.run.endTime);
  }
}

TEST_CASE("go program: os.Exit sets the exit status") {
  program::Program p = load("exit.go");
  go::ProgramResult r = runOn(p, "go1.14");
  CHECK(r.run.kind == rt::ExitKind::Normal);
  CHECK(r.run.exitCode == 3);
  CHECK(r.output == "bye\n");
}

TEST_CASE("go program: reading the clock costs what it costs in Go (time_now, nanotime)") {
  // tests/programs/clock.go: real Go 1.19 made 34-37 iterations of `for time.Since(start) <
  // d {}` per µs on this project's machine, 10 with a wall-clock Since inside, 46-49 ns per Now
  program::Program p = load("clock.go");
  auto figure = [](const std::string& out, const std::string& label) {
    auto at = out.find(label);
    REQUIRE_MESSAGE(at != std::string::npos, out);
    return std::stoll(out.substr(at + label.size()));
  };
  std::map<std::string, int64_t> loop;
  for (const auto& era : eras::allEras()) {
    CAPTURE(era.name);
    go::ProgramResult r = runOn(p, era.name);
    REQUIRE_MESSAGE(r.run.kind == rt::ExitKind::Normal, r.run.report);
    int64_t since = figure(r.output, "since-loop iterations per µs: ");
    int64_t wall = figure(r.output, "with a wall-clock Since per iteration: ");
    int64_t now = figure(r.output, "ns per Now: ");
    loop[era.name] = since;
    CHECK(now >= 45);  // the charge, plus the loop's own instructions
    CHECK(now <= 60);
    CHECK(wall < since);
    if (era.goMinor >= 13) {
      CHECK(since >= 25);  // a monotonic reading alone (nanotime)
      CHECK(since <= 40);
    } else {
      CHECK(since < 25);  // go1.9: Since is Now().Sub(t)
    }
  }
  CHECK(loop["go1.9"] < loop["go1.14"]);
}

TEST_CASE("go program: the loader fuses a compare with its If and an edge copy with its Jump") {
  // One dispatch runs both halves (vm_simple.cpp); each still counts as an instruction, so
  // virtual time is what it was: a 1000-iteration loop of i++ costs the same either way.
  program::Program p = load("clock.go");
  int fusedIf = 0, fusedJump = 0;
  for (const program::Func& f : p.funcs) {
    for (size_t k = 0; k < f.code.size(); k++) {
      if (f.code[k].op == program::Op::BinI64If) {
        fusedIf++;
        REQUIRE(k + 1 < f.code.size());
        CHECK(f.code[k + 1].op == program::Op::If);
        CHECK(f.code[k + 1].x == f.code[k].dst);
      } else if (f.code[k].op == program::Op::MoveJump) {
        fusedJump++;
        REQUIRE(k + 1 < f.code.size());
        CHECK(f.code[k + 1].op == program::Op::Jump);
      }
    }
  }
  CHECK(fusedIf >= 1);    // i < 1000
  CHECK(fusedJump >= 3);  // the loops' back edges
}

TEST_CASE("go program: a timer is named by what the source assigns it to (traces, animations)") {
  std::string path = (std::filesystem::temp_directory_path() /
                      fmt::format("gotimers_names_{}.go", static_cast<long>(getpid())))
                         .string();
  std::ofstream(path) << R"(package main

import "time"

func main() {
	slow := time.NewTimer(50 * time.Millisecond)
	fast := time.NewTimer(10 * time.Millisecond)
	tk := time.NewTicker(20 * time.Millisecond)
	<-fast.C
	slow.Stop()
	tk.Stop()
	for i := 0; i < 2; i++ {
		t := time.AfterFunc(time.Hour, func() {})
		t.Stop()
	}
}
)";
  program::FrontendResult fe = program::runFrontend(GOTIMERS_GOFRONT, path);
  std::filesystem::remove(path);
  REQUIRE(fe.status == 0);
  program::Program p = program::loadProgram(fe.ir);
  for (std::string era : {"go1.9", "go1.13", "go1.14", "go1.23"}) {
    CAPTURE(era);
    heaplab::RecorderOptions ro;
    ro.autoOps = true;
    heaplab::Recorder rec(ro);
    go::ProgramOptions po;
    po.era = era;
    po.sink = &rec;
    go::ProgramResult r = program::runGoProgram(p, po);
    REQUIRE(r.run.kind == rt::ExitKind::Normal);
    std::vector<std::string> starts;
    for (const heaplab::OpInfo& o : rec.ops()) {
      if (o.text.find(" starts ") != std::string::npos)
        starts.push_back(o.text.substr(o.text.find(" starts ") + 8));
    }
    // every start names its timer by its variable; the loop's second t is told apart by its
    // id. (go1.23: a channel timer nobody waits on is in no heap, so its start has no frame
    // and no operation.)
    std::string names;
    for (const std::string& st : starts)
      names += st.substr(0, st.find(" (when")) + " ";
    CAPTURE(names);
    CHECK(std::regex_match(names, std::regex(era == "go1.23" ? "(slow |fast |tk )*t t#[0-9]+ "
                                                             : "slow fast tk t t#[0-9]+ ")));
  }
  // a name that is not a string is a load error
  std::string ir = fe.ir;
  auto at = ir.find("\"as\":\"slow\"");
  REQUIRE(at != std::string::npos);
  ir.replace(at, 11, "\"as\":7");
  CHECK_THROWS_AS((void)program::loadProgram(ir), program::LoadError);
}

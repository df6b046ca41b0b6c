// The VM's second increment against real Go 1.19 (outputs in tests/programs/, from `go run`
// and `go test` in GOPATH mode): package flag over the arguments after `--`, context
// timeouts and cancellation on every era's timers, sort.Slice calling back into the
// program, strings/strconv/math/errors.As/sync, and `go test` (a failing test's report and
// exit status 1, benchmark lines).
#include <doctest/doctest.h>

#include <regex>
#include <sstream>

#include "eras/registry.h"
#include "program_testing.h"

using namespace gotimers;

namespace {

std::string usageOf(const std::string& errText) {
  auto at = errText.find("Usage of ");
  return at == std::string::npos ? "" : errText.substr(at);
}

}  // namespace

TEST_CASE("go program: flags after -- set flag.Int, String, Duration, Bool and the *Var forms") {
  program::Program p = load("flags.go");
  program::VMOptions vo;
  vo.progName = "flags";
  vo.args = {"-n",           "2",      "-name=ann", "-v",   "-d", "1.5ms", "-u", "7",
             "--ratio=0.25", "-level", "3",         "rest", "-x"};
  std::string want = readFile(programPath("flags.out"));
  for (const auto& era : eras::allEras()) {
    CAPTURE(era.name);
    std::string err;
    go::ProgramResult r = runOn(p, era.name, 1, 1, vo, &err);
    CHECK(r.run.kind == rt::ExitKind::Normal);
    CHECK(r.run.exitCode == 0);
    CHECK(r.output == want);
    CHECK(err.empty());
  }
}

TEST_CASE("go program: a bad flag prints Go's message and usage on stderr and exits 2") {
  program::Program p = load("flags.go");
  const std::string usage = usageOf(readFile(programPath("flags-bad.err")));
  REQUIRE(!usage.empty());
  struct Case {
    std::vector<std::string> args;
    std::string first;  // the line before the usage ("" for -h)
    int exit;
  };
  const Case cases[] = {
      {{"-v=maybe"}, "invalid boolean value \"maybe\" for -v: parse error\n", 2},
      {{"-n"}, "flag needs an argument: -n\n", 2},
      {{"-d", "5"}, "invalid value \"5\" for flag -d: parse error\n", 2},
      {{"-x"}, "flag provided but not defined: -x\n", 2},
      {{"---x"}, "bad flag syntax: ---x\n", 2},
      {{"-n", "99999999999999999999"},
       "invalid value \"99999999999999999999\" for flag -n: value out of range\n",
       2},
      {{"-help"}, "", 0},
      {{"-h"}, "", 0},
  };
  for (const auto& c : cases) {
    CAPTURE(c.first);
    program::VMOptions vo;
    vo.progName = "flags";
    vo.args = c.args;
    std::string err;
    go::ProgramResult r = runOn(p, "go1.14", 1, 1, vo, &err);
    CHECK(r.run.kind == rt::ExitKind::Normal);
    CHECK(r.run.exitCode == c.exit);
    CHECK(r.output.empty());
    CHECK(err == c.first + usage);
  }
}

TEST_CASE("go program: strings, strconv, sort callbacks, math, errors.As, sync, context") {
  // context.WithTimeout arms the era's timer (time.AfterFunc) and its deadline cancels a
  // child through a value context; sort.Slice and sort.Search call closures back
  program::Program p = load("lib.go");
  std::string want = readFile(programPath("lib.out"));
  REQUIRE(!want.empty());
  for (const auto& era : eras::allEras()) {
    CAPTURE(era.name);
    std::string err;
    go::ProgramResult r = runOn(p, era.name, 2, 1, {}, &err);
    CHECK_MESSAGE(r.run.kind == rt::ExitKind::Normal, r.run.report);
    CHECK(r.output == want);
    CHECK(err == "to stderr\n");
  }
}

TEST_CASE("go test: a failing test prints go test's report and FAIL, exit status 1") {
  program::Program p = load("gotest");
  REQUIRE(p.main < 0);
  REQUIRE(p.tests.size() == 4);
  program::VMOptions vo;
  vo.test.enabled = true;
  std::string want = readFile(programPath("gotest/fail_test.out"));
  for (const auto& era : eras::allEras()) {
    CAPTURE(era.name);
    go::ProgramResult r = runOn(p, era.name, 1, 1, vo);
    CHECK(r.run.kind == rt::ExitKind::Normal);
    CHECK(r.run.exitCode == 1);
    CHECK(r.output == want);
  }
  vo.test.run = "Passes|Timer|Skips";  // the passing ones alone: PASS, exit 0
  go::ProgramResult r = runOn(p, "go1.9", 1, 1, vo);
  CHECK(r.run.exitCode == 0);
  CHECK(r.output == "PASS\n");
}

TEST_CASE("go test: --bench prints Go's benchmark lines with stable, positive virtual ns/op") {
  program::Program p = load("gotest/fail_test.go");
  program::VMOptions vo;
  vo.test.enabled = true;
  vo.test.run = "";
  vo.test.bench = "Stop|Parallel";
  vo.test.benchtimeNs = 100'000'000;  // 100ms of virtual time per benchmark
  const std::regex line(
      R"(BenchmarkStop-4 {12}\t {0,7}\d+\t +(\d+(\.\d+)?) ns/op\n)"
      R"(BenchmarkParallelSleep-4   \t {0,7}\d+\t +(\d+(\.\d+)?) ns/op\t       0 B/op\t       0 allocs/op\n)");
  for (const char* era : {"go1.9", "go1.14", "go1.23"}) {
    CAPTURE(era);
    go::ProgramResult a = runOn(p, era, 4, 1, vo);
    go::ProgramResult b = runOn(p, era, 4, 1, vo);
    CHECK(a.run.exitCode == 0);
    CHECK(a.output == b.output);  // virtual time: the same numbers every run
    REQUIRE(a.output.starts_with("goos: linux\ngoarch: amd64\n"));
    REQUIRE(a.output.ends_with("PASS\n"));
    std::string body = a.output.substr(26, a.output.size() - 26 - 5);
    std::smatch m;
    REQUIRE_MESSAGE(std::regex_match(body, m, line), a.output);
    CHECK(std::stod(m[1].str()) > 0);
    CHECK(std::stod(m[3].str()) >= 1000);  // a 1µs Sleep per iteration, 4 goroutines
  }
  vo.test.benchtimeN = 1000;  // --benchtime 1000x
  go::ProgramResult r = runOn(p, "go1.14", 4, 1, vo);
  CHECK(r.output.find("BenchmarkStop-4            \t    1000\t") != std::string::npos);
}

// The expected lines are what real Go 1.19's `go test -run '^$' -bench PATTERN -benchtime 1x`
// (and `go test -run PATTERN`) printed for tests/programs/subtests at GOMAXPROCS 2.
TEST_CASE("go test: -bench and -run patterns select sub-benchmarks and subtests level by level") {
  program::Program p = load("subtests");
  auto names = [&p](const std::string& run, const std::string& bench) {
    program::VMOptions vo;
    vo.test.enabled = true;
    vo.test.run = run;
    vo.test.bench = bench;
    vo.test.benchtimeN = 1;
    go::ProgramResult r = runOn(p, "go1.14", 2, 1, vo);
    std::string out;
    std::istringstream in(r.output);
    for (std::string line; std::getline(in, line);) {
      if (line.starts_with("Benchmark")) out += line.substr(0, line.find_first_of(" \t")) + " ";
      if (line.find("--- FAIL: TestT/") != std::string::npos)
        out += line.substr(line.find("TestT/"),
                           line.find(' ', line.find("TestT/")) - line.find("TestT/")) +
               " ";
    }
    return out;
  };
  CHECK(names("", "Top/n=1$") == "BenchmarkTop/n=1/a-2 BenchmarkTop/n=1/b-2 ");
  CHECK(names("", "Top/n=1[0-9]*/b") == "BenchmarkTop/n=1/b-2 BenchmarkTop/n=10/b-2 ");
  CHECK(names("", "Other|Top/n=2/a") == "BenchmarkTop/n=2/a-2 BenchmarkOther-2 ");
  CHECK(names("", "Top/n=2/") == "BenchmarkTop/n=2/a-2 BenchmarkTop/n=2/b-2 ");
  CHECK(names("", "Top") ==
        "BenchmarkTop/n=1/a-2 BenchmarkTop/n=1/b-2 BenchmarkTop/n=2/a-2 BenchmarkTop/n=2/b-2 "
        "BenchmarkTop/n=10/a-2 BenchmarkTop/n=10/b-2 ");
  CHECK(names("T/x", "") == "TestT/x_one ");
  CHECK(names("T/y", "") == "TestT/y ");
  CHECK(names("T/x_one|T/y", "") == "TestT/x_one TestT/y ");
}

TEST_CASE("go test: math/rand.New over rand.NewSource and time.Unix, as on real Go 1.19") {
  // randtime_test.go checks what Go documents (a source seeded s draws what rand.Seed(s)
  // draws, Perm/Intn/Float64 ranges, Source64, Unix's normalization); real Go 1.19 passes it
  program::Program p = load("randtime");
  REQUIRE(p.tests.size() == 4);
  program::VMOptions vo;
  vo.test.enabled = true;
  for (const char* era : {"go1.9", "go1.14", "go1.23"}) {
    CAPTURE(era);
    go::ProgramResult r = runOn(p, era, 2, 1, vo);
    CHECK_MESSAGE(r.run.kind == rt::ExitKind::Normal, r.run.report);
    CHECK(r.output == "PASS\n");
  }
  // a Source the program implements: the VM's Rand draws from rand.NewSource's only
  go::ProgramResult r = runOn(load("randsource.go"), "go1.14");
  CHECK(r.run.kind == rt::ExitKind::Throw);
  CHECK(r.run.report.find("randsource.go:16:7: gotimers: rand.New of a *main.counter is not "
                          "supported (of rand.NewSource's sources it is)") != std::string::npos);
}

TEST_CASE("go test: Go 1.16's sleep_test.go and tick_test.go, unchanged, pass on every era") {
  // scenarios/benchmarks/go1.16: sleep_test.go's 15 tests and tick_test.go's 5
  // (docs/go-ir.md section 10 lists the two helpers supplied beside them); GOMAXPROCS 1 and
  // 4. tick_test.go's TestTicker calls Ticker.Reset, which exists from Go 1.15 on: it runs
  // where Go 1.16 applies (test_go_timer_tests.cpp), the others here on every era.
  program::Program p = load("../../scenarios/benchmarks/go1.16");
  REQUIRE(p.tests.size() == 20);
  program::VMOptions vo;
  vo.test.enabled = true;
  vo.test.run = "^(?!TestTicker$)";
  for (const auto& era : eras::allEras()) {
    for (int procs : {1, 4}) {
      CAPTURE(era.name);
      CAPTURE(procs);
      go::ProgramResult r = runOn(p, era.name, procs, 1, vo);
      CHECK(r.run.exitCode == 0);
      CHECK(r.output == "PASS\n");
    }
  }
  // BenchmarkParallelTimerLatency as Go 1.16 wrote it (one iteration: --benchtime 1x)
  vo.test.run = "";
  vo.test.bench = "ParallelTimerLatency";
  vo.test.benchtimeN = 1;
  go::ProgramResult r = runOn(p, "go1.14@go1.16", 4, 1, vo);
  CHECK(std::regex_match(
      r.output, std::regex("goos: linux\ngoarch: amd64\nBenchmarkParallelTimerLatency-4   \t"
                           "       1\t +[1-9]\\d* avg-late-ns\t +[1-9]\\d* max-late-ns\nPASS\n")));
}

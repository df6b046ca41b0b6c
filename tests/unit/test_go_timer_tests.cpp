// Go's own timer tests (issue 20): scenarios/benchmarks/go1.X holds src/time/sleep_test.go and
// tick_test.go of Go 1.9, 1.13, 1.16 and 1.19 as written, with the helpers package time
// exports only to itself supplied beside them (docs/go-ir.md section 10 lists them and the
// one changed line). Each directory's tests pass on the eras of its Go version at GOMAXPROCS 1
// and 4, and its benchmarks print go test's lines (docs/go-programs.md).
#include <doctest/doctest.h>

#include <algorithm>
#include <regex>
#include <sstream>

#include "program_testing.h"

using namespace gotimers;

namespace {

program::Program loadDir(const std::string& version) {
  return load("../../scenarios/benchmarks/" + version);
}

std::vector<std::string> names(const std::vector<program::Program::TestFunc>& fs) {
  std::vector<std::string> out;
  for (const auto& f : fs)
    out.push_back(f.name);
  return out;
}

// The directory's tests (those `run` selects), at GOMAXPROCS 1 and 4: go test's PASS and
// nothing else.
void checkTestsPass(const program::Program& p, const std::string& era, const std::string& run = ".",
                    std::initializer_list<int> procsList = {1, 4}) {
  program::VMOptions vo;
  vo.test.enabled = true;
  vo.test.run = run;
  for (int procs : procsList) {
    CAPTURE(era);
    CAPTURE(procs);
    go::ProgramResult r = runOn(p, era, procs, 1, vo);
    CHECK_MESSAGE(r.run.kind == rt::ExitKind::Normal, r.run.report);
    CHECK(r.run.exitCode == 0);
    CHECK(r.output == "PASS\n");
  }
}

// The benchmarks (BenchmarkStaggeredTickerLatency aside: its eleven sub-benchmarks take
// seconds of wall time even at --benchtime 1x) with --benchtime Nx: one line each, in
// source order, as go test prints it (-P at GOMAXPROCS P > 1, exactly N iterations, a
// positive ns/op or, for BenchmarkParallelTimerLatency, its two lateness metrics). At
// GOMAXPROCS 1 the two latency benchmarks skip themselves and print nothing, as in Go.
// Go 1.13+'s harness makes 32768 garbage timers per P for every run of a benchmark (Go
// 1.9's 131072 in all), which is most of the cost: the ctest keeps GOMAXPROCS and N small.
void checkBenchmarks(const program::Program& p, const std::string& era, int procs, int64_t n) {
  CAPTURE(era);
  CAPTURE(procs);
  program::VMOptions vo;
  vo.test.enabled = true;
  vo.test.run = "";
  vo.test.bench = "^(?!BenchmarkStaggeredTickerLatency$)";
  vo.test.benchtimeN = n;
  go::ProgramResult r = runOn(p, era, procs, 1, vo);
  CHECK_MESSAGE(r.run.kind == rt::ExitKind::Normal, r.run.report);
  CHECK(r.run.exitCode == 0);
  REQUIRE_MESSAGE(r.output.starts_with("goos: linux\ngoarch: amd64\n"), r.output);
  REQUIRE_MESSAGE(r.output.ends_with("\nPASS\n"), r.output);
  std::vector<std::string> want;
  for (const auto& b : p.benchmarks) {
    if (b.name == "BenchmarkStaggeredTickerLatency") continue;
    if (procs == 1 && b.name == "BenchmarkParallelTimerLatency") continue;
    want.push_back(b.name);
  }
  const std::string suffix = procs == 1 ? "" : "-" + std::to_string(procs);
  const std::regex nsop(R"((Benchmark\w+)(-\d+)? +\t +(\d+)\t +(\d+(\.\d+)?) ns/op)");
  const std::regex late(
      R"((Benchmark\w+)(-\d+)? +\t +(\d+)\t +(\d+) avg-late-ns\t +(\d+) max-late-ns)");
  std::istringstream lines(r.output.substr(26, r.output.size() - 26 - 5));
  std::vector<std::string> got;
  for (std::string line; std::getline(lines, line);) {
    CAPTURE(line);
    std::smatch m;
    bool isLate = std::regex_match(line, m, late);
    REQUIRE((isLate || std::regex_match(line, m, nsop)));
    got.push_back(m[1].str());
    CHECK(m[2].str() == suffix);
    CHECK(m[3].str() == std::to_string(n));
    CHECK(std::stod(m[4].str()) > 0);
    CHECK(isLate == (m[1].str() == "BenchmarkParallelTimerLatency"));
    if (isLate) CHECK(std::stoll(m[5].str()) >= std::stoll(m[4].str()));  // max >= average
  }
  CHECK(got == want);
}

}  // namespace

TEST_CASE("Go's timer tests: Go 1.9's sleep_test.go and tick_test.go pass on go1.9") {
  program::Program p = loadDir("go1.9");
  REQUIRE(p.tests.size() == 19);
  REQUIRE(p.benchmarks.size() == 6);
  checkTestsPass(p, "go1.9");
  checkBenchmarks(p, "go1.9", 1, 1);
  checkBenchmarks(p, "go1.9", 4, 1);
}

TEST_CASE("Go's timer tests: Go 1.13's sleep_test.go and tick_test.go pass on go1.13") {
  program::Program p = loadDir("go1.13");
  REQUIRE(p.tests.size() == 20);
  REQUIRE(p.benchmarks.size() == 8);
  checkTestsPass(p, "go1.13");
  checkBenchmarks(p, "go1.13", 4, 1);
}

TEST_CASE(
    "Go's timer tests: Go 1.16's sleep_test.go and tick_test.go pass on go1.14@go1.16 and "
    "go1.14") {
  program::Program p = loadDir("go1.16");
  REQUIRE(p.tests.size() == 20);
  REQUIRE(p.benchmarks.size() == 12);
  for (const char* era : {"go1.14@go1.16", "go1.14"})
    checkTestsPass(p, era);
}

TEST_CASE("Go's timer tests: Go 1.16's benchmarks on go1.14@go1.16 and go1.14") {
  program::Program p = loadDir("go1.16");
  checkBenchmarks(p, "go1.14@go1.16", 2, 1);
  checkBenchmarks(p, "go1.14", 1, 1);
}

TEST_CASE("Go's timer tests: Go 1.19's sleep_test.go and tick_test.go pass on go1.14") {
  program::Program p = loadDir("go1.19");
  REQUIRE(p.tests.size() == 24);
  REQUIRE(p.benchmarks.size() == 12);
  const auto tests = names(p.tests);
  for (const char* t : {"TestZeroTimer", "TestTimerModifiedEarlier", "TestAdjustTimers"})
    CHECK(std::find(tests.begin(), tests.end(), t) != tests.end());  // Go 1.17-1.19's
  checkTestsPass(p, "go1.14", "^(?!TestZeroTimer$)");
  checkTestsPass(p, "go1.14", "^TestZeroTimer$", {1});  // a million NewTimer(0): once
}

TEST_CASE("Go's timer tests: Go 1.19's benchmarks on go1.14") {
  program::Program p = loadDir("go1.19");
  checkBenchmarks(p, "go1.14", 2, 1);
}

TEST_CASE(
    "Go's timer tests: Go 1.16's TestTicker calls Ticker.Reset, which eras before Go "
    "1.15 do not have") {
  // Go 1.16's tick_test.go does not compile with Go 1.14 (Ticker.Reset is Go 1.15's); the
  // simulator stops the run at the call, naming the era
  program::Program p = loadDir("go1.16");
  program::VMOptions vo;
  vo.test.enabled = true;
  vo.test.run = "^TestTicker$";
  for (const char* era : {"go1.9", "go1.13", "go1.14@go1.14"}) {
    CAPTURE(era);
    std::string err;
    go::ProgramResult r = runOn(p, era, 1, 1, vo, &err);
    CHECK(r.run.kind != rt::ExitKind::Normal);
    CHECK(r.run.report.find(std::string("Ticker.Reset does not exist in ") + era +
                            " (added in Go 1.15)") != std::string::npos);
  }
  go::ProgramResult r = runOn(p, "go1.14@go1.15", 1, 1, vo);
  CHECK(r.run.exitCode == 0);
  CHECK(r.output == "PASS\n");
}

TEST_CASE(
    "Go's timer tests: Go 1.19's TestTickerResetLtZeroDuration fails on go1.14@go1.15, "
    "where Ticker.Reset(0) does not panic") {
  // Go 1.18 made Ticker.Reset(d <= 0) panic (CL 361074); the go1.15 rules accept it, as Go
  // 1.15-1.17 did (docs/eras.md), so Go 1.19's test fails there as it would on Go 1.17
  program::Program p = loadDir("go1.19");
  program::VMOptions vo;
  vo.test.enabled = true;
  vo.test.run = "^TestTickerResetLtZeroDuration$";
  go::ProgramResult r = runOn(p, "go1.14@go1.15", 1, 1, vo);
  CHECK(r.run.kind == rt::ExitKind::Normal);
  CHECK(r.run.exitCode == 1);
  CHECK(r.output ==
        "--- FAIL: TestTickerResetLtZeroDuration (0.00s)\n"
        "    tick_test.go:141: Ticker.Reset(0) should have panicked\n"
        "FAIL\n");
  for (const char* era : {"go1.14@go1.16", "go1.23"}) {
    CAPTURE(era);
    r = runOn(p, era, 1, 1, vo);
    CHECK(r.run.exitCode == 0);
    CHECK(r.output == "PASS\n");
  }
}

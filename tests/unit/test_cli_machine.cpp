// Run settings from the command line: --ncpu N sets the cost model's cpu_threads on run,
// compare and sweep, over --cost-model's, sweep takes --cost-model too, and compare applies the
// run limits.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "harness.h"

namespace fs = std::filesystem;

namespace {

using gotimers::testing::TempDir;

int cli(const std::string& args) {
  return gotimers::testing::runCli(args);
}

// compare on a small start-stop, go1.13 at 1 and 8 Ps; returns the CSV.
std::string compareCsv(const TempDir& d, const std::string& extra) {
  std::string csv = d.file("out.csv");
  fs::remove(csv);
  int code = cli("compare start-stop --eras go1.13 --procs 1,8 --set Garbage=100 --set Batch=200 " +
                 extra + " --csv " + csv);
  REQUIRE(code == 0);
  return gotimers::testing::slurp(csv);
}

}  // namespace

TEST_CASE("--ncpu: the machine's hardware threads, as cpu_threads in a cost file; it wins") {
  TempDir d("cli_machine_test");
  std::string byDefault = compareCsv(d, "");
  std::string wide = compareCsv(d, "--ncpu 64");
  // 8 Ms on 64 threads do not share cores: the 8-P run differs from the 4-thread default
  CHECK(wide != byDefault);
  CHECK(wide == compareCsv(d, "--cost-model " + d.file("c64.json", R"({"cpu_threads": 64})")));
  CHECK(byDefault == compareCsv(d, "--ncpu 4"));
  // over a cost file's cpu_threads, keeping the file's other fields
  std::string mixed =
      compareCsv(d, "--ncpu 8 --cost-model " +
                        d.file("mix.json", R"({"cpu_threads": 64, "wake_latency": 2000})"));
  CHECK(mixed ==
        compareCsv(
            d, "--cost-model " + d.file("c8.json", R"({"cpu_threads": 8, "wake_latency": 2000})")));
  CHECK(mixed != compareCsv(d, "--ncpu 8"));
}

TEST_CASE("sweep --ncpu / --cost-model: part of the inputs a results file is resumed from") {
  TempDir d("cli_machine_test");
  std::string out = d.file("s.jsonl");
  std::string grid =
      "sweep start-stop --eras go1.13 --procs 1,8 --set Garbage=100 --set "
      "Batch=200 --out " +
      out;
  REQUIRE(cli(grid + " --ncpu 64") == 0);
  std::string wide = gotimers::testing::slurp(out);
  CHECK(cli(grid + " --ncpu 64") == 0);  // resumes: nothing to run, the file is unchanged
  CHECK(gotimers::testing::slurp(out) == wide);
  // another machine is another input: refused, the file left as it was
  CHECK(cli(grid) == 2);
  CHECK(cli(grid + " --cost-model " + d.file("c8.json", R"({"cpu_threads": 8})")) == 2);
  CHECK(gotimers::testing::slurp(out) == wide);
  CHECK(cli(grid + " --cost-model " + d.file("c64.json", R"({"cpu_threads": 64})")) == 0);
  CHECK(gotimers::testing::slurp(out) == wide);
}

TEST_CASE("compare: the run limits apply to every run it makes") {
  // start-stop at 4 Ps has 5 goroutines alive at once, at 1 P 2: only the 4-P run hits 2.
  TempDir d("cli_machine_test");
  std::string out = d.file("out.txt");
  CHECK(gotimers::testing::runCli(
            "compare start-stop --eras go1.9 --procs 1,4 --set Garbage=10 --goroutine-limit 2",
            out) == 3);
  CHECK(gotimers::testing::contains(
      gotimers::testing::slurp(out),
      "note: start-stop on go1.9 at GOMAXPROCS=4 ended with goroutine limit (exit status 3)"));
  CHECK(cli("compare start-stop --eras go1.9 --procs 1 --set Garbage=10 --goroutine-limit 2") == 0);
}

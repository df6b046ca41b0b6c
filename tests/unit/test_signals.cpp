// SIGINT and SIGTERM stop a run cleanly: the command exits 130 / 143 and leaves no partial
// output file (neither the trace nor its FILE.tmp). Runs the gotimers binary on a run long
// enough to be caught in the middle (it writes its trace as it goes).
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "harness.h"

namespace fs = std::filesystem;

namespace {

// Starts `gotimers run stop-storm ... OPTION trace` (--trace or --perfetto; its stderr into
// trace.err), waits until it has begun writing trace.tmp, sends sig, and returns the exit
// status (-1 if it did not exit normally).
int stopMidRun(int sig, const std::string& trace, const char* option = "--trace") {
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    if (!std::freopen((trace + ".err").c_str(), "w", stderr)) _exit(127);
    if (chdir(GOTIMERS_SOURCE_DIR) != 0) _exit(127);
    execl(GOTIMERS_CLI, GOTIMERS_CLI, "run", "stop-storm", "--era", "go1.9", "--procs", "8",
          "--set", "N=100000000", "--time-limit", "1000h", "--event-limit", "9000000000", option,
          trace.c_str(), "-q", static_cast<char*>(nullptr));
    _exit(127);
  }
  // Poll (bounded) for the partial trace: the run is then under way.
  auto started = [&] {  // trace.tmp exists and holds something
    std::error_code ec;
    auto n = fs::file_size(trace + ".tmp", ec);
    return !ec && n > 0;
  };
  for (int i = 0; i < 3000 && !started(); i++)
    usleep(10'000);
  CHECK(started());
  kill(pid, sig);
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("signals: SIGTERM and SIGINT stop a traced run with 143 / 130 and no partial file") {
  gotimers::testing::TempDir dir("signals");
  std::string term = dir.file("term.jsonl");
  CHECK(stopMidRun(SIGTERM, term) == 143);
  CHECK_FALSE(fs::exists(term));
  CHECK_FALSE(fs::exists(term + ".tmp"));
  // The message names the signal that stopped the run.
  std::string termErr = gotimers::testing::slurp(term + ".err");
  CHECK(termErr.find("gotimers: interrupted (SIGTERM) at virtual time ") != std::string::npos);

  std::string intr = dir.file("int.jsonl");
  CHECK(stopMidRun(SIGINT, intr) == 130);
  CHECK_FALSE(fs::exists(intr));
  CHECK_FALSE(fs::exists(intr + ".tmp"));
  std::string intrErr = gotimers::testing::slurp(intr + ".err");
  CHECK(intrErr.find("gotimers: interrupted (SIGINT) at virtual time ") != std::string::npos);
}

// The Perfetto export streams into FILE.tmp as the run goes; an interrupt removes it.
TEST_CASE("signals: SIGINT stops a --perfetto run with 130, no partial file, and says so") {
  gotimers::testing::TempDir dir("signals-perfetto");
  std::string p = dir.file("p.json");
  CHECK(stopMidRun(SIGINT, p, "--perfetto") == 130);
  CHECK_FALSE(fs::exists(p));
  CHECK_FALSE(fs::exists(p + ".tmp"));
  std::string err = gotimers::testing::slurp(p + ".err");
  CHECK(err.find(p + " was not written (partial .tmp files removed)") != std::string::npos);
}

// The run summary `gotimers run` prints (metrics/summary.h): an ending the scenario expects
// says so, and no lateness figures are printed when no timer fired.
#include <doctest/doctest.h>

#include <filesystem>
#include <regex>

#include "metrics/summary.h"
#include "scenario/interpreter.h"
#include "scenario/scenario.h"
#include "trace_helpers.h"

using namespace gotimers;
namespace fs = std::filesystem;

namespace {

scenario::ScenarioResult runShipped(const std::string& rel, const std::string& era) {
  auto s = scenario::loadScenario((fs::path(GOTIMERS_SOURCE_DIR) / "scenarios" / rel).string());
  scenario::RunOptions o;
  o.era = era;
  return scenario::runScenario(s, o);
}

std::string lineStarting(const std::string& text, const std::string& prefix) {
  size_t at = text.find("\n" + prefix);
  if (at == std::string::npos)
    return text.rfind(prefix, 0) == 0 ? text.substr(0, text.find('\n')) : "";
  return text.substr(at + 1, text.find('\n', at + 1) - at - 1);
}

}  // namespace

TEST_CASE("summary: a deadlock the scenario expects ends \"(expected)\" with status 0") {
  for (const char* era : {"go1.9", "go1.14", "go1.23"}) {
    auto res = runShipped("pitfalls/stop-does-not-close.json", era);
    CHECK(res.expectedEnding);
    CHECK(res.exitCode() == 0);
    std::string s = metrics::formatSummary(res.program, res.expectedEnding);
    CHECK(lineStarting(s, "ended: ").find("ended: deadlock at virtual time") == 0);
    CHECK(lineStarting(s, "ended: ").find("(expected)") != std::string::npos);
    // the timer was stopped: nothing fired, so no lateness figures
    // started 1, reset 0, fired 0, stopped 1, re-armed 0, pending 0
    CHECK(std::regex_search(s, std::regex(R"(\n  NewTimer/After +1 +0 +0 +1 +0 +0\n)")));
    CHECK(s.find("lateness") == std::string::npos);
  }
  // an ending nobody expected says nothing of the kind
  auto ok = runShipped("teaching/timer-basics.json", "go1.14");
  CHECK_FALSE(ok.expectedEnding);
  std::string s = metrics::formatSummary(ok.program, ok.expectedEnding);
  CHECK(s.find("(expected)") == std::string::npos);
  CHECK(lineStarting(s, "lateness: p50 ").find(" fires from a heap") != std::string::npos);
}

// The per-kind accounting adds up by construction (pending is what no fire, Stop or Reset
// ended); what makes it a check is the heaps: at exit every pending timer is in a heap, except
// go1.23's channel timers, which wait outside them until received.
TEST_CASE("summary: timers pending by package time's calls are the timers left in the heaps") {
  size_t checked = 0;
  for (const auto& path : testing::shippedScenarios()) {
    auto s = scenario::loadScenario(path);
    testing::shrink(s);
    for (const auto& era : testing::erasFor(s)) {
      scenario::RunOptions o;
      o.era = era;
      o.eventLimit = 50'000'000;
      auto res = scenario::runScenario(s, o);
      if (res.program.run.kind == rt::ExitKind::Panic) continue;  // stops mid-operation
      const auto& ops = res.program.metrics.timerOps;
      int64_t pending = 0;
      uint64_t fired = 0;
      for (size_t k = 0; k < rt::kTimerKinds; k++) {
        auto kind = static_cast<rt::TimerKind>(k);
        INFO(path << " on " << era << ": " << rt::timerKindName(kind));
        CHECK(ops[k].pending(kind) >= 0);
        CHECK(ops[k].stopped <= ops[k].stopCalls);
        pending += ops[k].pending(kind);
        fired += ops[k].fired;
      }
      INFO(path << " on " << era);
      CHECK(fired == res.program.metrics.timersFired);
      bool lazy = era == "go1.23" || era == "go1.23@asynctimerchan=2";
      if (lazy) {
        CHECK(pending >= static_cast<int64_t>(res.program.liveTimers));
      } else {
        CHECK(pending == static_cast<int64_t>(res.program.liveTimers));
      }
      checked++;
    }
  }
  CHECK(checked > 100);
}

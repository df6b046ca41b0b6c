// The run summary `gotimers run` prints (metrics/summary.h): an ending the scenario expects
// says so, and no lateness figures are printed when no timer fired.
#include <doctest/doctest.h>

#include <filesystem>

#include "metrics/summary.h"
#include "scenario/interpreter.h"
#include "scenario/scenario.h"

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
    std::string timers = lineStarting(s, "timers: ");
    CHECK(timers.find("0 fired,") != std::string::npos);
    CHECK(timers.find("lateness") == std::string::npos);
  }
  // an ending nobody expected says nothing of the kind
  auto ok = runShipped("teaching/timer-basics.json", "go1.14");
  CHECK_FALSE(ok.expectedEnding);
  std::string s = metrics::formatSummary(ok.program, ok.expectedEnding);
  CHECK(s.find("(expected)") == std::string::npos);
  CHECK(lineStarting(s, "timers: ").find("fired (lateness p50 ") != std::string::npos);
}

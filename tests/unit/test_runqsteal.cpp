// runqgrab's usleep(3) before stealing another P's runnext (proc.go): Go 1.9 sleeps
// whatever p2's status; from Go 1.10 on (CL 868c8b374d, "only sleep before stealing work
// from a running P") only if p2 is running, since a P that is not running cannot be about
// to run the G.
//
// The case: reset-earlier at GOMAXPROCS=2. The timerproc sends on t.C, which readies main
// into the runnext of the timerproc's P; the timerproc then sleeps and hands that P off
// (entersyscallblock), and the spinning M on the other P steals main from the handed-off,
// not running P. On go1.13 the steal is immediate; on go1.9 it comes after the usleep.
// Nothing else differs between the two eras on this path.
#include <doctest/doctest.h>

#include <regex>
#include <string>

#include "scenario/interpreter.h"
#include "scenario/scenario.h"
#include "sim/time.h"

using namespace gotimers;

namespace {

// The virtual time main printed ("fired at 100.06242ms; ..."), in ns.
int64_t firedAt(const std::string& era) {
  scenario::Scenario s = scenario::loadScenario(std::string(GOTIMERS_SOURCE_DIR) +
                                                "/scenarios/teaching/reset-earlier.json");
  scenario::RunOptions o;
  o.era = era;
  o.procs = 2;
  scenario::ScenarioResult r = scenario::runScenario(s, o);
  REQUIRE(r.failures.empty());
  std::smatch m;
  const std::string& out = r.program.output;
  REQUIRE(std::regex_search(out, m, std::regex(R"(fired at (\d+)\.(\d{1,6})ms)")));
  std::string frac = m[2].str();
  frac.resize(6, '0');
  return std::stoll(m[1].str()) * Millisecond + std::stoll(frac);
}

}  // namespace

TEST_CASE("runqgrab: go1.9 sleeps 3us before stealing a runnext even from a P not running") {
  int64_t go19 = firedAt("go1.9");
  int64_t go113 = firedAt("go1.13");
  CAPTURE(go19);
  CAPTURE(go113);
  CHECK(go19 - go113 == 3 * Microsecond);
}

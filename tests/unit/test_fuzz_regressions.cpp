// Every input a fuzz target once failed on (fuzz/regressions/<target>/*) replayed through the
// same target body (fuzz/targets.h) in the ordinary test suite, plus the crashes found before
// the fuzz targets existed.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "fuzz/targets.h"

namespace fs = std::filesystem;

namespace {
// Every file in fuzz/<sub> (e.g. "regressions/scenario_load") through body.
void replay(const std::string& sub, void (*body)(const uint8_t*, size_t)) {
  fs::path dir = fs::path(GOTIMERS_SOURCE_DIR) / "fuzz" / sub;
  if (!fs::exists(dir)) return;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (!e.is_regular_file() || e.path().filename() == "README") continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string data = ss.str();
    INFO(e.path().string());
    body(reinterpret_cast<const uint8_t*>(data.data()), data.size());  // must not crash
  }
}
}  // namespace

TEST_CASE("fuzz regressions: scenario_load") {
  replay("regressions/scenario_load", gotimers::fuzz::scenarioLoad);
}

TEST_CASE("fuzz regressions: scenario_run") {
  replay("regressions/scenario_run", gotimers::fuzz::scenarioRun);
}

TEST_CASE("fuzz regressions: heaplab_parse") {
  replay("regressions/heaplab_parse", gotimers::fuzz::heaplabParse);
}

TEST_CASE("fuzz seeds: heaplab_parse (the lab on every era, checked)") {
  // The seed corpus runs through the target body too: every seed must parse or fail cleanly
  // and run on every era without a check failure.
  replay("corpus/heaplab_parse", gotimers::fuzz::heaplabParse);
}

TEST_CASE("regression: go nested 20000 deep is refused, not a stack overflow") {
  // Found before the fuzzers: the loader's recursive descent overflowed the stack (SIGSEGV).
  const int n = 20000;
  std::string s = R"({"name": "deep", "main": [)";
  for (int i = 0; i < n; i++)
    s += R"({"op": "go", "body": [)";
  for (int i = 0; i < n; i++)
    s += "]}";
  s += "]}";
  std::string msg;
  try {
    gotimers::scenario::parseScenario("deep.json", s);
  } catch (const gotimers::scenario::ScenarioError& e) {
    msg = e.what();
  }
  CHECK(msg ==
        "deep.json:1:1413: nesting deeper than 128 levels of lists and objects (operations "
        "nested more than 64 deep, e.g. go inside go inside go ...)");
}

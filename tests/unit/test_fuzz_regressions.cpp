// Every input a fuzz target once failed on (fuzz/regressions/<target>/*) replayed through the
// same target body (fuzz/targets.h) in the ordinary test suite, plus the crashes found before
// the fuzz targets existed.
#include <doctest/doctest.h>
#include <fmt/format.h>

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

TEST_CASE("fuzz regressions: ir_load") {
  replay("regressions/ir_load", gotimers::fuzz::irLoad);
}

TEST_CASE(
    "fuzz regressions and seeds: the readers (cost model, reference, figure set, sweep results, "
    "traces)") {
  for (const char* dir : {"regressions", "corpus"}) {
    replay(std::string(dir) + "/cost_model", gotimers::fuzz::costModel);
    replay(std::string(dir) + "/reference", gotimers::fuzz::reference);
    replay(std::string(dir) + "/figure_set", gotimers::fuzz::figureSet);
    replay(std::string(dir) + "/sweep_results", gotimers::fuzz::sweepResults);
    replay(std::string(dir) + "/trace_read", gotimers::fuzz::traceRead);
  }
}

TEST_CASE("fuzz regressions and seeds: cli_parse (the command line, parsed only)") {
  replay("regressions/cli_parse", gotimers::fuzz::cliParse);
  replay("corpus/cli_parse", gotimers::fuzz::cliParse);
}

TEST_CASE("fuzz regressions: what the reader inputs once did, and their answer now") {
  auto read = [](const char* path) {
    std::ifstream in(fs::path(GOTIMERS_SOURCE_DIR) / "fuzz/regressions" / path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  // trace check read an "M" that is a float as int64_t (UBSan: 1.8e20 is outside the range of
  // long); a string there threw nlohmann's type_error out of the checker
  std::string t = read("trace_read/crash-float-M-in-lock-acquire");
  REQUIRE(!t.empty());
  std::istringstream in(t);
  gotimers::trace::CheckResult r = gotimers::trace::checkTrace(in, "t.jsonl");
  CHECK(!r.ok());
  // an M that is a string, and (the file's M is a 21-digit integer, which the line reader now
  // refuses before the checker sees it) the checker's own path for a float M, written as one
  for (const char* m : {"\"x\"", "1.8e20"}) {
    CAPTURE(m);
    std::istringstream bad(fmt::format(
        "{{\"schema\":\"gotimers-trace\"}}\n"
        "{{\"t\":1,\"ev\":\"lock.acquire\",\"M\":{},\"lock\":0,\"phase\":0,\"wait\":0}}\n",
        m));
    CHECK_NOTHROW(r = gotimers::trace::checkTrace(bad, "t.jsonl"));
    CHECK(!r.ok());
  }
  // toJson of a run read from a results file cast a metric of 1e44 to int64_t (UBSan). The
  // input writes it as a 43-digit integer, which the reader now refuses (an integer beyond
  // 64 bits, io/json_line.h); written as a float, it is read and must survive toJson.
  std::string sweep = read("sweep_results/crash-metric-1e44-to-json");
  REQUIRE(!sweep.empty());
  CHECK_THROWS_WITH_AS(gotimers::metrics::parseResults("s.jsonl", sweep),
                       doctest::Contains("in the sweep result line does not fit in 64 bits"),
                       gotimers::metrics::SweepError);
  const std::string key = "\"p_handoffs\":";
  size_t at = sweep.find(key);
  REQUIRE(at != std::string::npos);
  at += key.size();
  size_t end = sweep.find_first_not_of("0123456789", at);
  REQUIRE(end - at > 40);
  sweep.replace(at, end - at, "1e44");
  gotimers::metrics::ResultsFile rf = gotimers::metrics::parseResults("s.jsonl", sweep);
  REQUIRE(!rf.runs.empty());
  CHECK_NOTHROW((void)gotimers::metrics::toJson(rf.runs.front()).dump());
}

TEST_CASE("fuzz seeds: ir_load (gofront's IR of shipped programs loads and meets the invariants)") {
  // The seeds are whole programs: each must load (a stale seed, one the loader now refuses,
  // would only teach the fuzzer the refusal) and meet what the VM assumes of a loaded program.
  replay("corpus/ir_load", gotimers::fuzz::irLoad);
  size_t n = 0;
  for (const auto& e :
       fs::directory_iterator(fs::path(GOTIMERS_SOURCE_DIR) / "fuzz/corpus/ir_load")) {
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    INFO(e.path().string());
    gotimers::program::Program p;
    CHECK_NOTHROW(p = gotimers::program::loadProgram(ss.str()));
    CHECK(p.funcs.size() > 1);
    n++;
  }
  CHECK(n >= 10);
}

TEST_CASE("fuzz regressions: ir_load inputs are refused with the cause, or load whole") {
  // What each input once did to the loader (or would have done to the VM), and its answer now.
  const std::pair<const char*, const char*> cases[] = {
      // the VM writes R[dst]: R[-1]
      {"crash-alloc-without-dst", "malformed IR: alloc without dst in main.main"},
      // the loader read types[-1]
      {"crash-convert-to-slice-without-elem", "malformed IR: type []? without an element type"},
      // the loader read types[-1] for the zero value of a global [4]? (CI's fuzz pass)
      {"crash-array-without-elem", "malformed IR: type [4]interface {} without an element type"},
      // the loader allocated 64 GB for the zero value
      {"crash-huge-array-zero",
       "malformed IR: the zero value of [2000000000]int has more than 16777216 elements (too "
       "large to simulate)"},
      // the loader read regTypes[-3]; a constant operand is fine
      {"crash-lookup-of-a-constant", ""},
      // the loader allocated SIZE_MAX values
      {"crash-negative-array-global", "malformed IR: negative array length"},
      // the loader's zero value recursed until the stack overflowed
      {"crash-recursive-struct-zero", "malformed IR: type 16 (struct { a [1]T }) contains itself"},
      // the VM would have read the element type -1 of a channel
      {"recv-of-an-int", "malformed IR: recv: type int has no element type"},
  };
  for (const auto& [file, want] : cases) {
    INFO(file);
    std::ifstream in(fs::path(GOTIMERS_SOURCE_DIR) / "fuzz/regressions/ir_load" / file);
    std::stringstream ss;
    ss << in.rdbuf();
    REQUIRE(!ss.str().empty());
    std::string got;
    try {
      (void)gotimers::program::loadProgram(ss.str());
    } catch (const gotimers::program::LoadError& e) {
      got = e.what();
    }
    CHECK(got == want);
  }
}

TEST_CASE("fuzz: the IR invariants catch what the VM would index out of bounds") {
  std::ifstream in(fs::path(GOTIMERS_SOURCE_DIR) / "fuzz/corpus/ir_load/deadlock.ir.json");
  std::stringstream ss;
  ss << in.rdbuf();
  gotimers::program::Program p = gotimers::program::loadProgram(ss.str());
  CHECK_NOTHROW(gotimers::fuzz::IrInvariants(p).check());
  auto broken = [&](auto&& breakIt) {
    gotimers::program::Program q = p;
    breakIt(q);
    return gotimers::fuzz::IrInvariants(q).check();
  };
  using gotimers::program::Op;
  CHECK_THROWS_AS(broken([](auto& q) {
                    for (auto& in : q.funcs[0].code)
                      if (in.op == Op::Jump) in.aux = 1000;
                  }),
                  std::logic_error);
  CHECK_THROWS_AS(broken([](auto& q) { q.funcs[1].code[0].dst = -1; }), std::logic_error);
  CHECK_THROWS_AS(broken([](auto& q) { q.types[1].elem = 999; }), std::logic_error);
  CHECK_THROWS_AS(broken([](auto& q) { q.main = 99; }), std::logic_error);
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

#include "cli/go_test_args.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "cli/common.h"
#include "program/ir.h"
#include "sim/parse_duration.h"

namespace gotimers::cli {

namespace {

// --benchtime: a duration ("1s", "500ms") or an iteration count ("100x"), as testing reads it.
bool parseBenchtime(const std::string& s, program::TestOptions* t) {
  if (s.size() > 1 && s.back() == 'x') {
    char* end = nullptr;
    long long n = std::strtoll(s.c_str(), &end, 10);
    if (end != s.c_str() + s.size() - 1 || n <= 0) {
      return badInput(fmt::format("--benchtime {}: invalid count", s)) == 0;
    }
    t->benchtimeN = n;
    return true;
  }
  std::string err;
  auto d = sim::parseDuration(s, &err);
  if (!d || *d <= 0) {
    return badInput(
               fmt::format("--benchtime {}: {}", s, d ? "expected a positive duration" : err)) == 0;
  }
  t->benchtimeNs = *d;
  return true;
}

bool hasTestFiles(const program::Program& p) {
  return std::any_of(p.files.begin(), p.files.end(),
                     [](const std::string& f) { return f.ends_with("_test.go"); });
}

}  // namespace

void addGoTestOptions(CLI::App* c, GoTestArgs& a) {
  c->add_option(
      "--run", a.runRe,
      "Go tests: run the TestXxx functions matching REGEXP (ECMAScript), as go test -run");
  c->add_option("--bench", a.benchRe,
                "Go tests: run the BenchmarkXxx functions matching REGEXP, as go test -bench "
                "(ns/op in virtual time)");
  c->add_option("--benchtime", a.benchtime,
                "Go benchmarks: virtual time per benchmark (1s) or an iteration count (100x)")
      ->capture_default_str();
}

bool applyGoTestArgs(const GoTestArgs& a, const std::string& scenario, metrics::ScenarioInput* in) {
  program::TestOptions t;
  if (!parseBenchtime(a.benchtime, &t)) return false;
  t.benchtimeText = a.benchtime;
  program::Program prog = program::loadProgram(in->ir);
  // go test of a package without _test.go files prints "[no test files]" and runs nothing:
  // here that is a mistaken command line
  if (a.given() && !hasTestFiles(prog)) {
    return badInput(fmt::format(
               "{} runs tests and benchmarks, and {} has no _test.go files (go test prints "
               "\"[no test files]\"); run it without {}",
               a.runRe ? "--run" : "--bench", scenario, a.runRe ? "--run" : "--bench")) == 0;
  }
  t.enabled = a.given() || prog.main < 0;
  if (t.enabled) {
    t.run = a.runRe.value_or(a.benchRe ? "" : ".");
    t.bench = a.benchRe.value_or("");
  }
  in->vm.test = t;
  return true;
}

}  // namespace gotimers::cli

// --run, --bench and --benchtime: go test's selection for a Go program, shared by `run` and
// `compare`. A package with _test.go files runs its TestXxx and BenchmarkXxx functions as
// go test does (program::TestOptions); --run or --bench on a program without them, or on a
// JSON scenario, is a mistaken command line.
#pragma once
#include <optional>
#include <string>

#include "cli/cli.h"
#include "metrics/grid.h"

namespace gotimers::cli {

struct GoTestArgs {
  std::optional<std::string> runRe, benchRe;
  std::string benchtime = "1s";
  bool given() const { return runRe || benchRe; }
};

// Adds --run, --bench and --benchtime to c.
void addGoTestOptions(CLI::App* c, GoTestArgs& a);

// Sets in's test selection from a for the Go program named scenario: go test's selection
// with --run/--bench, and for a package without func main. Prints the message and returns
// false on bad input (exit status 2).
bool applyGoTestArgs(const GoTestArgs& a, const std::string& scenario, metrics::ScenarioInput* in);

}  // namespace gotimers::cli

// Finding scenarios: a path, or the name of a shipped one ("after-in-loop",
// "pitfalls/after-in-loop"), looked up under the scenarios directory ($GOTIMERS_SCENARIOS,
// else the source tree's scenarios/ compiled in).
#pragma once
#include <string>
#include <vector>

namespace gotimers::cli {

std::string scenariosDir();
// Every shipped scenario file, relative to scenariosDir(), sorted.
std::vector<std::string> shippedScenarios();
// The shipped Go programs, relative to scenariosDir(), sorted: each .go file, except that a
// directory holding _test.go files (Go's own tests) is one entry, the directory.
std::vector<std::string> shippedGoPrograms();
// Resolves arg to a file path; throws scenario::ScenarioError if nothing matches.
std::string resolveScenario(const std::string& arg);

}  // namespace gotimers::cli

// Finding scenarios: a path, or the name of a shipped one ("after-in-loop",
// "pitfalls/after-in-loop"), looked up under the scenarios directory (cli/install_paths.h:
// $GOTIMERS_SCENARIOS, else the installed ones, else the source tree's).
#pragma once
#include <string>
#include <vector>

#include "cli/install_paths.h"

namespace gotimers::cli {

// Every shipped scenario file, relative to scenariosDir(), sorted.
std::vector<std::string> shippedScenarios();
// The shipped Go programs, relative to scenariosDir(), sorted: each .go file, except that a
// directory holding _test.go files (Go's own tests) is one entry, the directory.
std::vector<std::string> shippedGoPrograms();
// Resolves arg to a file path; throws scenario::ScenarioError if nothing matches.
std::string resolveScenario(const std::string& arg);
// True for a regular file that is not named .json and opens, after blank space and
// comments, with a Go package clause: Go source that would be read as a JSON scenario
// because it is not named .go.
bool isUnnamedGoSource(const std::string& path);

}  // namespace gotimers::cli

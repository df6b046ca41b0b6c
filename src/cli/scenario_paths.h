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
// Resolves arg to a file path; throws scenario::ScenarioError if nothing matches.
std::string resolveScenario(const std::string& arg);

}  // namespace gotimers::cli

// Reading the JSON input files that accompany scenarios (cost models, calibration
// references): the whole text, and its parse with comments allowed, with errors that name
// the file, and line:column for a syntax error. Both throw ScenarioError.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace gotimers::scenario {

// The file's content; "PATH: cannot read the WHAT: why" if it cannot be read.
std::string readInputFile(const std::string& path, const std::string& what);
// The parsed text; "FILE:LINE:COL: syntax error in the WHAT: nlohmann's message" if it is
// not JSON (the position is that of the token the parser stopped on).
nlohmann::json parseJsonInput(const std::string& file, const std::string& text,
                              const std::string& what);

}  // namespace gotimers::scenario

// The scenario argument of a command (compare, sweep, animate): a JSON scenario with --set
// applied, or a Go program: the front end lowers the .go file or directory, the IR is loaded
// once, and --set NAME=V plus the arguments after `--` become the program's os.Args[1:]
// (flag -NAME=V first), as `gotimers run` does.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "cli/common.h"
#include "metrics/grid.h"

namespace gotimers::cli {

// The program's name as os.Args[0] and flag's usage print it: prog.go -> prog, a
// directory -> its last element.
std::string progName(std::string path);

// Loads the Go program a.scenario names. On bad input (a front-end diagnostic, an IR the
// loader rejects, a malformed --set) prints the message and returns nullopt with *status
// the command's exit status (2; 3 when the front end hit a limit).
std::optional<metrics::ScenarioInput> loadGoInput(const ScenarioArgs& a,
                                                  const std::vector<std::string>& progArgs,
                                                  int* status);

// Loads a.scenario, a Go program (program::isGoProgramPath) or a JSON scenario (progArgs
// and dashDash must then be empty: a JSON scenario takes --set). Prints the message and
// returns nullopt with *status on bad input.
std::optional<metrics::ScenarioInput> loadInput(const ScenarioArgs& a,
                                                const std::vector<std::string>& progArgs,
                                                bool dashDash, int* status);

}  // namespace gotimers::cli

// The gotimers command line as a seam: main() builds the app and parses argv through it, and
// the CLI fuzz target (fuzz/targets.h, cliParse) does the same with parseOnly(), so that it
// parses and validates options without running a command.
#pragma once
#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <ostream>

#include "cli/cli.h"

namespace gotimers::cli {

// The gotimers app with every subcommand registered, in the order --help lists them.
std::unique_ptr<CLI::App> makeApp(CliState& st);

// Makes parseCommandLine stop once the command line is parsed and validated (CLI11's types,
// ranges and rules), before any command's callback runs: nothing is run, read or written.
// For the CLI fuzz target. (The commands keep their callbacks, which own the options'
// storage.)
void parseOnly(CLI::App& app);

// What main() does with argv: splits off a Go program's arguments after the first `--` (run,
// compare) into st, then parses the rest with CLI11, which runs the chosen command's
// callback. Returns nullopt when the command line parsed (the command's status is st.exit);
// else the exit status after writing help or the version to out (0) or the parse error to err
// (2). An exception a command throws is not caught. After parseOnly(app): nullopt once parsed.
std::optional<int> parseCommandLine(CLI::App& app, CliState& st, int argc, char** argv,
                                    std::ostream& out, std::ostream& err);

}  // namespace gotimers::cli

// The gotimers subcommands. Each lives in its own cmd_*.cpp and is registered by main.cpp
// in the order `gotimers --help` lists them.
#pragma once
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace gotimers::cli {

// What a subcommand's callback reports back to main: the process exit status.
struct CliState {
  int exit = 0;
  // run, compare: the arguments after `--` (main.cpp splits them off before CLI11 parses the rest)
  std::vector<std::string> programArgs;
  bool dashDash = false;
};

// Prints "gotimers: MSG" on stderr and returns 2 (bad input).
int badInput(const std::string& msg);

void addRunCommand(CLI::App& app, CliState& st);
void addScenariosCommand(CLI::App& app, CliState& st);
void addErasCommand(CLI::App& app, CliState& st);
void addMetricsCommand(CLI::App& app, CliState& st);
void addTraceCommand(CLI::App& app, CliState& st);
void addHeapCommand(CLI::App& app, CliState& st);
void addAnimateCommand(CLI::App& app, CliState& st);
void addCompareCommand(CLI::App& app, CliState& st);
void addReportCommand(CLI::App& app, CliState& st);
void addSweepCommand(CLI::App& app, CliState& st);
void addCalibrateCommand(CLI::App& app, CliState& st);

}  // namespace gotimers::cli

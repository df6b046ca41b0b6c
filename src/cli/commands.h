// The gotimers subcommands (CLI11): run, scenarios, eras.
#pragma once
#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

namespace gotimers::cli {

class Commands {
 public:
  explicit Commands(CLI::App& app);
  int exitCode() const { return exit_; }

 private:
  void addRun(CLI::App& app);
  void addScenarios(CLI::App& app);
  void addEras(CLI::App& app);
  int run();

  struct RunArgs {
    std::string scenario;
    std::string era = "go1.9";
    int procs = 0;
    std::optional<uint64_t> seed;
    std::vector<std::string> sets;
    std::string timeLimit;
    std::optional<uint64_t> eventLimit;
    std::string trace;
    bool quiet = false;
  } runArgs_;
  std::string showName_;
  int exit_ = 0;
};

}  // namespace gotimers::cli

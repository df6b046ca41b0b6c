// gotimers: run Go timer programs on simulated Go runtimes of several eras.
#include <fmt/format.h>

#include <iostream>

#include "cli/app.h"
#include "cli/cli.h"
#include "cli/common.h"

int main(int argc, char** argv) {
  gotimers::cli::CliState st;
  std::unique_ptr<CLI::App> app = gotimers::cli::makeApp(st);
  try {
    if (auto status = gotimers::cli::parseCommandLine(*app, st, argc, argv, std::cout, std::cerr))
      return *status;
  } catch (const std::exception& e) {
    // Nothing a command does may end in an uncaught exception: a reader's or a run's failure
    // that no command turned into its own message is still a message and exit 2.
    std::cerr << fmt::format("gotimers: {}\n", e.what());
    return 2;
  }
  return gotimers::cli::interruptExitStatus(st.exit);
}

// gotimers: run Go timer programs on simulated Go runtimes of several eras.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/cli.h"
#include "cli/common.h"

int main(int argc, char** argv) {
  CLI::App app{
      "gotimers: how the Go runtime implemented timers in each era, simulated.\n"
      "Examples:\n"
      "  gotimers run timer-basics --era all\n"
      "  gotimers run pitfalls/after-in-loop --era go1.9 --set N=5000\n"
      "  gotimers scenarios\n",
      "gotimers"};
  app.set_version_flag("--version", std::string(GOTIMERS_VERSION));
  app.require_subcommand(1);
  gotimers::cli::CliState st;
  // The order --help lists them in.
  gotimers::cli::addRunCommand(app, st);
  gotimers::cli::addCompareCommand(app, st);
  gotimers::cli::addSweepCommand(app, st);
  gotimers::cli::addCalibrateCommand(app, st);
  gotimers::cli::addScenariosCommand(app, st);
  gotimers::cli::addErasCommand(app, st);
  gotimers::cli::addTraceCommand(app, st);
  gotimers::cli::addHeapCommand(app, st);
  gotimers::cli::addAnimateCommand(app, st);
  // `gotimers run|compare prog.go -- ARGS...`: everything after the first `--` is the Go program's
  // (os.Args[1:], read by its flag package); CLI11 parses what comes before.
  if (argc > 1 && (std::string(argv[1]) == "run" || std::string(argv[1]) == "compare")) {
    for (int i = 2; i < argc; i++) {
      if (std::string(argv[i]) != "--") continue;
      st.programArgs.assign(argv + i + 1, argv + argc);
      st.dashDash = true;
      argc = i;
      break;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    if (argc > 1 && argv[1][0] != '-' && app.get_subcommands().empty()) {
      // a mistyped command: say which ones exist rather than "A subcommand is required"
      std::string names;
      for (const CLI::App* sub : app.get_subcommands({}))
        names += (names.empty() ? "" : ", ") + sub->get_name();
      std::cerr << fmt::format("gotimers: unknown command '{}' (expected one of: {})\n", argv[1],
                               names);
      return 2;
    }
    app.exit(e);
    return 2;
  } catch (const std::exception& e) {
    // Nothing a command does may end in an uncaught exception: a reader's or a run's failure
    // that no command turned into its own message is still a message and exit 2.
    std::cerr << fmt::format("gotimers: {}\n", e.what());
    return 2;
  }
  return gotimers::cli::interruptExitStatus(st.exit);
}

#include "cli/app.h"

#include <fmt/format.h>

#include <string>

#include "io/suggest.h"

namespace gotimers::cli {

std::unique_ptr<CLI::App> makeApp(CliState& st) {
  auto app = std::make_unique<CLI::App>(
      "gotimers: how the Go runtime implemented timers in each era, simulated.\n"
      "Examples:\n"
      "  gotimers run timer-basics --era all\n"
      "  gotimers run pitfalls/after-in-loop --era go1.9 --set N=5000\n"
      "  gotimers scenarios\n",
      "gotimers");
  app->set_version_flag("--version", std::string(GOTIMERS_VERSION));
  app->require_subcommand(1);
  // The order --help lists them in.
  addRunCommand(*app, st);
  addCompareCommand(*app, st);
  addReportCommand(*app, st);
  addSweepCommand(*app, st);
  addCalibrateCommand(*app, st);
  addScenariosCommand(*app, st);
  addErasCommand(*app, st);
  addMetricsCommand(*app, st);
  addTraceCommand(*app, st);
  addHeapCommand(*app, st);
  addAnimateCommand(*app, st);
  return app;
}

namespace {
// Thrown by parseOnly's callback, which the main app runs before any command's.
struct ParsedOnly {};
}  // namespace

void parseOnly(CLI::App& app) {
  app.parse_complete_callback([] { throw ParsedOnly{}; });
}

std::optional<int> parseCommandLine(CLI::App& app, CliState& st, int argc, char** argv,
                                    std::ostream& out, std::ostream& err) {
  // `gotimers run|compare prog.go -- ARGS...`: everything after the first `--` is the Go
  // program's (os.Args[1:], read by its flag package); CLI11 parses what comes before.
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
  } catch (const ParsedOnly&) {
    return std::nullopt;
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e, out, err);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e, out, err);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e, out, err);
  } catch (const CLI::ParseError& e) {
    if (argc > 1 && argv[1][0] != '-' && app.get_subcommands().empty()) {
      // a mistyped command: say which ones exist rather than "A subcommand is required"
      std::vector<std::string> names;
      for (const CLI::App* sub : app.get_subcommands({}))
        names.push_back(sub->get_name());
      err << fmt::format("gotimers: unknown command '{}'{} (expected one of: {})\n", argv[1],
                         io::didYouMean(argv[1], names), fmt::join(names, ", "));
      return 2;
    }
    app.exit(e, out, err);
    return 2;
  }
  return std::nullopt;
}

}  // namespace gotimers::cli

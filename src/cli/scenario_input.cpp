#include "cli/scenario_input.h"

#include <fmt/format.h>

#include <iostream>

#include "cli/cli.h"
#include "cli/install_paths.h"
#include "program/gofront.h"

namespace gotimers::cli {

std::string progName(std::string path) {
  while (path.size() > 1 && path.back() == '/')
    path.pop_back();
  if (auto s = path.rfind('/'); s != std::string::npos) path = path.substr(s + 1);
  if (path.ends_with(".go")) path.resize(path.size() - 3);
  if (path.ends_with("_test")) path.resize(path.size() - 5);
  return path;
}

std::optional<metrics::ScenarioInput> loadGoInput(const ScenarioArgs& a,
                                                  const std::vector<std::string>& progArgs,
                                                  int* status) {
  *status = 2;
  metrics::ScenarioInput in;
  in.id = a.scenario;
  in.vm.progName = progName(a.scenario);
  for (const auto& kv : a.sets) {
    if (kv.find('=') == std::string::npos || kv.starts_with("=")) {
      badInput(fmt::format("--set {}: expected NAME=VALUE", kv));
      return std::nullopt;
    }
    in.vm.args.push_back("-" + kv);
  }
  in.vm.args.insert(in.vm.args.end(), progArgs.begin(), progArgs.end());
  program::FrontendResult fe = program::runFrontend(gofrontPath(), a.scenario);
  if (fe.status != 0) {
    std::cerr << fe.errors;
    *status = fe.status == 3 ? 3 : 2;
    return std::nullopt;
  }
  try {
    // each run loads its own program (metrics::ScenarioInput); this load checks the IR and
    // reads what the runs share: the Go version the build constraints need
    in.scenario.minGoMinor = program::loadProgram(fe.ir).minGoMinor;
    in.ir = fe.ir;
  } catch (const program::LoadError& e) {
    badInput(e.what());
    return std::nullopt;
  }
  in.scenario.name = in.vm.progName;
  // what a run depends on besides its key (metrics::inputsHash): the program and its args
  in.scenario.text = fe.ir;
  for (const auto& arg : in.vm.args)
    in.scenario.text += "\n" + arg;
  *status = 0;
  return in;
}

std::optional<metrics::ScenarioInput> loadInput(const ScenarioArgs& a,
                                                const std::vector<std::string>& progArgs,
                                                bool dashDash, int* status) {
  if (program::isGoProgramPath(a.scenario)) return loadGoInput(a, progArgs, status);
  *status = 2;
  if (dashDash) {
    badInput(
        "arguments after -- are for Go programs (a .go file or a directory); a JSON "
        "scenario takes --set NAME=VALUE");
    return std::nullopt;
  }
  auto s = loadScenarioArgs(a);
  if (!s) return std::nullopt;
  *status = 0;
  return metrics::ScenarioInput{a.scenario, std::move(*s)};
}

}  // namespace gotimers::cli

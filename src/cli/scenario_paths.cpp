#include "cli/scenario_paths.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "scenario/scenario.h"

namespace fs = std::filesystem;

namespace gotimers::cli {

std::string scenariosDir() {
  if (const char* env = std::getenv("GOTIMERS_SCENARIOS")) return env;
  return GOTIMERS_SCENARIO_DIR;
}

std::vector<std::string> shippedScenarios() {
  std::vector<std::string> out;
  fs::path root(scenariosDir());
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return out;
  for (auto it = fs::recursive_directory_iterator(root, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (it->is_regular_file() && it->path().extension() == ".json" &&
        it->path().filename() != "scenario.schema.json") {
      out.push_back(fs::relative(it->path(), root).generic_string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string resolveScenario(const std::string& arg) {
  std::error_code ec;
  if (fs::is_regular_file(arg, ec)) return arg;
  std::vector<std::string> matches;
  for (const auto& rel : shippedScenarios()) {
    std::string stem = rel.substr(0, rel.size() - 5);  // drop .json
    std::string base = fs::path(stem).filename().string();
    if (arg == stem || arg == base || arg == rel) matches.push_back(rel);
  }
  if (matches.size() == 1) return (fs::path(scenariosDir()) / matches[0]).string();
  if (matches.size() > 1) {
    std::string all;
    for (auto& m : matches)
      all += "\n  " + m.substr(0, m.size() - 5);
    throw scenario::ScenarioError(
        fmt::format("{}: ambiguous scenario name; it matches:{}", arg, all));
  }
  throw scenario::ScenarioError(fmt::format(
      "{}: no such file, and no shipped scenario of that name (see `gotimers scenarios`)", arg));
}

}  // namespace gotimers::cli

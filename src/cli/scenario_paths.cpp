#include "cli/scenario_paths.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "cli/install_paths.h"
#include "io/input_file.h"
#include "io/suggest.h"
#include "scenario/scenario.h"

namespace fs = std::filesystem;

namespace gotimers::cli {

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

std::vector<std::string> shippedGoPrograms() {
  std::set<std::string> out;
  fs::path root(scenariosDir());
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return {};
  for (auto it = fs::recursive_directory_iterator(root, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (!it->is_regular_file() || it->path().extension() != ".go") continue;
    fs::path rel = fs::relative(it->path(), root);
    if (it->path().filename().string().ends_with("_test.go")) {
      out.insert(rel.parent_path().generic_string());
    } else {
      out.insert(rel.generic_string());
    }
  }
  // a test directory's other .go files (helpers) belong to it
  std::vector<std::string> list;
  for (const auto& p : out) {
    std::string dir = fs::path(p).parent_path().generic_string();
    if (p.ends_with(".go") && !dir.empty() && out.count(dir)) continue;
    list.push_back(p);
  }
  return list;
}

std::string resolveScenario(const std::string& arg) {
  std::error_code ec;
  if (fs::is_regular_file(arg, ec)) return arg;
  // there, but not a file to read (a FIFO, a device, a socket; a directory of Go files is
  // taken before this): say what it is rather than "no such file"
  if (fs::exists(arg, ec) && !fs::is_directory(arg, ec)) {
    throw scenario::ScenarioError(
        fmt::format("{}: cannot read the scenario: {}", arg, io::regularFileProblem(arg)));
  }
  std::vector<std::string> matches, names;
  for (const auto& rel : shippedScenarios()) {
    std::string stem = rel.substr(0, rel.size() - 5);  // drop .json
    std::string base = fs::path(stem).filename().string();
    if (arg == stem || arg == base || arg == rel) matches.push_back(rel);
    names.push_back(arg.find('/') == std::string::npos ? base : stem);
  }
  if (matches.size() == 1) return (fs::path(scenariosDir()) / matches[0]).string();
  if (matches.size() > 1) {
    std::string all;
    for (auto& m : matches)
      all += "\n  " + m.substr(0, m.size() - 5);
    throw scenario::ScenarioError(
        fmt::format("{}: ambiguous scenario name; it matches:{}", arg, all));
  }
  throw scenario::ScenarioError(
      fmt::format("{}: no such file, and no shipped scenario of that name{} (see `gotimers "
                  "scenarios`)",
                  arg, io::didYouMean(arg, names)));
}

bool isUnnamedGoSource(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec) || path.ends_with(".json") || path.ends_with(".go")) {
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  std::string head(4096, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  size_t i = 0;
  while (i < head.size()) {
    if (std::isspace(static_cast<unsigned char>(head[i]))) {
      i++;
    } else if (head.compare(i, 2, "//") == 0) {
      i = head.find('\n', i);
    } else if (head.compare(i, 2, "/*") == 0) {
      i = head.find("*/", i + 2);
      if (i != std::string::npos) i += 2;
    } else {
      break;
    }
  }
  return i < head.size() && head.size() - i >= 8 && head.compare(i, 7, "package") == 0 &&
         std::isspace(static_cast<unsigned char>(head[i + 7]));
}

}  // namespace gotimers::cli

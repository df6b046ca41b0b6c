#include "scenario/json_file.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "scenario/json_positions.h"
#include "scenario/scenario.h"

namespace gotimers::scenario {

std::string readInputFile(const std::string& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ScenarioError(
        fmt::format("{}: cannot read the {}: {}", path, what, std::strerror(errno)));
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

nlohmann::json parseJsonInput(const std::string& file, const std::string& text,
                              const std::string& what) {
  try {
    return nlohmann::json::parse(text, nullptr, true, /*ignore_comments=*/true);
  } catch (const nlohmann::json::parse_error& e) {
    TextPos p = JsonPositions::offsetToPos(text, e.byte > 0 ? e.byte - 1 : 0);
    throw ScenarioError(fmt::format("{}:{}:{}: syntax error in the {}: {}", file, p.line, p.column,
                                    what, e.what()));
  }
}

}  // namespace gotimers::scenario

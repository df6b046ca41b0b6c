#include "scenario/json_file.h"

#include <fmt/format.h>

#include "io/input_file.h"
#include "io/json_error.h"
#include "io/json_lint.h"
#include "io/json_positions.h"
#include "scenario/scenario.h"

namespace gotimers::scenario {

using io::describe;
using io::JsonPositions;
using io::lintJson;
using io::TextPos;

std::string readInputFile(const std::string& path, const std::string& what) {
  std::string text, why;
  if (!io::readRegularFile(path, &text, &why))
    throw ScenarioError(fmt::format("{}: cannot read the {}: {}", path, what, why));
  return text;
}

nlohmann::json parseJsonInput(const std::string& file, const std::string& text,
                              const std::string& what) {
  if (auto p = lintJson(text, /*depthOnly=*/true))
    throw ScenarioError(describe(*p, file, text, what));
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text, nullptr, true, /*ignore_comments=*/true);
  } catch (const nlohmann::json::parse_error& e) {
    TextPos p = JsonPositions::offsetToPos(text, e.byte > 0 ? e.byte - 1 : 0);
    throw ScenarioError(fmt::format("{}:{}:{}: syntax error in the {}: {}", file, p.line, p.column,
                                    what, io::boundedJsonError(e.what())));
  } catch (const nlohmann::json::exception& e) {
    // a number beyond a double (out_of_range 406): the lint below finds where
    if (auto p = lintJson(text)) throw ScenarioError(describe(*p, file, text, what));
    throw ScenarioError(fmt::format("{}: cannot read the {}: {}", file, what, e.what()));
  }
  if (auto p = lintJson(text)) throw ScenarioError(describe(*p, file, text, what));
  return doc;
}

}  // namespace gotimers::scenario

#include "io/json_line.h"

#include <fmt/format.h>

#include "io/json_error.h"
#include "io/json_lint.h"
#include "io/json_positions.h"

namespace gotimers::io {

std::optional<JsonLineError> parseJsonLine(std::string_view line, const std::string& file,
                                           size_t lineNo, const std::string& what,
                                           nlohmann::json* out) {
  // nlohmann::json copies and prints a value recursively: the depth bound comes first
  if (auto p = lintJson(line, /*depthOnly=*/true))
    return JsonLineError{false, describe(*p, file, line, what, lineNo - 1)};
  try {
    *out = nlohmann::json::parse(line);
  } catch (const nlohmann::json::parse_error& e) {
    TextPos at = JsonPositions::offsetToPos(line, e.byte > 0 ? e.byte - 1 : 0);
    // nlohmann counts lines within the one it was given ("at line 1, column 53"): the
    // message's own FILE:LINE:COL says where
    std::string msg = boundedJsonError(e.what());
    if (size_t a = msg.find(" at line 1, column "); a != std::string::npos) {
      if (size_t colon = msg.find(':', a); colon != std::string::npos) msg.erase(a, colon - a);
    }
    return JsonLineError{true, fmt::format("{}:{}:{}: not JSON: {}", file, lineNo, at.column, msg)};
  } catch (const nlohmann::json::exception& e) {
    // a number beyond a double (out_of_range 406): the lint finds where
    if (auto p = lintJson(line))
      return JsonLineError{false, describe(*p, file, line, what, lineNo - 1)};
    return JsonLineError{
        false, fmt::format("{}:{}: not JSON: {}", file, lineNo, boundedJsonError(e.what()))};
  }
  if (auto p = lintJson(line))
    return JsonLineError{false, describe(*p, file, line, what, lineNo - 1)};
  return std::nullopt;
}

}  // namespace gotimers::io

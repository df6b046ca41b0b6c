// One line of a JSON Lines input file (a trace, sweep results), read as strictly as the
// whole-file readers read theirs (io/json_lint.h): nesting deeper than kMaxJsonDepth, a
// syntax error, a duplicate key, an integer beyond 64 bits and a number beyond a float64 are
// each an error with FILE:LINE:COL, never a value nlohmann::json silently made of them.
#pragma once
#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace gotimers::io {

struct JsonLineError {
  // A syntax error (the line is not JSON: perhaps torn by an interrupted write), as opposed
  // to JSON that is well formed but refused (too deep, a key twice, a number out of range).
  bool syntax = false;
  std::string message;  // "FILE:LINE:COL: ..." naming the WHAT
};

// Parses line (line lineNo of file) into *out, or says what is wrong with it.
std::optional<JsonLineError> parseJsonLine(std::string_view line, const std::string& file,
                                           size_t lineNo, const std::string& what,
                                           nlohmann::json* out);

}  // namespace gotimers::io

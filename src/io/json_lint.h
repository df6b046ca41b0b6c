// What nlohmann::json accepts silently, or cannot survive, in an input file: nesting deeper
// than a bound (the position index recurses), a key given twice in one object (nlohmann
// keeps the last), an integer literal beyond 64 bits (nlohmann turns it into a double) and a
// number beyond a double (nlohmann throws without a position). Every JSON reader of gotimers
// runs this lint, so each of these is an error with its line:column.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace gotimers::io {

inline constexpr int kMaxJsonDepth = 128;

struct JsonLintProblem {
  enum Kind { TooDeep, DuplicateKey, IntegerRange, NumberRange } kind;
  size_t offset = 0;       // where in the text
  std::string detail;      // the key, or the number as written
  size_t firstOffset = 0;  // DuplicateKey: where the key first appeared
};

// The first problem in text (comments allowed, as the readers allow them), or none.
// depthOnly: only the nesting bound (for a text not yet known to be JSON).
std::optional<JsonLintProblem> lintJson(std::string_view text, bool depthOnly = false);

// "FILE:LINE:COL: duplicate key "k" in the WHAT (first at 3:5); expected each key once", and
// likewise for the other kinds; the key or number is quoted with control characters escaped
// and cut to 40 characters. linesBefore: how many lines of the file precede text (a JSON
// Lines reader lints one line at a time).
std::string describe(const JsonLintProblem& p, const std::string& file, std::string_view text,
                     const std::string& what, size_t linesBefore = 0);

}  // namespace gotimers::io

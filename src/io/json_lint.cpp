#include "io/json_lint.h"

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <map>
#include <vector>

#include "io/json_positions.h"

namespace gotimers::io {

namespace {

bool isNumberChar(char c) {
  return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

// An integer literal (no fraction, no exponent) in the range of int64 or uint64.
bool integerInRange(std::string_view lit) {
  bool neg = !lit.empty() && lit[0] == '-';
  std::string digits(lit.substr(neg ? 1 : 0));
  while (digits.size() > 1 && digits[0] == '0')
    digits.erase(0, 1);
  const std::string limit = neg ? "9223372036854775808" : "18446744073709551615";
  if (digits.size() != limit.size()) return digits.size() < limit.size();
  return digits <= limit;
}

// s quoted for a message: control characters and NUL escaped, at most 40 characters.
std::string quoted(std::string_view s) {
  std::string out = "\"";
  size_t n = 0;
  for (char c : s) {
    if (n++ == 40) {
      out += "...";
      break;
    }
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u == 0x7f) {
      out += fmt::format("\\x{:02x}", u);
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace

std::string describe(const JsonLintProblem& p, const std::string& file, std::string_view text,
                     const std::string& what, size_t linesBefore) {
  TextPos at = JsonPositions::offsetToPos(text, p.offset);
  std::string where = fmt::format("{}:{}:{}", file, at.line + linesBefore, at.column);
  switch (p.kind) {
    case JsonLintProblem::TooDeep:
      return fmt::format("{}: the {} nests lists and objects deeper than {} levels", where, what,
                         kMaxJsonDepth);
    case JsonLintProblem::DuplicateKey: {
      TextPos first = JsonPositions::offsetToPos(text, p.firstOffset);
      return fmt::format("{}: duplicate key {} in the {} (first at {}:{}); expected each key once",
                         where, quoted(p.detail), what, first.line + linesBefore, first.column);
    }
    case JsonLintProblem::IntegerRange:
      return fmt::format(
          "{}: the integer {} in the {} does not fit in 64 bits (expected -9223372036854775808 "
          "to 18446744073709551615)",
          where, p.detail.size() > 40 ? p.detail.substr(0, 40) + "..." : p.detail, what);
    case JsonLintProblem::NumberRange:
      return fmt::format(
          "{}: the number {} in the {} is beyond a float64 (expected a finite number)", where,
          p.detail.size() > 40 ? p.detail.substr(0, 40) + "..." : p.detail, what);
  }
  return where;
}

std::optional<JsonLintProblem> lintJson(std::string_view t, bool depthOnly) {
  // One frame per open object or array: the keys seen in an object, and where.
  struct Frame {
    bool object;
    std::map<std::string, size_t> keys;
  };
  std::vector<Frame> stack;
  bool expectKey = false;  // the next string in this object is a key
  for (size_t i = 0; i < t.size(); i++) {
    char c = t[i];
    if (c == '"') {
      size_t start = i;
      std::string s;
      for (i++; i < t.size() && t[i] != '"'; i++) {
        if (t[i] == '\\' && i + 1 < t.size()) s += t[i++];
        s += t[i];
      }
      if (!depthOnly && expectKey && !stack.empty() && stack.back().object) {
        auto [it, fresh] = stack.back().keys.emplace(s, start);
        if (!fresh) return JsonLintProblem{JsonLintProblem::DuplicateKey, start, s, it->second};
      }
      expectKey = false;
    } else if (c == '/' && i + 1 < t.size() && t[i + 1] == '/') {
      while (i < t.size() && t[i] != '\n')
        i++;
    } else if (c == '/' && i + 1 < t.size() && t[i + 1] == '*') {
      auto end = t.find("*/", i + 2);
      if (end == std::string_view::npos) return std::nullopt;  // the parser reports it
      i = end + 1;
    } else if (c == '[' || c == '{') {
      if (static_cast<int>(stack.size()) >= kMaxJsonDepth)
        return JsonLintProblem{JsonLintProblem::TooDeep, i, {}, 0};
      stack.push_back(Frame{c == '{', {}});
      expectKey = c == '{';
    } else if (c == ']' || c == '}') {
      if (!stack.empty()) stack.pop_back();
      expectKey = false;
    } else if (c == ',') {
      expectKey = !stack.empty() && stack.back().object;
    } else if (!depthOnly && (c == '-' || (c >= '0' && c <= '9'))) {
      size_t start = i;
      while (i + 1 < t.size() && isNumberChar(t[i + 1]))
        i++;
      std::string_view lit = t.substr(start, i - start + 1);
      bool integer = lit.find_first_of(".eE") == std::string_view::npos;
      if (integer && !integerInRange(lit))
        return JsonLintProblem{JsonLintProblem::IntegerRange, start, std::string(lit), 0};
      if (!integer) {
        std::string s(lit);
        errno = 0;
        double v = std::strtod(s.c_str(), nullptr);
        if (std::isinf(v) || (errno == ERANGE && v != 0))
          return JsonLintProblem{JsonLintProblem::NumberRange, start, s, 0};
      }
    }
  }
  return std::nullopt;
}

}  // namespace gotimers::io

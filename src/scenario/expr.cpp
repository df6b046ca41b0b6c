#include "scenario/expr.h"

#include <fmt/format.h>

#include <cctype>

#include "scenario/duration.h"

namespace gotimers::scenario {

namespace {

using Lookup = std::function<std::optional<int64_t>(const std::string&)>;

// Splits s into factors and operators; evaluates (or only checks, when lookup is null).
std::optional<int64_t> run(const std::string& s, const Lookup* lookup,
                           const std::function<bool(const std::string&)>& known, std::string* err) {
  auto fail = [&](const std::string& m) -> std::optional<int64_t> {
    if (err) *err = m;
    return std::nullopt;
  };
  int64_t total = 0;
  int64_t product = 1;
  int sign = 1;
  size_t i = 0;
  bool expectFactor = true;
  auto flush = [&] {
    total += sign * product;
    product = 1;
  };
  while (i <= s.size()) {
    if (expectFactor) {
      while (i < s.size() && s[i] == ' ')
        i++;
      size_t start = i;
      if (i < s.size() && s[i] == '-' && i + 1 < s.size() && s[i + 1] != '$' && start == 0) i++;
      while (i < s.size() && s[i] != '*' && s[i] != '+' && !(s[i] == '-' && i > start) &&
             s[i] != ' ')
        i++;
      std::string f = s.substr(start, i - start);
      if (f.empty())
        return fail(fmt::format("\"{}\": expected a number, a duration or a $name", s));
      int64_t v = 0;
      if (f[0] == '$') {
        std::string name = f.substr(1);
        if (!known(name))
          return fail(fmt::format("\"{}\": ${} is neither a parameter nor a bound name", s, name));
        if (lookup) {
          auto lv = (*lookup)(name);
          if (!lv) return std::nullopt;
          v = *lv;
        }
      } else if (std::isdigit(static_cast<unsigned char>(f.back()))) {
        try {
          size_t used = 0;
          v = std::stoll(f, &used);
          if (used != f.size()) return fail(fmt::format("\"{}\": bad number \"{}\"", s, f));
        } catch (const std::exception&) {
          return fail(fmt::format("\"{}\": bad number \"{}\"", s, f));
        }
      } else {
        std::string derr;
        auto d = parseDuration(f, &derr);
        if (!d) return fail(derr);
        v = *d;
      }
      if (__builtin_mul_overflow(product, v, &product))
        return fail(fmt::format("\"{}\" overflows int64", s));
      expectFactor = false;
      continue;
    }
    while (i < s.size() && s[i] == ' ')
      i++;
    if (i >= s.size()) break;
    char c = s[i++];
    if (c == '*') {
      expectFactor = true;
    } else if (c == '+' || c == '-') {
      flush();
      sign = c == '+' ? 1 : -1;
      expectFactor = true;
    } else {
      return fail(fmt::format("\"{}\": unexpected '{}'", s, c));
    }
  }
  if (expectFactor) return fail(fmt::format("\"{}\": expression ends with an operator", s));
  int64_t out = 0;
  if (__builtin_add_overflow(total, sign * product, &out))
    return fail(fmt::format("\"{}\" overflows int64", s));
  return out;
}

}  // namespace

bool validateExpr(const nlohmann::json& j, bool duration, const std::set<std::string>& scope,
                  const std::map<std::string, nlohmann::json>& params, std::string* err) {
  if (j.is_number_integer() && !fitsInt64(j)) {
    if (err)
      *err = fmt::format("found {}, expected an integer from -9223372036854775808 to {}", j.dump(),
                         INT64_MAX);
    return false;
  }
  if (j.is_number_integer()) return true;
  if (!j.is_string()) {
    if (err)
      *err = fmt::format("found {}, expected {}", j.dump(),
                         duration ? "a duration such as \"100ms\"" : "an integer");
    return false;
  }
  auto known = [&](const std::string& n) {
    return scope.count(n) > 0 || params.count(n) > 0 || n == "GOMAXPROCS";
  };
  return run(j.get<std::string>(), nullptr, known, err).has_value();
}

std::optional<int64_t> evalExpr(const nlohmann::json& j, const Lookup& lookup, std::string* err) {
  if (j.is_number_integer() && !fitsInt64(j)) {
    if (err) *err = fmt::format("{} is beyond int64", j.dump());
    return std::nullopt;
  }
  if (j.is_number_integer()) return j.get<int64_t>();
  if (!j.is_string()) {
    if (err) *err = "not an expression";
    return std::nullopt;
  }
  return run(
      j.get<std::string>(), &lookup, [](const std::string&) { return true; }, err);
}

}  // namespace gotimers::scenario

// A port of time.ParseDuration (src/time/format.go, Go 1.16+), including its overflow checks.
#include "sim/parse_duration.h"

#include <fmt/format.h>

namespace gotimers::sim {

namespace {

struct Unit {
  std::string_view name;
  uint64_t ns;
};
constexpr Unit kUnits[] = {
    {"ns", 1},           {"us", 1000},      {"\xC2\xB5s", 1000},  // U+00B5 micro sign
    {"\xCE\xBCs", 1000},                                          // U+03BC Greek mu
    {"ms", 1000000},     {"s", 1000000000}, {"m", 60ULL * 1000000000}, {"h", 3600ULL * 1000000000},
};

constexpr uint64_t kMax = 1ULL << 63;

// leadingInt consumes the leading [0-9]* from s.
bool leadingInt(std::string_view& s, uint64_t* x) {
  size_t i = 0;
  uint64_t v = 0;
  for (; i < s.size(); i++) {
    char c = s[i];
    if (c < '0' || c > '9') break;
    if (v > (kMax - 1) / 10) return false;  // overflow
    v = v * 10 + static_cast<uint64_t>(c - '0');
    if (v > kMax) return false;
  }
  *x = v;
  s.remove_prefix(i);
  return true;
}

// leadingFraction consumes the leading [0-9]* from s; returns the value and scale.
void leadingFraction(std::string_view& s, uint64_t* x, double* scale) {
  size_t i = 0;
  uint64_t v = 0;
  double sc = 1;
  bool overflow = false;
  for (; i < s.size(); i++) {
    char c = s[i];
    if (c < '0' || c > '9') break;
    if (overflow) continue;
    if (v > (kMax - 1) / 10) {
      overflow = true;
      continue;
    }
    uint64_t y = v * 10 + static_cast<uint64_t>(c - '0');
    if (y > kMax) {
      overflow = true;
      continue;
    }
    v = y;
    sc *= 10;
  }
  *x = v;
  *scale = sc;
  s.remove_prefix(i);
}

}  // namespace

std::optional<int64_t> parseDuration(std::string_view orig, std::string* err) {
  std::string_view s = orig;
  auto fail = [&](const std::string& what) -> std::optional<int64_t> {
    if (err) *err = what;
    return std::nullopt;
  };
  auto invalid = [&] { return fail(fmt::format("time: invalid duration \"{}\"", orig)); };
  uint64_t d = 0;
  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return 0;
  if (s.empty()) return invalid();
  while (!s.empty()) {
    uint64_t v = 0, f = 0;
    double scale = 1;
    // The next character must be [0-9.]
    if (!(s[0] == '.' || ('0' <= s[0] && s[0] <= '9'))) return invalid();
    size_t pl = s.size();
    if (!leadingInt(s, &v)) return invalid();
    bool pre = pl != s.size();  // whether we consumed anything before a period
    bool post = false;
    if (!s.empty() && s[0] == '.') {
      s.remove_prefix(1);
      size_t pl2 = s.size();
      leadingFraction(s, &f, &scale);
      post = pl2 != s.size();
    }
    if (!pre && !post) return invalid();  // no digits (e.g. ".s" or "-.s")
    size_t i = 0;
    for (; i < s.size(); i++) {
      char c = s[i];
      if (c == '.' || ('0' <= c && c <= '9')) break;
    }
    if (i == 0) return fail(fmt::format("time: missing unit in duration \"{}\"", orig));
    std::string_view u = s.substr(0, i);
    s.remove_prefix(i);
    const Unit* unit = nullptr;
    for (const auto& k : kUnits) {
      if (k.name == u) unit = &k;
    }
    if (!unit) return fail(fmt::format("time: unknown unit \"{}\" in duration \"{}\"", u, orig));
    if (v > kMax / unit->ns) return invalid();  // overflow
    v *= unit->ns;
    if (f > 0) {
      // float64 is needed to be nanosecond accurate for fractions of hours.
      v += static_cast<uint64_t>(static_cast<double>(f) * (static_cast<double>(unit->ns) / scale));
      if (v > kMax) return invalid();
    }
    d += v;
    if (d > kMax) return invalid();
  }
  if (neg) return -static_cast<int64_t>(d - 1) - 1;
  if (d > kMax - 1) return invalid();
  return static_cast<int64_t>(d);
}

}  // namespace gotimers::sim

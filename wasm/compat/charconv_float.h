// Floating-point std::to_chars (with a chars_format) and std::from_chars for Debian's
// Emscripten 3.1.6, whose libc++ has neither; the WebAssembly build force-includes this
// header (wasm/CMakeLists.txt). The results are the standard's: to_chars writes the shortest
// digits that read back as the same value (from fmt's shortest formatting, Dragonbox), laid
// out fixed or scientific; from_chars reads with strtod, after rejecting what from_chars does
// not take (leading blanks or '+'), and reports a value out of range as result_out_of_range.
#pragma once
#include <fmt/format.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>
#include <system_error>

namespace gotimers_compat {

// The shortest digits of v (no sign, no leading zeros, "0" for zero) and the exponent x of
// its first digit: v = d[0].d[1..] x 10^x.
template <typename F>
void shortestDigits(F v, std::string* d, int* x) {
  std::string s = fmt::format("{}", std::fabs(v));
  int exp10 = 0;
  if (auto e = s.find('e'); e != std::string::npos) {
    exp10 = std::atoi(s.c_str() + e + 1);
    s.resize(e);
  }
  auto dot = s.find('.');
  int intDigits = static_cast<int>(dot == std::string::npos ? s.size() : dot);
  if (dot != std::string::npos) s.erase(dot, 1);
  size_t lead = s.find_first_not_of('0');
  if (lead == std::string::npos) {
    *d = "0";
    *x = 0;
    return;
  }
  *d = s.substr(lead);
  while (d->size() > 1 && d->back() == '0')
    d->pop_back();
  *x = intDigits - 1 - static_cast<int>(lead) + exp10;
}

template <typename F>
std::to_chars_result toChars(char* first, char* last, F v, std::chars_format f) {
  std::string out;
  if (std::signbit(v)) out += '-';
  if (std::isnan(v)) {
    out = std::signbit(v) ? "-nan" : "nan";
  } else if (std::isinf(v)) {
    out += "inf";
  } else {
    std::string d;
    int x = 0;
    shortestDigits(v, &d, &x);
    if (f == std::chars_format::scientific) {
      out += d[0];
      if (d.size() > 1) out += "." + d.substr(1);
      out += fmt::format("e{}{:02d}", x < 0 ? '-' : '+', x < 0 ? -x : x);
    } else if (x < 0) {
      out += "0." + std::string(static_cast<size_t>(-x - 1), '0') + d;
    } else if (static_cast<size_t>(x) + 1 >= d.size()) {
      out += d + std::string(static_cast<size_t>(x) + 1 - d.size(), '0');
    } else {
      out += d.substr(0, static_cast<size_t>(x) + 1) + "." + d.substr(static_cast<size_t>(x) + 1);
    }
  }
  if (out.size() > static_cast<size_t>(last - first)) return {last, std::errc::value_too_large};
  std::memcpy(first, out.data(), out.size());
  return {first + out.size(), std::errc()};
}

inline std::from_chars_result fromChars(const char* first, const char* last, double& v,
                                        std::chars_format f) {
  if (first == last || *first == '+' || std::isspace(static_cast<unsigned char>(*first)))
    return {first, std::errc::invalid_argument};
  std::string s(first, last);
  bool neg = s[0] == '-';
  if (f == std::chars_format::hex) s.insert(neg ? 1 : 0, "0x");
  if (f != std::chars_format::hex &&
      s.find_first_of("xX") != std::string::npos)  // strtod would read hex; from_chars not
    s.resize(s.find_first_of("xX"));
  errno = 0;
  char* end = nullptr;
  double r = std::strtod(s.c_str(), &end);
  size_t used = static_cast<size_t>(end - s.c_str());
  if (used == 0) return {first, std::errc::invalid_argument};
  if (f == std::chars_format::hex) used -= 2;
  const char* ptr = first + used;
  if (errno == ERANGE) return {ptr, std::errc::result_out_of_range};
  v = r;
  return {ptr, std::errc()};
}

}  // namespace gotimers_compat

namespace std {
inline to_chars_result to_chars(char* first, char* last, double v, chars_format f) {
  return gotimers_compat::toChars(first, last, v, f);
}
inline to_chars_result to_chars(char* first, char* last, float v, chars_format f) {
  return gotimers_compat::toChars(first, last, v, f);
}
inline from_chars_result from_chars(const char* first, const char* last, double& v,
                                    chars_format f = chars_format::general) {
  return gotimers_compat::fromChars(first, last, v, f);
}
}  // namespace std

// Key texts: see keys.h.
#include "heaplab/keys.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace gotimers::heaplab {

namespace {

// v / 10^prec with its fraction, trailing zeros dropped (Go's fmtFrac and fmtInt).
std::string frac(uint64_t v, int prec) {
  uint64_t p = 1;
  for (int i = 0; i < prec; i++)
    p *= 10;
  std::string f = fmt::format("{:0{}}", v % p, prec);
  while (!f.empty() && f.back() == '0')
    f.pop_back();
  return fmt::format("{}", v / p) + (f.empty() ? "" : "." + f);
}

}  // namespace

std::string roundedDuration(int64_t ns) {
  if (ns == 0) return "0s";
  uint64_t abs = ns < 0 ? uint64_t{0} - static_cast<uint64_t>(ns) : static_cast<uint64_t>(ns);
  int digits = static_cast<int>(fmt::formatted_size("{}", abs));
  uint64_t q = 1;
  for (int i = 0; i < std::clamp(digits - 4, 0, 6); i++)
    q *= 10;
  uint64_t u = (abs + q / 2) / q * q;
  std::string s;
  if (u < 1'000) {
    s = fmt::format("{}ns", u);
  } else if (u < 1'000'000) {
    s = frac(u, 3) + "µs";
  } else if (u < 1'000'000'000) {
    s = frac(u, 6) + "ms";
  } else {
    uint64_t h = u / 3'600'000'000'000;
    uint64_t m = u / 60'000'000'000 % 60;
    s = (h ? fmt::format("{}h", h) : "") + (h || m ? fmt::format("{}m", m) : "") +
        frac(u % 60'000'000'000, 9) + "s";
  }
  return (ns < 0 ? "-" : "") + s;
}

std::string keyText(double v, const std::string& unit) {
  if (unit != "ms") {
    if (v == std::floor(v) && std::fabs(v) < 1e15)
      return fmt::format("{}", static_cast<int64_t>(v));
    return fmt::format("{:.{}f}", v, v < 100 ? 2 : 1);
  }
  int64_t ns = std::llround(std::fabs(v) * 1e6);
  return v < 0 && ns != 0 ? "-" + roundedDuration(ns) : "+" + roundedDuration(ns);
}

}  // namespace gotimers::heaplab

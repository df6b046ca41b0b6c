// Package strconv for Go programs (strconv/atoi.go, atof.go, ftoa.go, itoa.go of Go 1.19):
// the parse functions return Go's *strconv.NumError messages ("strconv.Atoi: parsing
// \"x\": invalid syntax").
#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "go/go.h"
#include "program/externs.h"
#include "program/strconv.h"
#include "program/vm.h"
#include "program/vm_internal.h"

namespace gotimers::program {

std::string formatFloat(double f, char verb, int prec, bool f32);  // fmt_value.cpp

namespace {

// underscoreOK: underscores only between digits, and only with a base prefix.
bool underscoreOK(const std::string& s) {
  char saw = '^';
  size_t i = 0;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) i++;
  bool hex = false;
  if (s.size() - i >= 2 && s[i] == '0') {
    char c = static_cast<char>(s[i + 1] | 0x20);
    if (c == 'b' || c == 'o' || c == 'x') {
      hex = c == 'x';
      i += 2;
      saw = '0';
    }
  }
  for (; i < s.size(); i++) {
    char c = s[i];
    if ((c >= '0' && c <= '9') || (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f')) {
      saw = '0';
      continue;
    }
    if (c == '_') {
      if (saw != '0') return false;
      saw = '_';
      continue;
    }
    if (saw == '_') return false;
    saw = '!';
  }
  return saw != '_';
}

}  // namespace

NumResult parseUint(const std::string& s0, int base, int bits) {
  NumResult r;
  if (s0.empty()) {
    r.err = NumErr::Syntax;
    return r;
  }
  bool base0 = base == 0;
  std::string s = s0;
  if (base == 0) {
    base = 10;
    if (s[0] == '0') {
      if (s.size() >= 3 && (s[1] | 0x20) == 'b') {
        base = 2;
        s = s.substr(2);
      } else if (s.size() >= 3 && (s[1] | 0x20) == 'o') {
        base = 8;
        s = s.substr(2);
      } else if (s.size() >= 3 && (s[1] | 0x20) == 'x') {
        base = 16;
        s = s.substr(2);
      } else {
        base = 8;
        s = s.substr(1);
      }
    }
  }
  if (bits == 0) bits = 64;
  uint64_t maxVal = bits == 64 ? UINT64_MAX : (uint64_t{1} << bits) - 1;
  uint64_t n = 0;
  bool underscores = false;
  for (char c : s) {
    int d;
    if (c == '_' && base0) {
      underscores = true;
      continue;
    }
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
      d = (c | 0x20) - 'a' + 10;
    } else {
      r.err = NumErr::Syntax;
      return r;
    }
    if (d >= base) {
      r.err = NumErr::Syntax;
      return r;
    }
    if (r.err == NumErr::Range) continue;
    unsigned __int128 v =
        static_cast<unsigned __int128>(n) * static_cast<unsigned>(base) + static_cast<unsigned>(d);
    if (v > maxVal) {
      r.err = NumErr::Range;
      n = maxVal;
      continue;
    }
    n = static_cast<uint64_t>(v);
  }
  if (underscores && !underscoreOK(s0)) {
    r.err = NumErr::Syntax;
    n = 0;
  }
  r.i = static_cast<int64_t>(n);
  return r;
}

NumResult parseInt(const std::string& s0, int base, int bits) {
  NumResult r;
  if (s0.empty()) {
    r.err = NumErr::Syntax;
    return r;
  }
  std::string s = s0;
  bool neg = false;
  if (s[0] == '+' || s[0] == '-') {
    neg = s[0] == '-';
    s = s.substr(1);
  }
  NumResult u = parseUint(s, base, 64);
  if (u.err == NumErr::Syntax) return u;
  if (bits == 0) bits = 64;
  uint64_t cutoff = uint64_t{1} << (bits - 1);
  auto un = static_cast<uint64_t>(u.i);
  if (u.err == NumErr::Range) un = UINT64_MAX;
  if (!neg && un >= cutoff) {
    r.i = static_cast<int64_t>(cutoff - 1);
    r.err = NumErr::Range;
  } else if (neg && un > cutoff) {
    r.i = -static_cast<int64_t>(cutoff - 1) - 1;
    r.err = NumErr::Range;
  } else {
    r.i = neg ? static_cast<int64_t>(0 - un) : static_cast<int64_t>(un);
  }
  return r;
}

NumResult parseFloat(const std::string& s0) {
  NumResult r;
  std::string s = s0;
  bool neg = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    neg = s[0] == '-';
    s = s.substr(1);
  }
  std::string low;
  for (char c : s)
    low += static_cast<char>(c | 0x20);
  if (low == "inf" || low == "infinity") {
    r.f = neg ? -INFINITY : INFINITY;
    return r;
  }
  if (low == "nan" && s0.size() == 3) {
    r.f = NAN;
    return r;
  }
  std::string clean;
  for (char c : s) {
    if (c != '_') clean += c;
  }
  bool hex = clean.size() > 2 && clean[0] == '0' && (clean[1] | 0x20) == 'x';
  if (clean.empty() || (clean.size() != s.size() && !underscoreOK(s))) {
    r.err = NumErr::Syntax;
    return r;
  }
  const char* b = clean.data() + (hex ? 2 : 0);
  const char* e = clean.data() + clean.size();
  double v = 0;
  auto res = std::from_chars(b, e, v, hex ? std::chars_format::hex : std::chars_format::general);
  if (res.ptr != e || (res.ec != std::errc() && res.ec != std::errc::result_out_of_range)) {
    r.err = NumErr::Syntax;
    return r;
  }
  if (res.ec == std::errc::result_out_of_range) {
    // overflow: ±Inf and ErrRange; underflow: 0 (Go rounds to zero without an error)
    bool big = false;
    for (char c : clean) {
      if (c == 'e' || c == 'E' || c == 'p' || c == 'P') break;
      big = big || (c >= '1' && c <= '9');
    }
    size_t ep = clean.find_first_of(hex ? "pP" : "eE");
    if (ep != std::string::npos && clean[ep + 1] == '-') big = false;
    if (big || ep == std::string::npos) {
      r.f = INFINITY;
      r.err = NumErr::Range;
    } else {
      r.f = 0;
    }
  } else {
    r.f = v;
  }
  if (neg) r.f = -r.f;
  return r;
}

NumResult parseBool(const std::string& s) {
  NumResult r;
  if (s == "1" || s == "t" || s == "T" || s == "TRUE" || s == "true" || s == "True") {
    r.i = 1;
  } else if (!(s == "0" || s == "f" || s == "F" || s == "FALSE" || s == "false" || s == "False")) {
    r.err = NumErr::Syntax;
  }
  return r;
}

std::string formatFloatG(double f, char fmtc, int prec, int bits) {
  bool f32 = bits == 32;
  if (prec >= 0 || fmtc == 'g' || fmtc == 'G') return formatFloat(f, fmtc, prec, f32);
  if (std::isnan(f)) return "NaN";
  if (std::isinf(f)) return f > 0 ? "+Inf" : "-Inf";
  char buf[512];
  auto fmtv = fmtc == 'f' ? std::chars_format::fixed : std::chars_format::scientific;
  auto r = f32 ? std::to_chars(buf, buf + sizeof buf, static_cast<float>(f), fmtv)
               : std::to_chars(buf, buf + sizeof buf, f, fmtv);
  std::string s(buf, r.ptr);
  if (fmtc == 'e') {  // Go writes at least two exponent digits
    auto e = s.find('e');
    int exp = std::stoi(s.substr(e + 1));
    s = fmt::format("{}e{}{:02d}", s.substr(0, e), exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
  }
  return s;
}

namespace {

Value numError(ExternCtx& c, const char* fn, const std::string& s, NumErr e) {
  return c.vm.errorValue(c.vm.prog().tNumError,
                         fmt::format("strconv.{}: parsing {}: {}", fn, quoteGo(s),
                                     e == NumErr::Range ? "value out of range" : "invalid syntax"));
}
Value pair(Value v, Value err) {
  return makeTuple({std::move(v), std::move(err)});
}

void Itoa(ExternCtx& c) {
  c.result = makeStr(std::to_string(c.i(0)));
}
std::string formatBase(uint64_t u, int64_t base) {
  if (base < 2 || base > 36) go::Panic("strconv: illegal AppendInt/FormatInt base");
  if (u == 0) return "0";
  std::string s;
  for (; u > 0; u /= static_cast<uint64_t>(base))
    s.insert(s.begin(), "0123456789abcdefghijklmnopqrstuvwxyz"[u % static_cast<uint64_t>(base)]);
  return s;
}
void FormatInt(ExternCtx& c) {
  int64_t v = c.i(0);
  std::string s =
      formatBase(v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v), c.i(1));
  c.result = makeStr(v < 0 ? "-" + s : s);
}
void FormatUint(ExternCtx& c) {
  c.result = makeStr(formatBase(static_cast<uint64_t>(c.i(0)), c.i(1)));
}
void FormatFloat(ExternCtx& c) {
  c.result = makeStr(formatFloatG(c.arg(0).f, static_cast<char>(c.i(1)), static_cast<int>(c.i(2)),
                                  static_cast<int>(c.i(3))));
}
void FormatBool(ExternCtx& c) {
  c.result = makeStr(c.i(0) ? "true" : "false");
}
void Atoi(ExternCtx& c) {
  const std::string& s = strOf(c.arg(0));
  NumResult r = parseInt(s, 10, 64);
  c.result = pair(Value::Int(r.err == NumErr::Syntax ? 0 : r.i),
                  r.err == NumErr::None ? Value() : numError(c, "Atoi", s, r.err));
}
void ParseInt(ExternCtx& c) {
  const std::string& s = strOf(c.arg(0));
  NumResult r = parseInt(s, static_cast<int>(c.i(1)), static_cast<int>(c.i(2)));
  c.result =
      pair(Value::Int(r.i), r.err == NumErr::None ? Value() : numError(c, "ParseInt", s, r.err));
}
void ParseUint(ExternCtx& c) {
  const std::string& s = strOf(c.arg(0));
  NumResult r = parseUint(s, static_cast<int>(c.i(1)), static_cast<int>(c.i(2)));
  c.result =
      pair(Value::Int(r.i), r.err == NumErr::None ? Value() : numError(c, "ParseUint", s, r.err));
}
void ParseFloat(ExternCtx& c) {
  const std::string& s = strOf(c.arg(0));
  NumResult r = parseFloat(s);
  double f = c.i(1) == 32 ? static_cast<double>(static_cast<float>(r.f)) : r.f;
  c.result =
      pair(Value::Float(f), r.err == NumErr::None ? Value() : numError(c, "ParseFloat", s, r.err));
}
void ParseBool(ExternCtx& c) {
  const std::string& s = strOf(c.arg(0));
  NumResult r = parseBool(s);
  c.result = pair(Value::Bool(r.i != 0),
                  r.err == NumErr::None ? Value() : numError(c, "ParseBool", s, r.err));
}
void Quote(ExternCtx& c) {
  c.result = makeStr(quoteGo(strOf(c.arg(0))));
}

}  // namespace

void registerStrconvExterns(ExternTable& t) {
  t["strconv.Itoa"] = {Itoa, nullptr};
  t["strconv.Atoi"] = {Atoi, nullptr};
  t["strconv.FormatInt"] = {FormatInt, nullptr};
  t["strconv.FormatUint"] = {FormatUint, nullptr};
  t["strconv.FormatFloat"] = {FormatFloat, nullptr};
  t["strconv.FormatBool"] = {FormatBool, nullptr};
  t["strconv.ParseInt"] = {ParseInt, nullptr};
  t["strconv.ParseUint"] = {ParseUint, nullptr};
  t["strconv.ParseFloat"] = {ParseFloat, nullptr};
  t["strconv.ParseBool"] = {ParseBool, nullptr};
  t["strconv.Quote"] = {Quote, nullptr};
}

}  // namespace gotimers::program

// Package strings for Go programs (strings/strings.go of Go 1.19, byte-wise; ToUpper,
// ToLower, Fields, TrimSpace and EqualFold treat ASCII only: documented), and
// strings.Builder, whose bytes live in the opaque struct's Box::nat.
#include <algorithm>

#include "go/go.h"
#include "program/externs.h"
#include "program/vm.h"
#include "program/vm_internal.h"
#include "program/vm_ops.h"

namespace gotimers::program {

namespace {

const std::string& S(ExternCtx& c, int i) {
  return strOf(c.arg(i));
}
void str(ExternCtx& c, std::string s) {
  c.result = makeStr(std::move(s));
}
bool isSpace(char ch) {
  return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\v' || ch == '\f' || ch == '\r';
}

void Contains(ExternCtx& c) {
  c.result = Value::Bool(S(c, 0).find(S(c, 1)) != std::string::npos);
}
void ContainsRune(ExternCtx& c) {
  c.result = Value::Bool(S(c, 0).find(encodeRune(c.i(1))) != std::string::npos);
}
void HasPrefix(ExternCtx& c) {
  c.result = Value::Bool(S(c, 0).starts_with(S(c, 1)));
}
void HasSuffix(ExternCtx& c) {
  c.result = Value::Bool(S(c, 0).ends_with(S(c, 1)));
}
int64_t idx(size_t p) {
  return p == std::string::npos ? -1 : static_cast<int64_t>(p);
}
void Index(ExternCtx& c) {
  c.result = Value::Int(idx(S(c, 0).find(S(c, 1))));
}
void IndexByte(ExternCtx& c) {
  c.result = Value::Int(idx(S(c, 0).find(static_cast<char>(c.i(1)))));
}
void LastIndex(ExternCtx& c) {
  c.result = Value::Int(idx(S(c, 0).rfind(S(c, 1))));
}
// genSplit(s, sep, 0, n): sep "" splits into UTF-8 sequences.
std::vector<Value> split(const std::string& s, const std::string& sep, int64_t n) {
  std::vector<Value> out;
  if (n == 0) return out;
  if (sep.empty()) {
    for (size_t i = 0; i < s.size();) {
      size_t w;
      decodeRune(s, i, &w);
      if (n > 0 && static_cast<int64_t>(out.size()) == n - 1) {
        out.push_back(makeStr(s.substr(i)));
        return out;
      }
      out.push_back(makeStr(s.substr(i, w)));
      i += w;
    }
    return out;
  }
  size_t start = 0;
  while (n < 0 || static_cast<int64_t>(out.size()) < n - 1) {
    size_t p = s.find(sep, start);
    if (p == std::string::npos) break;
    out.push_back(makeStr(s.substr(start, p - start)));
    start = p + sep.size();
  }
  out.push_back(makeStr(s.substr(start)));
  return out;
}
void Split(ExternCtx& c) {
  c.result = makeSlice(split(S(c, 0), S(c, 1), -1));
}
void SplitN(ExternCtx& c) {
  auto v = split(S(c, 0), S(c, 1), c.i(2));
  c.result = v.empty() && c.i(2) == 0 ? Value() : makeSlice(std::move(v));
}
void Fields(ExternCtx& c) {
  std::vector<Value> out;
  const std::string& s = S(c, 0);
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && isSpace(s[i]))
      i++;
    size_t j = i;
    while (j < s.size() && !isSpace(s[j]))
      j++;
    if (j > i) out.push_back(makeStr(s.substr(i, j - i)));
    i = j;
  }
  c.result = makeSlice(std::move(out));
}
void Join(ExternCtx& c) {
  std::string out;
  auto el = sliceElems(c.arg(0));
  for (size_t i = 0; i < el.size(); i++) {
    if (i) out += S(c, 1);
    out += strOf(el[i]);
  }
  str(c, std::move(out));
}
void Repeat(ExternCtx& c) {
  if (c.i(1) < 0) go::Panic("strings: negative Repeat count");
  std::string out;
  for (int64_t i = 0; i < c.i(1); i++)
    out += S(c, 0);
  str(c, std::move(out));
}
std::string replace(const std::string& s, const std::string& from, const std::string& to,
                    int64_t n) {
  if (from == to || n == 0) return s;
  std::string out;
  size_t start = 0;
  int64_t done = 0;
  if (from.empty()) {  // before every rune and at the end
    for (size_t i = 0; i <= s.size();) {
      if (n < 0 || done < n) {
        out += to;
        done++;
      }
      if (i == s.size()) break;
      size_t w;
      decodeRune(s, i, &w);
      out += s.substr(i, w);
      i += w;
    }
    return out;
  }
  while (n < 0 || done < n) {
    size_t p = s.find(from, start);
    if (p == std::string::npos) break;
    out += s.substr(start, p - start) + to;
    start = p + from.size();
    done++;
  }
  return out + s.substr(start);
}
void Replace(ExternCtx& c) {
  str(c, replace(S(c, 0), S(c, 1), S(c, 2), c.i(3)));
}
void ReplaceAll(ExternCtx& c) {
  str(c, replace(S(c, 0), S(c, 1), S(c, 2), -1));
}
void ToLower(ExternCtx& c) {
  std::string s = S(c, 0);
  for (char& ch : s)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch + 32);
  str(c, std::move(s));
}
void ToUpper(ExternCtx& c) {
  std::string s = S(c, 0);
  for (char& ch : s)
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 32);
  str(c, std::move(s));
}
void TrimSpace(ExternCtx& c) {
  const std::string& s = S(c, 0);
  size_t a = 0, b = s.size();
  while (a < b && isSpace(s[a]))
    a++;
  while (b > a && isSpace(s[b - 1]))
    b--;
  str(c, s.substr(a, b - a));
}
// cutset membership by runes
bool inSet(const std::string& set, int32_t r) {
  for (size_t i = 0; i < set.size();) {
    size_t w;
    if (decodeRune(set, i, &w) == r) return true;
    i += w;
  }
  return false;
}
size_t trimLeft(const std::string& s, const std::string& set) {
  size_t i = 0;
  while (i < s.size()) {
    size_t w;
    if (!inSet(set, decodeRune(s, i, &w))) break;
    i += w;
  }
  return i;
}
size_t trimRight(const std::string& s, size_t from, const std::string& set) {
  size_t e = s.size();
  while (e > from) {
    size_t st = e - 1;
    while (st > from && (static_cast<uint8_t>(s[st]) & 0xC0) == 0x80)
      st--;
    size_t w;
    if (!inSet(set, decodeRune(s, st, &w))) break;
    e = st;
  }
  return e;
}
void Trim(ExternCtx& c) {
  const std::string& s = S(c, 0);
  size_t a = trimLeft(s, S(c, 1));
  str(c, s.substr(a, trimRight(s, a, S(c, 1)) - a));
}
void TrimLeft(ExternCtx& c) {
  str(c, S(c, 0).substr(trimLeft(S(c, 0), S(c, 1))));
}
void TrimRight(ExternCtx& c) {
  str(c, S(c, 0).substr(0, trimRight(S(c, 0), 0, S(c, 1))));
}
void TrimPrefix(ExternCtx& c) {
  const std::string& s = S(c, 0);
  str(c, s.starts_with(S(c, 1)) ? s.substr(S(c, 1).size()) : s);
}
void TrimSuffix(ExternCtx& c) {
  const std::string& s = S(c, 0);
  str(c, s.ends_with(S(c, 1)) ? s.substr(0, s.size() - S(c, 1).size()) : s);
}
void Count(ExternCtx& c) {
  const std::string& s = S(c, 0);
  const std::string& sep = S(c, 1);
  int64_t n = 0;
  if (sep.empty()) {
    for (size_t i = 0; i < s.size(); i++)
      n += (static_cast<uint8_t>(s[i]) & 0xC0) != 0x80;
    c.result = Value::Int(n + 1);
    return;
  }
  for (size_t p = s.find(sep); p != std::string::npos; p = s.find(sep, p + sep.size()))
    n++;
  c.result = Value::Int(n);
}
void EqualFold(ExternCtx& c) {
  const std::string& a = S(c, 0);
  const std::string& b = S(c, 1);
  bool eq =
      a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
        auto lo = [](char ch) { return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch + 32) : ch; };
        return lo(x) == lo(y);
      });
  c.result = Value::Bool(eq);
}

// strings.Builder
struct BuilderObj : RefCounted {
  std::string s;
};
std::string& buf(ExternCtx& c) {
  return natOf<BuilderObj>(c.arg(0))->s;
}
Value written(size_t n) {
  return makeTuple({Value::Int(static_cast<int64_t>(n)), Value()});
}
void BWriteString(ExternCtx& c) {
  buf(c) += S(c, 1);
  c.result = written(S(c, 1).size());
}
void BWriteByte(ExternCtx& c) {
  buf(c) += static_cast<char>(c.i(1));
  c.result = Value();
}
void BWriteRune(ExternCtx& c) {
  std::string r = encodeRune(c.i(1));
  buf(c) += r;
  c.result = written(r.size());
}
void BString(ExternCtx& c) {
  str(c, buf(c));
}
void BLen(ExternCtx& c) {
  c.result = Value::Int(static_cast<int64_t>(buf(c).size()));
}
void BReset(ExternCtx& c) {
  buf(c).clear();
}
void BGrow(ExternCtx& c) {
  if (c.i(1) < 0) go::Panic("strings.Builder.Grow: negative count");
}

}  // namespace

void registerStringsExterns(ExternTable& t) {
  const std::pair<const char*, ExternSync> fs[] = {{"Contains", Contains},
                                                   {"ContainsRune", ContainsRune},
                                                   {"HasPrefix", HasPrefix},
                                                   {"HasSuffix", HasSuffix},
                                                   {"Index", Index},
                                                   {"IndexByte", IndexByte},
                                                   {"LastIndex", LastIndex},
                                                   {"Split", Split},
                                                   {"SplitN", SplitN},
                                                   {"Fields", Fields},
                                                   {"Join", Join},
                                                   {"Repeat", Repeat},
                                                   {"Replace", Replace},
                                                   {"ReplaceAll", ReplaceAll},
                                                   {"ToLower", ToLower},
                                                   {"ToUpper", ToUpper},
                                                   {"TrimSpace", TrimSpace},
                                                   {"Trim", Trim},
                                                   {"TrimLeft", TrimLeft},
                                                   {"TrimRight", TrimRight},
                                                   {"TrimPrefix", TrimPrefix},
                                                   {"TrimSuffix", TrimSuffix},
                                                   {"Count", Count},
                                                   {"EqualFold", EqualFold}};
  for (const auto& [n, f] : fs)
    t[std::string("strings.") + n] = {f, nullptr};
  const std::pair<const char*, ExternSync> bs[] = {{"WriteString", BWriteString},
                                                   {"WriteByte", BWriteByte},
                                                   {"WriteRune", BWriteRune},
                                                   {"String", BString},
                                                   {"Len", BLen},
                                                   {"Reset", BReset},
                                                   {"Grow", BGrow}};
  for (const auto& [n, f] : bs)
    t[std::string("(*strings.Builder).") + n] = {f, nullptr};
}

}  // namespace gotimers::program

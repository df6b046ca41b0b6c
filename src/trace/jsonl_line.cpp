#include "trace/jsonl_line.h"

#include <charconv>
#include <cstring>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace gotimers::trace {

namespace {
// Copies the literal s (without its NUL) to p; returns the end.
template <size_t N>
char* put(char* p, const char (&s)[N]) {
  std::memcpy(p, s, N - 1);
  return p + N - 1;
}
// Most values are small (ids, phases, results): one digit without a call.
inline char* putInt(char* p, int64_t v) {
  if (static_cast<uint64_t>(v) < 10) {
    *p = static_cast<char>('0' + v);
    return p + 1;
  }
  return std::to_chars(p, p + 20, v).ptr;
}
// Fills a fixed-width fragment with s and returns its length.
template <size_t N>
unsigned char fragment(char (&dst)[N], const std::string& s) {
  if (s.size() > N) throw std::logic_error("trace::LineFormat: fragment too long: " + s);
  std::memset(dst, 0, N);
  std::memcpy(dst, s.data(), s.size());
  return static_cast<unsigned char>(s.size());
}
}  // namespace

LineFormat::LineFormat() {
  for (size_t k = 0; k < static_cast<size_t>(trace::Kind::NumKinds); k++) {
    const auto kind = static_cast<trace::Kind>(k);
    Kind& f = kinds_[k];
    f.evLen = fragment(f.ev, std::string(",\"ev\":\"") + kindName(kind) + '"');
    f.nargs = 0;
    for (int i = 0; i < 6; i++) {
      const char* name = kindArgName(kind, i);
      if (name[0] == '\0') continue;
      Arg& a = f.args[f.nargs++];
      a.len = fragment(a.key, std::string(",\"") + name + "\":");
      a.index = static_cast<unsigned char>(i);
    }
  }
}

size_t LineFormat::textBytes(const Event& e) {
  if (e.kind == trace::Kind::HeapSnapshot) return sizeof(",\"timers\":") + e.text.size();
  if (e.text.empty()) return 0;
  return sizeof(",\"text\":\"\"") + 6 * e.text.size();  // \u00XX at worst per byte
}

char* LineFormat::write(char* p, const Event& e) {
  const Kind& f = kinds_[static_cast<size_t>(e.kind)];
  p = put(p, "{\"t\":");
  if (e.t != lastT_) {  // consecutive events often share t: keep its digits
    lastT_ = e.t;
    lastTLen_ = static_cast<unsigned char>(putInt(lastTText_, e.t) - lastTText_);
  }
  std::memcpy(p, lastTText_, sizeof lastTText_);
  p += lastTLen_;
  std::memcpy(p, f.ev, kEvWidth);
  p += f.evLen;
  if (e.p >= 0) p = putInt(put(p, ",\"P\":"), e.p);
  if (e.m >= 0) p = putInt(put(p, ",\"M\":"), e.m);
  if (e.g != 0) p = putInt(put(p, ",\"G\":"), e.g);
  for (unsigned i = 0; i < f.nargs; i++) {
    const Arg& a = f.args[i];
    std::memcpy(p, a.key, kKeyWidth);
    p = putInt(p + a.len, e.a[a.index]);
  }
  if (e.kind == trace::Kind::HeapSnapshot) {
    p = put(p, ",\"timers\":");
    std::memcpy(p, e.text.data(), e.text.size());  // already a JSON array
    p += e.text.size();
  } else if (!e.text.empty()) {
    const std::string s = nlohmann::json(e.text).dump();
    p = put(p, e.kind == trace::Kind::LockName ? ",\"name\":" : ",\"text\":");
    std::memcpy(p, s.data(), s.size());
    p += s.size();
  }
  return put(p, "}\n");
}

}  // namespace gotimers::trace

// UTF-8 as Go's unicode/utf8 encodes and decodes it.
#include "program/vm_ops.h"

namespace gotimers::program {

std::string encodeRune(int64_t r) {
  if (r < 0 || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = 0xFFFD;
  std::string out;
  auto c = static_cast<uint32_t>(r);
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

int32_t decodeRune(const std::string& s, size_t i, size_t* size) {
  auto b = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  size_t n = s.size() - i;
  uint8_t c0 = b(i);
  *size = 1;
  if (c0 < 0x80) return c0;
  auto cont = [&](size_t k) { return k < s.size() && (b(k) & 0xC0) == 0x80; };
  if (c0 >= 0xC2 && c0 < 0xE0 && n >= 2 && cont(i + 1)) {
    *size = 2;
    return ((c0 & 0x1F) << 6) | (b(i + 1) & 0x3F);
  }
  if (c0 >= 0xE0 && c0 < 0xF0 && n >= 3 && cont(i + 1) && cont(i + 2)) {
    int32_t r = ((c0 & 0x0F) << 12) | ((b(i + 1) & 0x3F) << 6) | (b(i + 2) & 0x3F);
    if (r >= 0x800 && (r < 0xD800 || r > 0xDFFF)) {
      *size = 3;
      return r;
    }
  }
  if (c0 >= 0xF0 && c0 < 0xF5 && n >= 4 && cont(i + 1) && cont(i + 2) && cont(i + 3)) {
    int32_t r = ((c0 & 0x07) << 18) | ((b(i + 1) & 0x3F) << 12) | ((b(i + 2) & 0x3F) << 6) |
                (b(i + 3) & 0x3F);
    if (r >= 0x10000 && r <= 0x10FFFF) {
      *size = 4;
      return r;
    }
  }
  return 0xFFFD;
}

}  // namespace gotimers::program

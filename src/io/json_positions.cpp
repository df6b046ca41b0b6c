#include "io/json_positions.h"

#include <cctype>
#include <string>

namespace gotimers::io {

std::string pointerEscape(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

namespace {

class Scanner {
 public:
  Scanner(std::string_view t, std::map<std::string, size_t>& values,
          std::map<std::string, size_t>& keys)
      : t_(t), values_(values), keys_(keys) {}

  void value(const std::string& ptr) {
    skipWs();
    if (i_ >= t_.size()) return;
    values_[ptr] = i_;
    char c = t_[i_];
    if (c == '{') {
      i_++;
      for (;;) {
        skipWs();
        if (i_ >= t_.size()) return;
        if (t_[i_] == '}') {
          i_++;
          return;
        }
        if (t_[i_] == ',') {
          i_++;
          continue;
        }
        size_t keyPos = i_;
        std::string key = string();
        std::string child = ptr + "/" + pointerEscape(key);
        keys_[child] = keyPos;
        skipWs();
        if (i_ < t_.size() && t_[i_] == ':') i_++;
        value(child);
        if (i_ == keyPos) i_++;  // a character nothing consumed: always make progress
      }
    } else if (c == '[') {
      i_++;
      int idx = 0;
      for (;;) {
        skipWs();
        if (i_ >= t_.size()) return;
        if (t_[i_] == ']') {
          i_++;
          return;
        }
        if (t_[i_] == ',') {
          i_++;
          continue;
        }
        size_t before = i_;
        value(ptr + "/" + std::to_string(idx++));
        if (i_ == before) i_++;  // a character nothing consumed: always make progress
      }
    } else if (c == '"') {
      string();
    } else {
      while (i_ < t_.size() && !std::isspace(static_cast<unsigned char>(t_[i_])) && t_[i_] != ',' &&
             t_[i_] != ']' && t_[i_] != '}' && t_[i_] != '/') {
        i_++;
      }
    }
  }

 private:
  std::string string() {
    std::string out;
    if (i_ < t_.size() && t_[i_] == '"') i_++;
    while (i_ < t_.size() && t_[i_] != '"') {
      if (t_[i_] == '\\' && i_ + 1 < t_.size()) {
        char e = t_[i_ + 1];
        out += e == 'n' ? '\n' : e == 't' ? '\t' : e;
        i_ += 2;
        continue;
      }
      out += t_[i_++];
    }
    i_++;
    return out;
  }
  void skipWs() {
    for (;;) {
      while (i_ < t_.size() && std::isspace(static_cast<unsigned char>(t_[i_])))
        i_++;
      if (i_ + 1 < t_.size() && t_[i_] == '/' && t_[i_ + 1] == '/') {
        while (i_ < t_.size() && t_[i_] != '\n')
          i_++;
        continue;
      }
      if (i_ + 1 < t_.size() && t_[i_] == '/' && t_[i_ + 1] == '*') {
        size_t e = t_.find("*/", i_ + 2);
        i_ = e == std::string_view::npos ? t_.size() : e + 2;
        continue;
      }
      return;
    }
  }

  std::string_view t_;
  size_t i_ = 0;
  std::map<std::string, size_t>& values_;
  std::map<std::string, size_t>& keys_;
};

}  // namespace

JsonPositions::JsonPositions(std::string_view text) : text_(text) {
  Scanner s(text, values_, keys_);
  s.value("");
}

TextPos JsonPositions::offsetToPos(std::string_view text, size_t off) {
  TextPos p;
  for (size_t i = 0; i < off && i < text.size(); i++) {
    if (text[i] == '\n') {
      p.line++;
      p.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      p.column++;  // count UTF-8 code points, not bytes
    }
  }
  return p;
}

TextPos JsonPositions::at(const std::string& pointer) const {
  std::string p = pointer;
  for (;;) {
    auto it = values_.find(p);
    if (it != values_.end()) return offsetToPos(text_, it->second);
    auto slash = p.rfind('/');
    if (slash == std::string::npos || p.empty()) return TextPos{};
    p = p.substr(0, slash);
  }
}

TextPos JsonPositions::keyAt(const std::string& pointer) const {
  auto it = keys_.find(pointer);
  if (it != keys_.end()) return offsetToPos(text_, it->second);
  return at(pointer);
}

}  // namespace gotimers::io

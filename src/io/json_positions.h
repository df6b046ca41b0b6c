// Where each value of a JSON document starts, by JSON pointer ("/main/3/op").
//
// nlohmann::json parses the document (with comments) but records no positions; this index is
// a second, lexical pass over the same text so that errors can name line:column. It assumes
// the text already parsed successfully.
#pragma once
#include <map>
#include <string>
#include <string_view>

namespace gotimers::io {

struct TextPos {
  int line = 1;
  int column = 1;
};

class JsonPositions {
 public:
  explicit JsonPositions(std::string_view text);
  // Position of the value at pointer; for a missing member, the position of its object.
  TextPos at(const std::string& pointer) const;
  // Position of the key of the member at pointer (falls back to the value).
  TextPos keyAt(const std::string& pointer) const;
  static TextPos offsetToPos(std::string_view text, size_t off);

 private:
  std::string_view text_;
  std::map<std::string, size_t> values_;
  std::map<std::string, size_t> keys_;
};

// Escapes a member name for a JSON pointer (RFC 6901).
std::string pointerEscape(std::string_view key);

}  // namespace gotimers::io

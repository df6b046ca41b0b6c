// nlohmann::json's error messages, bounded: the parser quotes all it read of the token that
// failed ("...; last read: '<text>'", "number overflow parsing '<text>'"), which for a long
// line or a file that is not JSON at all is the whole input; a message keeps at most kMaxExcerpt
// bytes of it, the end (where the error is), after "...".
#pragma once
#include <cstddef>
#include <string>

namespace gotimers::io {

constexpr size_t kMaxExcerpt = 64;

// what, with the quoted excerpt after "last read: '" or "parsing '" cut to its last
// kMaxExcerpt bytes
// (not inside a UTF-8 sequence or one of the parser's <U+XXXX> escapes).
std::string boundedJsonError(const std::string& what);

}  // namespace gotimers::io

#include "metrics/text.h"

#include <sstream>

namespace gotimers::metrics {

size_t displayWidth(std::string_view s) {
  size_t n = 0;
  for (unsigned char ch : s)
    n += (ch & 0xC0) != 0x80;
  return n;
}

std::string pad(const std::string& s, size_t w, bool right) {
  size_t have = displayWidth(s);
  std::string fill(w > have ? w - have : 0, ' ');
  return right ? fill + s : s + fill;
}

std::vector<std::string> wrapWords(const std::string& text, size_t width) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string word, line;
  while (in >> word) {
    if (!line.empty() && displayWidth(line) + 1 + displayWidth(word) > width) {
      lines.push_back(line);
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

}  // namespace gotimers::metrics

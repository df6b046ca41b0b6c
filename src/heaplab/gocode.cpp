#include "heaplab/gocode.h"

#include <string_view>

namespace gotimers::heaplab {

namespace {

struct GoFunc {
  const char* era;
  const char* tag;
  const char* name;
  const char* body;
};

const GoFunc kFuncs[] = {
#include "heaplab/gocode_data.inc"
};

std::vector<std::string> splitLines(std::string_view s) {
  std::vector<std::string> out;
  size_t b = 0;
  while (b <= s.size()) {
    size_t e = s.find('\n', b);
    if (e == std::string_view::npos) e = s.size();
    out.emplace_back(s.substr(b, e - b));
    b = e + 1;
  }
  return out;
}

}  // namespace

std::string codeEra(int goMinor) {
  if (goMinor <= 9) return "go1.9";
  if (goMinor <= 13) return "go1.13";
  if (goMinor >= 23) return "go1.23";
  if (goMinor <= 15) return goMinor == 14 ? "go1.14" : "go1.15";  // go1.14@go1.14, @go1.15
  return "go1.16";  // go1.14 and go1.14@go1.16: the rules of 1.16 to 1.22
}

std::vector<CodeFn> codeFor(const std::string& era) {
  std::vector<CodeFn> out;
  for (const GoFunc& f : kFuncs) {
    if (era == f.era) out.push_back(CodeFn{f.name, f.tag, splitLines(f.body)});
  }
  return out;
}

int lineOf(const std::string& era, const std::string& fn, const std::string& anchor, int after) {
  for (const GoFunc& f : kFuncs) {
    if (era != f.era || fn != f.name) continue;
    auto lines = splitLines(f.body);
    for (size_t i = static_cast<size_t>(std::max(after, 0)); i < lines.size(); i++) {
      if (lines[i].find(anchor) != std::string::npos) return static_cast<int>(i);
    }
  }
  return -1;
}

}  // namespace gotimers::heaplab

// Side-by-side animations: see side_by_side.h.
#include "heaplab/side_by_side.h"

#include <fmt/format.h>

#include <algorithm>

#include "eras/registry.h"
#include "io/page_data.h"

namespace gotimers::heaplab {

std::vector<std::string> parseEraList(const std::string& text, std::string* err) {
  std::vector<std::string> eras;
  for (size_t b = 0;;) {
    size_t e = text.find(',', b);
    eras.push_back(text.substr(b, e == std::string::npos ? e : e - b));
    if (e == std::string::npos) break;
    b = e + 1;
  }
  if (eras.size() < 2 || eras.size() > 4) {
    *err = "side by side takes 2 to 4 eras, comma-separated";
    return {};
  }
  for (const std::string& e : eras) {
    if (!eras::findEra(e)) {
      *err = fmt::format("unknown era '{}' (expected one of: {})", e, eras::eraNames());
      return {};
    }
    if (std::count(eras.begin(), eras.end(), e) > 1) {
      *err = fmt::format("era '{}' is given twice", e);
      return {};
    }
  }
  return eras;
}

SideBySide alignSides(std::vector<Animation> sides) {
  SideBySide s;
  s.sides = std::move(sides);
  size_t k = s.sides.size();
  std::vector<size_t> next(k, 0);  // each era's first frame not yet stepped on
  std::vector<size_t> cur(k, 0);   // each era's frame at the current step
  int lastOp = -1;
  for (const Animation& a : s.sides) {
    for (const Frame& f : a.frames)
      lastOp = std::max(lastOp, f.op);
  }
  for (int op = -1; op <= lastOp; op++) {
    // this operation's frames of each era: [next, end)
    std::vector<size_t> end(k);
    size_t longest = 0;
    for (size_t e = 0; e < k; e++) {
      const std::vector<Frame>& fs = s.sides[e].frames;
      end[e] = next[e];
      while (end[e] < fs.size() && fs[end[e]].op <= op)
        end[e]++;
      longest = std::max(longest, end[e] - next[e]);
    }
    for (size_t j = 0; j < longest; j++) {
      for (size_t e = 0; e < k; e++) {
        if (next[e] + j < end[e]) cur[e] = next[e] + j;
      }
      s.steps.push_back(cur);
    }
    next = end;
  }
  return s;
}

nlohmann::json toJson(const SideBySide& s) {
  std::vector<std::string> eras;
  nlohmann::json sides = nlohmann::json::array();
  for (const Animation& a : s.sides) {
    eras.push_back(a.era);
    sides.push_back(toJson(a));
  }
  // The operations as typed, with each era's result where the eras differ.
  nlohmann::json ops = nlohmann::json::array();
  const std::vector<OpInfo>& first = s.sides.front().ops;
  for (size_t i = 0; i < first.size(); i++) {
    std::vector<std::string> results;
    bool same = true;
    for (const Animation& a : s.sides) {
      std::string r = i < a.ops.size() ? a.ops[i].result : "";
      same = same && r == first[i].result;
      results.push_back(fmt::format("{}: {}", a.era, r.empty() ? "-" : r));
    }
    ops.push_back(
        {{"text", first[i].text},
         {"pos", first[i].pos},
         {"result", same ? first[i].result : fmt::format("{}", fmt::join(results, "; "))}});
  }
  std::string era = fmt::format("{}", fmt::join(eras, " | "));
  return {{"schema", "gotimers.animation-sides/1"},
          {"title", fmt::format("gotimers heap lab, {}", fmt::join(eras, " and "))},
          {"era", era},
          {"ops", ops},
          {"sides", sides},
          {"steps", s.steps}};
}

std::string fillPlayer(std::string_view tmpl, const SideBySide& s) {
  return io::fillPage(tmpl, "__GOTIMERS_DATA__", toJson(s).dump());
}

}  // namespace gotimers::heaplab

#include <string>

#include "heaplab/scene.h"

namespace gotimers::heaplab {

std::string fillPlayer(std::string_view tmpl, const Animation& a) {
  // '<' only occurs inside JSON strings: \u003c keeps "</script>" out of the page.
  std::string json;
  for (char c : toJson(a).dump()) {
    if (c == '<') {
      json += "\\u003c";
    } else {
      json += c;
    }
  }
  std::string out(tmpl);
  const std::string marker = "__GOTIMERS_DATA__";
  if (auto p = out.find(marker); p != std::string::npos) out.replace(p, marker.size(), json);
  return out;
}

}  // namespace gotimers::heaplab

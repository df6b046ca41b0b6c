#include "io/page_data.h"

namespace gotimers::io {

std::string fillPage(std::string_view tmpl, std::string_view marker, std::string_view json) {
  std::string data;
  data.reserve(json.size());
  for (char c : json) {
    if (c == '<') {
      data += "\\u003c";
    } else {
      data += c;
    }
  }
  std::string out(tmpl);
  if (auto p = out.find(marker); p != std::string::npos) out.replace(p, marker.size(), data);
  return out;
}

}  // namespace gotimers::io

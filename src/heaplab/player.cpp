#include <string>

#include "heaplab/scene.h"
#include "io/page_data.h"

namespace gotimers::heaplab {

std::string fillPlayer(std::string_view tmpl, const Animation& a) {
  return io::fillPage(tmpl, "__GOTIMERS_DATA__", toJson(a).dump());
}

}  // namespace gotimers::heaplab

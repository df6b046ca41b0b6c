// Pages with their data inside: a template built by scripts/build-viz.sh (the animation
// player, the report) holds a marker inside <script type="application/json">, which is
// replaced by the JSON text. Every '<' in it becomes \u003c (it can only occur inside JSON
// strings), so that no string in the data can close the script element.
#pragma once
#include <string>
#include <string_view>

namespace gotimers::io {

// tmpl with its first `marker` replaced by json, '<' escaped; tmpl unchanged without the marker.
std::string fillPage(std::string_view tmpl, std::string_view marker, std::string_view json);

}  // namespace gotimers::io

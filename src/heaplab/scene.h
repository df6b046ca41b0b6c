// Scene: one animation frame laid out as drawing primitives, shared by the animated SVG and
// the GIF writers so that both show the same pictures (the HTML player draws the same frame
// data itself, with transitions). Canvas: kSceneW x kSceneH pixels.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "heaplab/model.h"

namespace gotimers::heaplab {

inline constexpr int kSceneW = 960;
inline constexpr int kSceneH = 540;

struct Rgb {
  uint8_t r = 0, g = 0, b = 0;
  bool operator==(const Rgb&) const = default;
  std::string hex() const;
};

struct Prim {
  enum Kind { Line, Circle, Rect, Text } kind = Line;
  double x = 0, y = 0, x2 = 0, y2 = 0, r = 0;  // line: (x,y)-(x2,y2); rect: x,y,w=x2,h=y2
  Rgb fill, stroke;
  bool hasFill = false, hasStroke = false;
  double width = 1;
  // text
  std::string text;
  double size = 14;
  bool bold = false, middle = false, mono = false;
};

struct Scene {
  std::vector<Prim> prims;
  int durationMs = 1000;  // how long the frame stays on screen
};

// The scene of frame i of a (heading: title, era, operation).
Scene layoutFrame(const Animation& a, size_t i);

// Writers (content only; the CLI writes files atomically).
std::string writeSvg(const Animation& a);
// Returns false and sets *err if encoding failed, or "interrupted" once cancelled() (polled
// before each frame) returns true.
bool writeGif(const Animation& a, std::string* out, std::string* err,
              const std::function<bool()>& cancelled = {});
// The player template with the animation's JSON in place of __GOTIMERS_DATA__.
std::string fillPlayer(std::string_view tmpl, const Animation& a);

}  // namespace gotimers::heaplab

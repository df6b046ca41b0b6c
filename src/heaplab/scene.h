// Scene: one animation frame laid out as drawing primitives, shared by the animated SVG and
// the GIF writers so that both show the same pictures (the HTML player draws the same frame
// data itself, with transitions). Canvas: kSceneW x kSceneH pixels, or kLargeSceneW x
// kLargeSceneH when a heap of the animation outgrows kSmallHeap slots (SceneContext::canvas),
// so that a 64-timer heap keeps legible nodes. The tree is laid out as the player lays it out
// (tree_layout.h).
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "heaplab/model.h"

namespace gotimers::heaplab {

inline constexpr int kSceneW = 960;
inline constexpr int kSceneH = 540;
inline constexpr int kLargeSceneW = 1920;
inline constexpr int kLargeSceneH = 1080;
inline constexpr size_t kSmallHeap = 21;  // three levels of a 4-ary heap

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
  int w = kSceneW, h = kSceneH;  // the canvas
  std::vector<Prim> prims;
  int durationMs = 1000;  // how long the frame stays on screen
};

// What laying out one frame needs to know of the whole animation: each heap's largest size
// (the tree keeps one layout throughout), how many operations and frames there are. The
// in-memory writers take it from the frames; a streamed GIF from a first run of the scenario.
struct SceneContext {
  std::map<std::string, size_t> maxLen;  // heap name -> the most timers it holds in a frame
  size_t opCount = 0;                    // 1 + the largest operation index a frame has
  size_t frameCount = 0;
  void add(const Frame& f);  // one more frame
  // The canvas every frame is drawn on: the large one if a heap outgrows kSmallHeap slots.
  std::pair<int, int> canvas() const;
};
SceneContext sceneContext(const Animation& a);

// The scene of frame f, the fi-th of the animation a (heading: a's title, the operation
// opText); a's frames and ops are not read.
Scene layoutFrame(const Animation& a, const SceneContext& ctx, const Frame& f, size_t fi,
                  const std::string& opText);
// The scene of a's frame i (its operation's text from a.ops).
Scene layoutFrame(const Animation& a, const SceneContext& ctx, size_t i);
// Every colour a scene can use, then a grey ramp and a colour cube: the GIF's one palette,
// fixed before the first frame so frames can be encoded as they come. At most 256.
std::vector<Rgb> scenePalette();

// Writers (content only; the CLI writes files atomically).
std::string writeSvg(const Animation& a);

// An animated GIF written a frame at a time (memory: one frame and the encoder), to a byte
// sink (a string, an io::AtomicWriter). Looping GIF89a, w x h, scenePalette().
class GifStream {
 public:
  using Sink = std::function<void(std::string_view)>;
  // w x h: the canvas of every frame (SceneContext::canvas).
  explicit GifStream(Sink sink, int w = kSceneW, int h = kSceneH);
  ~GifStream();
  GifStream(const GifStream&) = delete;
  GifStream& operator=(const GifStream&) = delete;
  // false and *err if the encoder failed
  bool frame(const Scene& s, std::string* err);
  bool close(std::string* err);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The GIF of an animation in memory. Returns false and sets *err if encoding failed, or
// "interrupted" once cancelled() (polled before each frame) returns true.
bool writeGif(const Animation& a, std::string* out, std::string* err,
              const std::function<bool()>& cancelled = {});
// The player template with the animation's JSON in place of __GOTIMERS_DATA__.
std::string fillPlayer(std::string_view tmpl, const Animation& a);

}  // namespace gotimers::heaplab

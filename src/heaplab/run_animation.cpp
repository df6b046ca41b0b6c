#include "heaplab/run_animation.h"

#include <fmt/format.h>

namespace gotimers::heaplab {

RunAnimation animateRun(const RunAnimationOptions& o,
                        const std::function<void(trace::Sink*)>& run) {
  RecorderOptions ro;
  ro.key = [](int64_t ns) { return static_cast<double>(ns) / 1e6; };
  ro.unit = "ms";
  ro.heapFilter = o.heap;
  ro.maxFrames = o.maxFrames;
  ro.autoOps = true;
  ro.onFrame = o.onFrame;
  ro.maxBytes = ro.onFrame ? 0 : o.maxBytes;
  Recorder rec(ro);
  run(&rec);
  rec.finish();
  RunAnimation r;
  r.truncated = rec.truncated();
  r.frames = rec.frameCount();
  Animation& an = r.anim;
  an.era = o.era;
  an.title = fmt::format("{} on {}{}{}", o.name, o.era, o.heap.empty() ? "" : ", heap " + o.heap,
                         r.truncated ? fmt::format(" (first {} frames)", r.frames) : "");
  rec.describeEra(an);  // layout, buckets, state names and Go code: the era's own
  an.unit = "ms";
  an.ops = std::move(rec.ops());
  an.frames = std::move(rec.frames());
  return r;
}

}  // namespace gotimers::heaplab

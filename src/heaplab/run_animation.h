// The animation of a run (a scenario or a Go program on one era): the recorder's frames, with
// keys in ms from the start and the era's layout, state names and Go code. The command line
// (`gotimers animate SCENARIO`) and the lab page (wasm/lab_api.cpp, Go programs) both make
// theirs here; they differ only in how they run the program, which `run` does with the sink.
#pragma once
#include <functional>
#include <string>

#include "heaplab/model.h"
#include "heaplab/recorder.h"
#include "trace/event.h"

namespace gotimers::heaplab {

struct RunAnimationOptions {
  std::string name;  // the scenario's or program's, for the title
  std::string era;
  std::string heap;  // only this heap ("P1", "bucket 3", "timers"); "" = every heap
  size_t maxFrames = 600;
  size_t maxBytes = 0;  // RecorderOptions::maxBytes (not when streaming)
  // Streaming: RecorderOptions::onFrame (the animation then has no frames or ops).
  std::function<void(const Frame&, const std::string& opText)> onFrame;
};

struct RunAnimation {
  Animation anim;
  bool truncated = false;  // the recorder stopped at maxFrames or maxBytes
  size_t frames = 0;       // frames recorded
};

// Runs `run` with the recorder as its trace sink and returns the animation.
RunAnimation animateRun(const RunAnimationOptions& o, const std::function<void(trace::Sink*)>& run);

}  // namespace gotimers::heaplab

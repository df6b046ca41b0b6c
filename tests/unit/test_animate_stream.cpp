// A scenario run's animation streamed frame by frame (what `animate -o X.gif` does) is the
// animation the in-memory writers get: the same frames with the same operation texts, and
// the same GIF bytes once laid out with a SceneContext built from the streamed frames. The
// streaming recorder holds at most one frame; the in-memory one stops at its byte bound.
#include <doctest/doctest.h>
#include <gif_lib.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "harness.h"
#include "heaplab/recorder.h"
#include "heaplab/scene.h"
#include "scenario/interpreter.h"
#include "scenario/scenario.h"

using namespace gotimers;

namespace {

heaplab::RecorderOptions options(size_t maxFrames) {
  heaplab::RecorderOptions ro;
  ro.key = [](int64_t ns) { return static_cast<double>(ns) / 1e6; };
  ro.unit = "ms";
  ro.maxFrames = maxFrames;
  ro.autoOps = true;
  return ro;
}

void run(const std::string& era, heaplab::Recorder* rec) {
  scenario::Scenario s = scenario::loadScenario(std::string(GOTIMERS_SOURCE_DIR) +
                                                "/scenarios/contention/stop-storm.json");
  scenario::setParam(s, "N=40");
  scenario::RunOptions o;
  o.era = era;
  o.procs = 2;
  o.sink = rec;
  scenario::runScenario(s, o);
  rec->finish();
}

}  // namespace

TEST_CASE("animate: a streamed animation has the in-memory one's frames, texts and GIF") {
  for (auto [era, minor] :
       {std::pair{"go1.9", 9}, {"go1.13", 13}, {"go1.14", 14}, {"go1.23", 23}}) {
    CAPTURE(era);
    heaplab::Recorder kept(options(400));
    run(era, &kept);
    heaplab::Animation a;
    a.title = "stop-storm";
    a.era = era;
    a.ops = kept.ops();
    a.frames = kept.frames();
    REQUIRE(a.frames.size() > 20);
    // the era's own structures and state words (a go1.23 run's legend once listed go1.14's
    // statuses)
    kept.describeEra(a);
    CHECK(a.layout == (minor <= 9 ? "global" : minor <= 13 ? "buckets" : "perP"));
    CHECK(a.bucketCount == (minor == 13 ? 64 : 0));
    if (minor == 23) {
      CHECK(a.statuses == std::vector<std::string>{"none", "heaped", "heaped|modified",
                                                   "heaped|zombie", "heaped|modified|zombie"});
    } else if (minor == 14) {
      REQUIRE(a.statuses.size() == 10);
      CHECK(a.statuses[3] == "timerDeleted");
    } else {
      CHECK(a.statuses.empty());
    }
    CHECK(a.code.front().tag.find(minor == 14 ? "go1.16" : "go1." + std::to_string(minor)) !=
          std::string::npos);

    std::vector<heaplab::Frame> frames;
    std::vector<std::string> texts;
    heaplab::SceneContext ctx;
    heaplab::RecorderOptions ro = options(400);
    ro.onFrame = [&](const heaplab::Frame& f, const std::string& opText) {
      frames.push_back(f);
      texts.push_back(opText);
      ctx.add(f);
    };
    heaplab::Recorder streamed(ro);
    run(era, &streamed);
    CHECK(streamed.frames().empty());  // the last one was handed over by finish()
    CHECK(streamed.frameCount() == a.frames.size());
    CHECK(kept.truncated() == streamed.truncated());
    REQUIRE(frames.size() == a.frames.size());
    heaplab::Animation s = a;
    s.frames = frames;
    CHECK(heaplab::toJson(s).dump() == heaplab::toJson(a).dump());
    for (size_t i = 0; i < frames.size(); i++) {
      int op = frames[i].op;
      CHECK(texts[i] == (op >= 0 ? a.ops.at(static_cast<size_t>(op)).text : ""));
    }

    std::string whole, err;
    REQUIRE(heaplab::writeGif(a, &whole, &err));
    std::string piecewise;
    {
      auto [w, h] = ctx.canvas();
      heaplab::GifStream gs([&](std::string_view d) { piecewise.append(d); }, w, h);
      for (size_t i = 0; i < frames.size(); i++)
        REQUIRE(gs.frame(heaplab::layoutFrame(a, ctx, frames[i], i, texts[i]), &err));
      REQUIRE(gs.close(&err));
    }
    CHECK(piecewise == whole);
  }
}

TEST_CASE("animate: --max-frames and the byte bound stop recording") {
  heaplab::Recorder few(options(7));
  run("go1.14", &few);
  CHECK(few.frames().size() == 7);
  CHECK(few.truncated());

  heaplab::RecorderOptions ro = options(100000);
  ro.maxBytes = 20'000;
  heaplab::Recorder small(ro);
  run("go1.14", &small);
  CHECK(small.truncated());
  CHECK(small.frames().size() < 100);
  // it stops at the first frame past the bound
  CHECK(small.bytes() > 20'000);
  CHECK(small.bytes() < 40'000);
}

TEST_CASE("animate: the CLI streams a scenario's GIF into the file, --max-frames of it") {
  namespace fs = std::filesystem;
  gotimers::testing::TempDir dir("animate-stream");
  std::string out = dir.file("storm.gif");
  std::string cmd = std::string("cd '") + GOTIMERS_SOURCE_DIR + "' && '" + GOTIMERS_CLI +
                    "' animate stop-storm --era go1.13 --procs 2 --set N=200 --max-frames 40 -o '" +
                    out + "'";
  std::FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::array<char, 256> buf{};
  std::string said;
  while (std::fgets(buf.data(), buf.size(), p))
    said += buf.data();
  CHECK(pclose(p) == 0);
  CHECK(said.starts_with("wrote " + out + " (40 frames, "));
  CHECK_FALSE(fs::exists(out + ".tmp"));
  int e = 0;
  GifFileType* g = DGifOpenFileName(out.c_str(), &e);
  REQUIRE(g != nullptr);
  REQUIRE(DGifSlurp(g) == GIF_OK);
  CHECK(g->ImageCount == 40);
  CHECK(g->SWidth == heaplab::kSceneW);
  DGifCloseFile(g, &e);
}

// A Stop or Reset is announced before its heap steps (timer.call), so its own frames carry
// its marker: in the shipped heap-insert-delete lesson, the Stop of the 20s timer and the
// removal, fill and sift it causes (go1.9, go1.13) or the status change (go1.14). Timers keep
// the scenario's names ("as": "t20"), not their runtime ids (t2).
TEST_CASE("animate: a Stop's heap steps belong to the Stop's operation, with its result") {
  for (auto [era, minor] : {std::pair{"go1.9", 9}, {"go1.13", 13}, {"go1.14", 14}}) {
    CAPTURE(era);
    heaplab::Recorder rec(options(400));
    scenario::Scenario s = scenario::loadScenario(std::string(GOTIMERS_SOURCE_DIR) +
                                                  "/scenarios/teaching/heap-insert-delete.json");
    scenario::RunOptions o;
    o.era = era;
    o.sink = &rec;
    scenario::runScenario(s, o);
    rec.finish();
    const std::vector<heaplab::OpInfo>& ops = rec.ops();
    REQUIRE(ops.size() == 11);  // ten starts, then the Stop
    CHECK(ops.front().text == "G1 starts t5 (when +5s)");
    CHECK(ops[1].text == "G1 starts t20 (when +20s)");
    CHECK(ops.back().text == "G1 stops t20");
    CHECK(ops.back().result == "Stop = true");
    const std::vector<heaplab::Frame>& frames = rec.frames();
    auto first = std::find_if(frames.begin(), frames.end(),
                              [](const heaplab::Frame& f) { return f.op == 10; });
    REQUIRE(first != frames.end());
    CHECK(first->kind == "op");
    std::vector<std::string> kinds;
    for (auto f = first + 1; f != frames.end(); ++f)
      kinds.push_back(f->kind);
    if (minor <= 13) {
      // deltimer: t2 leaves index 1, the last timer fills the hole and sifts down
      CHECK(kinds == std::vector<std::string>{"remove", "fill", "sift", "settle"});
      // the last timer, 48s, filled the hole and sank below 22s: [5 22 30 40 50 48 25 35 28]
      std::vector<std::string> names;
      for (const heaplab::TimerSnap& t : frames.back().heaps[0].t)
        names.push_back(t.name);
      CHECK(names ==
            std::vector<std::string>{"t5", "t22", "t30", "t40", "t50", "t48", "t25", "t35", "t28"});
    } else {
      // deltimer: only a status change, timerWaiting -> timerDeleted (lazy deletion)
      REQUIRE(!kinds.empty());
      CHECK(kinds.front() == "status");
      CHECK(frames.back().heaps[0].t.size() == 10);
    }
    // every frame before the Stop's belongs to a start
    for (auto f = frames.begin(); f != first; ++f)
      CHECK(f->op < 10);
  }
}

// A start is announced before the runtime adds its timer on every era: on go1.23 the
// runtime's newTimer adds it (t.modify -> t.maybeAdd), and package time announces it first,
// so each start's heap frames carry its own marker (they went to the previous start's).
TEST_CASE("animate: every start's heap steps belong to that start, go1.23 included") {
  scenario::Scenario s = scenario::parseScenario("starts.json", R"({
    "name": "starts",
    "main": [{"op": "AfterFunc", "d": "5s", "as": "a", "body": []},
           {"op": "AfterFunc", "d": "3s", "as": "b", "body": []},
           {"op": "Stop", "timer": "b", "expect": true}]})");
  for (auto [era, minor] : {std::pair{"go1.9", 9}, {"go1.14", 14}, {"go1.23", 23}}) {
    CAPTURE(era);
    heaplab::Recorder rec(options(400));
    scenario::RunOptions o;
    o.era = era;
    o.sink = &rec;
    scenario::runScenario(s, o);
    rec.finish();
    std::vector<std::string> ops;
    for (const heaplab::OpInfo& op : rec.ops())
      ops.push_back(op.text + (op.result.empty() ? "" : " -> " + op.result));
    CHECK(ops == std::vector<std::string>{"G1 starts a (when +5s)", "G1 starts b (when +3s)",
                                          "G1 stops b -> Stop = true"});
    for (const heaplab::Frame& f : rec.frames()) {
      if (f.kind == "push") CHECK(f.op == (f.text.find(" a (") != std::string::npos ? 0 : 1));
    }
  }
}

// The lab page's entry points in WebAssembly (viz/lab.html): what `gotimers animate` writes,
// made in the browser by the same code.
//
// Every answer is a JSON text in memory the caller frees with gotimers_free:
//   gotimers_lab(eras, ops, procs, player, svg), then gotimers_take(): the heap lab.
//     {"ok": true, "frames": N, "animation", "page", "svg", "frameMs"}: the animation
//     `animate --ops OPS --era ERAS -o x.json` writes (one era: gotimers.animation; 2 to 4
//     comma-separated: the eras side by side); the page, the template `player` (built by
//     scripts/build-viz.sh) filled as `-o x.html` fills it, only when `player` is not empty;
//     the animated SVG of `-o x.svg` (one era, and only when `svg` is 1) and each frame's time
//     on screen (the page makes its GIF from the SVG's frames). Or {"ok": false, "field":
//     "era"|"ops", "error": MESSAGE} with the command line's message.
//   gotimers_program(ir, name, era, procs, heap, player, svg), then gotimers_take(): a Go
//     program's run, its IR made by gofront.wasm (src/gofront/main_js.go) from NAME.go.
//     {"ok": true, "output", "stderr", "exitCode", "report", "heapEvents", "frames",
//     "animation", "page", "svg", "frameMs"}: what the program printed, how its run ended
//     (`report`: a panic, a deadlock, a limit, as `gotimers run` prints it), and the
//     animation `animate NAME.go --era ERA [--procs N] [--heap HEAP] -o x.json` writes
//     (heaplab::animateRun); heapEvents false: no frame shows a heap, which `animate`
//     refuses. Or {"ok": false, "field": "era"|"program", "error"}. A run in the page stops
//     after 20 s of the machine's time (a program that never blocks).
//   gotimers_eras(): [{"name", "summary", "goMinor"}...], the era options in `gotimers eras`
//     order.
// gotimers_lab and gotimers_program run the simulator, whose Ms switch fibers (Asyncify
// unwinds and rewinds the wasm stack through JavaScript), so JavaScript calls them with
// ccall's {async: true}, awaits them, and then takes the answer with gotimers_take, an
// ordinary call: a return value does not survive the unwinding.
#include <emscripten/emscripten.h>

#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "eras/registry.h"
#include "heaplab/lab.h"
#include "heaplab/ops.h"
#include "heaplab/run_animation.h"
#include "heaplab/scene.h"
#include "heaplab/side_by_side.h"
#include "program/ir.h"
#include "program/run.h"
#include "runtime/command_defaults.h"

namespace {

using nlohmann::json;
using namespace gotimers;

char* give(const json& j) {
  std::string s = j.dump();
  auto* out = static_cast<char*>(std::malloc(s.size() + 1));
  std::memcpy(out, s.c_str(), s.size() + 1);
  return out;
}

char* answer = nullptr;  // the last answer, until gotimers_take

json failure(const char* field, const std::string& message) {
  return {{"ok", false}, {"field", field}, {"error", message}};
}

// The answer's .html (player not empty), .svg, frame times and frame count for one animation.
void addOutputs(json& reply, const heaplab::Animation& an, const std::string& player, bool svg) {
  reply["frames"] = an.frames.size();
  reply["animation"] = heaplab::toJson(an);
  if (!player.empty()) reply["page"] = heaplab::fillPlayer(player, an);
  if (svg) {
    reply["svg"] = heaplab::writeSvg(an);
    // each frame's time on screen, as the SVG and the GIF show it (the page's GIF)
    json ms = json::array();
    heaplab::SceneContext ctx = heaplab::sceneContext(an);
    for (size_t i = 0; i < an.frames.size(); i++)
      ms.push_back(heaplab::layoutFrame(an, ctx, i).durationMs);
    reply["frameMs"] = std::move(ms);
  }
}

json lab(const std::string& eraText, const std::string& opsText, int procs,
         const std::string& player, bool svg) {
  std::vector<std::string> eraList;
  if (eraText.find(',') != std::string::npos) {
    std::string err;
    eraList = heaplab::parseEraList(eraText, &err);
    if (eraList.empty()) return failure("era", err);
  } else if (!eras::findEra(eraText)) {
    return failure("era",
                   "unknown era '" + eraText + "' (expected one of: " + eras::eraNames() + ")");
  } else {
    eraList.push_back(eraText);
  }
  heaplab::ParseResult parsed = heaplab::parseOps(opsText);
  if (parsed.error) return failure("ops", parsed.error->format());
  if (parsed.ops.empty()) return failure("ops", "no operations (e.g. add a=20 b=48; del b; pop)");
  std::vector<heaplab::Animation> sides;
  for (const std::string& e : eraList) {
    heaplab::LabOutcome out = heaplab::runLab(parsed.ops, e, procs);
    if (out.error) {
      return failure(
          "ops", eraList.size() > 1 ? "on " + e + ": " + out.error->format() : out.error->format());
    }
    sides.push_back(std::move(out.result->anim));
  }
  json reply = {{"ok", true}};
  if (sides.size() == 1) {
    addOutputs(reply, sides[0], player, svg);
    return reply;
  }
  heaplab::SideBySide sbs = heaplab::alignSides(std::move(sides));
  reply["frames"] = sbs.steps.size();
  reply["animation"] = heaplab::toJson(sbs);
  if (!player.empty()) reply["page"] = heaplab::fillPlayer(player, sbs);
  return reply;
}

json runProgram(const std::string& irText, const std::string& name, const std::string& era,
                int procs, const std::string& heap, const std::string& player, bool svg) {
  if (!eras::findEra(era)) {
    return failure("era", "unknown era '" + era + "' (expected one of: " + eras::eraNames() + ")");
  }
  program::Program prog;
  try {
    prog = program::loadProgram(irText);
  } catch (const program::LoadError& e) {
    return failure("program", e.what());
  }
  // as `gotimers animate NAME.go` runs it (scenario::programOptions of a Go program's input)
  go::ProgramOptions po;
  po.era = era;
  po.config.gomaxprocs = procs > 0 ? procs : 1;
  po.config.seed = 1;
  po.config.wallLimitMs = 20'000;
  po.config.cost.noise_pct = rt::kCommandNoisePct;  // as every command runs
  program::VMOptions vo;
  vo.progName = name;
  std::string errText;
  go::ProgramResult res;
  heaplab::RunAnimationOptions ro;
  ro.name = name;
  ro.era = era;
  ro.heap = heap;
  ro.maxBytes = size_t{64} << 20;
  heaplab::RunAnimation ra = heaplab::animateRun(ro, [&](trace::Sink* sink) {
    po.sink = sink;
    res = program::runGoProgram(prog, po, vo, &errText);
  });
  bool heapEvents = false;  // `animate` refuses a run without any (cmd_animate.cpp)
  for (const heaplab::Frame& f : ra.anim.frames)
    heapEvents = heapEvents || f.heap >= 0;
  json reply = {{"ok", true},        {"heapEvents", heapEvents},     {"output", res.output},
                {"stderr", errText}, {"exitCode", res.run.exitCode}, {"report", res.run.report}};
  addOutputs(reply, ra.anim, player, svg);
  return reply;
}

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE void gotimers_lab(const char* eraText, const char* opsText, int procs,
                                       const char* player, int svg) {
  std::free(answer);
  answer = nullptr;
  try {
    answer = give(lab(eraText, opsText, procs, player, svg == 1));
  } catch (const std::exception& e) {
    answer = give(failure("ops", std::string("internal error: ") + e.what()));
  }
}

EMSCRIPTEN_KEEPALIVE void gotimers_program(const char* ir, const char* name, const char* era,
                                           int procs, const char* heap, const char* player,
                                           int svg) {
  std::free(answer);
  answer = nullptr;
  try {
    answer = give(runProgram(ir, name, era, procs, heap, player, svg == 1));
  } catch (const std::exception& e) {
    answer = give(failure("program", std::string("internal error: ") + e.what()));
  }
}

EMSCRIPTEN_KEEPALIVE char* gotimers_take() {
  return std::exchange(answer, nullptr);
}

EMSCRIPTEN_KEEPALIVE char* gotimers_eras() {
  json list = json::array();
  for (const eras::EraInfo& e : eras::allEras())
    list.push_back({{"name", e.name}, {"summary", e.summary}, {"goMinor", e.goMinor}});
  return give(list);
}

EMSCRIPTEN_KEEPALIVE void gotimers_free(char* p) {
  std::free(p);
}

}  // extern "C"

// The heap lab's entry points in WebAssembly, for the page (viz/site/): what `gotimers animate
// --ops OPS --era ERAS -o lab.json` writes, made in the browser by the same code.
//
// Every answer is a JSON text in memory the caller frees with gotimers_free:
//   gotimers_lab(eras, ops, procs, player, svg), then gotimers_take():
//     {"ok": true, "frames": N, "animation": ANIMATION, "page": HTML, "svg": SVG} with
//     ANIMATION the .json `animate` writes (one era: gotimers.animation; 2 to 4
//     comma-separated: the eras side by side); HTML the player (the template `player`, the
//     page scripts/build-viz.sh builds, filled as `animate -o x.html` fills it; only when
//     `player` is not empty); SVG the animated SVG of `animate -o x.svg` (one era, and only
//     when `svg` is 1), with "frameMs": each frame's time on screen (the page makes its GIF
//     from the SVG's frames). Or {"ok": false, "field": "era"|"ops", "error": MESSAGE} with the
//     command line's message.
//   gotimers_eras(): [{"name", "summary", "goMinor"}...], the era options in `gotimers eras`
//     order.
// gotimers_lab runs the simulator, whose Ms switch fibers (Asyncify unwinds and rewinds the
// wasm stack through JavaScript), so JavaScript calls it with ccall's {async: true}, awaits
// it, and then takes its answer with gotimers_take, an ordinary call: a return value does
// not survive the unwinding.
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
#include "heaplab/scene.h"
#include "heaplab/side_by_side.h"

namespace {

using nlohmann::json;
using namespace gotimers;

char* give(const json& j) {
  std::string s = j.dump();
  auto* out = static_cast<char*>(std::malloc(s.size() + 1));
  std::memcpy(out, s.c_str(), s.size() + 1);
  return out;
}

char* answer = nullptr;  // gotimers_lab's, until gotimers_take

json failure(const char* field, const std::string& message) {
  return {{"ok", false}, {"field", field}, {"error", message}};
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
    const heaplab::Animation& an = sides[0];
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
    return reply;
  }
  heaplab::SideBySide sbs = heaplab::alignSides(std::move(sides));
  reply["frames"] = sbs.steps.size();
  reply["animation"] = heaplab::toJson(sbs);
  if (!player.empty()) reply["page"] = heaplab::fillPlayer(player, sbs);
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

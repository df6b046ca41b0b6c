// The same heap-lab operations on several eras, side by side and in step (`animate --era
// go1.9,go1.14 --ops ...`). Each era's animation is kept whole; a step is one frame index per
// era. Invariant: within one operation every era moves one frame per step until its frames of
// that operation are done, then holds its last one, so that every era starts each operation
// on the same step (the operations line up; the steps inside an operation are each era's own).
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "heaplab/model.h"

namespace gotimers::heaplab {

struct SideBySide {
  std::vector<Animation> sides;            // one per era, in the order asked for
  std::vector<std::vector<size_t>> steps;  // steps[i][k]: era k's frame at step i
};

// The eras of `--era go1.9,go1.14` (2 to 4 era options, comma-separated, each known and
// given once), or an empty list and *err: what is wrong, e.g. "era 'go1.10' is unknown
// (expected one of: go1.9, ...)". The command line and the page (wasm/) both read it.
std::vector<std::string> parseEraList(const std::string& text, std::string* err);

// Aligns the eras' animations of the same operations (their ops lists are the same length).
SideBySide alignSides(std::vector<Animation> sides);

// {"schema": "gotimers.animation-sides/1", "title", "era", "ops", "sides": [animation...],
//  "steps": [[frame per era]...]}: the player reads it as it reads one animation.
nlohmann::json toJson(const SideBySide& s);
std::string fillPlayer(std::string_view tmpl, const SideBySide& s);

}  // namespace gotimers::heaplab

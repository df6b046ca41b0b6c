// `--cost-model FILE`: a JSON object of CostModel fields (docs/cost-model.md).
//
// Every member names a field of rt::CostModel and holds an integer within
// rt::CostModel::range (ns, 0 or more, for all but the machine's two fields); fields not
// named keep their defaults. Anything else is bad input: an unknown field, a
// value of another type, a document that is not an object.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "io/json_positions.h"
#include "runtime/cost_model.h"

namespace gotimers::scenario {

// Parses text (comments allowed) into a cost model: base with the fields the file names; throws
// ScenarioError naming file:line:col, the JSON path and what was expected.
rt::CostModel parseCostModel(const std::string& file, const std::string& text,
                             const rt::CostModel& base = {});
// Reads and parses the file at path.
rt::CostModel loadCostModel(const std::string& path, const rt::CostModel& base = {});
// Sets the fields that obj, the value at JSON pointer ptr of file (positions pos), names on
// *c, with the checks above; returns their names in the document's order. Shared by cost
// files and the "cost" member of a calibration figure set (metrics/figure_set.h).
std::vector<std::string> applyCostFields(const nlohmann::json& obj, const io::JsonPositions& pos,
                                         const std::string& file, const std::string& ptr,
                                         rt::CostModel* c);

}  // namespace gotimers::scenario

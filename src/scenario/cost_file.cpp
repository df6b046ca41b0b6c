#include "scenario/cost_file.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "io/json_positions.h"
#include "scenario/json_file.h"
#include "scenario/scenario.h"

namespace gotimers::scenario {

using io::JsonPositions;
using io::pointerEscape;
using io::TextPos;

using nlohmann::json;

namespace {
std::string fieldList() {
  rt::CostModel c;
  std::string out;
  for (auto& [name, v] : c.fields())
    out += (out.empty() ? "" : ", ") + name;
  return out;
}
}  // namespace

std::vector<std::string> applyCostFields(const json& obj, const JsonPositions& pos,
                                         const std::string& file, const std::string& ptr,
                                         rt::CostModel* c) {
  if (!obj.is_object()) {
    TextPos p = pos.at(ptr);
    throw ScenarioError(
        fmt::format("{}:{}:{}: at {}: expected a JSON object of cost fields (ns), one of: {}", file,
                    p.line, p.column, ptr.empty() ? "/" : ptr, fieldList()));
  }
  std::vector<std::string> names;
  auto fields = c->fields();
  for (auto& [key, value] : obj.items()) {
    std::string at = ptr + "/" + pointerEscape(key);
    auto f = std::find_if(fields.begin(), fields.end(),
                          [&k = key](const auto& kv) { return kv.first == k; });
    if (f == fields.end()) {
      TextPos p = pos.keyAt(at);
      throw ScenarioError(
          fmt::format("{}:{}:{}: at {}: unknown cost field '{}' (expected one of: {})", file,
                      p.line, p.column, at, key, fieldList()));
    }
    const rt::CostModel::Range r = rt::CostModel::range(key);
    if (!value.is_number_integer() || value.get<int64_t>() < r.min ||
        value.get<int64_t>() > r.max) {
      TextPos p = pos.at(at);
      const std::string expected =
          fmt::format("an integer from {} to {} ({})", r.min, r.max, r.unit);
      throw ScenarioError(fmt::format("{}:{}:{}: at {}: expected {}, got {}", file, p.line,
                                      p.column, at, expected, value.dump()));
    }
    *f->second = value.get<int64_t>();
    names.push_back(key);
  }
  return names;
}

rt::CostModel parseCostModel(const std::string& file, const std::string& text,
                             const rt::CostModel& base) {
  json doc = parseJsonInput(file, text, "cost model");
  JsonPositions pos(text);
  rt::CostModel c = base;
  applyCostFields(doc, pos, file, "", &c);
  return c;
}

rt::CostModel loadCostModel(const std::string& path, const rt::CostModel& base) {
  return parseCostModel(path, readInputFile(path, "cost model"), base);
}

}  // namespace gotimers::scenario

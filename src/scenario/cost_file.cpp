#include "scenario/cost_file.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "scenario/json_positions.h"
#include "scenario/scenario.h"

namespace gotimers::scenario {

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

rt::CostModel parseCostModel(const std::string& file, const std::string& text) {
  json doc;
  try {
    doc = json::parse(text, nullptr, true, /*ignore_comments=*/true);
  } catch (const json::parse_error& e) {
    TextPos p = JsonPositions::offsetToPos(text, e.byte > 0 ? e.byte - 1 : 0);
    throw ScenarioError(fmt::format("{}:{}:{}: syntax error in the cost model: {}", file, p.line,
                                    p.column, e.what()));
  }
  JsonPositions pos(text);
  if (!doc.is_object()) {
    TextPos p = pos.at("");
    throw ScenarioError(
        fmt::format("{}:{}:{}: at /: expected a JSON object of cost fields (ns), one of: {}", file,
                    p.line, p.column, fieldList()));
  }
  rt::CostModel c;
  auto fields = c.fields();
  for (auto& [key, value] : doc.items()) {
    std::string ptr = "/" + pointerEscape(key);
    auto f = std::find_if(fields.begin(), fields.end(),
                          [&k = key](const auto& kv) { return kv.first == k; });
    if (f == fields.end()) {
      TextPos p = pos.keyAt(ptr);
      throw ScenarioError(
          fmt::format("{}:{}:{}: at {}: unknown cost field '{}' (expected one of: {})", file,
                      p.line, p.column, ptr, key, fieldList()));
    }
    const rt::CostModel::Range r = rt::CostModel::range(key);
    if (!value.is_number_integer() || value.get<int64_t>() < r.min ||
        value.get<int64_t>() > r.max) {
      TextPos p = pos.at(ptr);
      const std::string expected =
          r.min == 0 && r.max == INT64_MAX
              ? fmt::format("a non-negative integer ({})", r.unit)
              : fmt::format("an integer from {} to {} ({})", r.min, r.max, r.unit);
      throw ScenarioError(fmt::format("{}:{}:{}: at {}: expected {}, got {}", file, p.line,
                                      p.column, ptr, expected, value.dump()));
    }
    *f->second = value.get<int64_t>();
  }
  return c;
}

rt::CostModel loadCostModel(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ScenarioError(
        fmt::format("{}: cannot read the cost model: {}", path, std::strerror(errno)));
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return parseCostModel(path, ss.str());
}

}  // namespace gotimers::scenario

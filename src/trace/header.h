// The first line of a JSON trace (docs/trace-schema.md): what run the events belong to.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace gotimers::trace {

struct HeaderInfo {
  std::string scenario;  // the scenario's name
  std::string file;      // where it was loaded from
  std::string text;      // its content (hashed: fnv64)
  std::string era;
  int gomaxprocs = 1;
  uint64_t seed = 1;
  // the cost model in force: rt::CostModel::values(), name/value pairs in its order
  std::vector<std::pair<std::string, int64_t>> cost;
  uint32_t categories = 0xff;
};

nlohmann::json makeHeader(const HeaderInfo& h);

}  // namespace gotimers::trace

#include "trace/header.h"

#include "sim/rng.h"
#include "trace/jsonl.h"

namespace gotimers::trace {

nlohmann::json makeHeader(const HeaderInfo& h) {
  nlohmann::json cost = nlohmann::json::object();
  for (const auto& [name, v] : h.cost)
    cost[name] = v;
  return {{"schema", "gotimers-trace"},
          {"version", kTraceSchemaVersion},
          {"tool", std::string("gotimers ") + GOTIMERS_VERSION},
          {"scenario", {{"name", h.scenario}, {"file", h.file}, {"fnv64", sim::hashName(h.text)}}},
          {"era", h.era},
          {"gomaxprocs", h.gomaxprocs},
          {"seed", h.seed},
          {"cost_model", cost},
          {"categories", catListName(h.categories)}};
}

}  // namespace gotimers::trace

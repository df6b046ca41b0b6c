#include "scenario/trace_header.h"

#include "runtime/cost_model.h"

namespace gotimers::scenario {

trace::HeaderInfo traceHeaderInfo(const Scenario& s, const std::string& era, int procs,
                                  uint64_t seed) {
  trace::HeaderInfo h;
  h.scenario = s.name;
  h.file = s.file;
  h.text = s.text;
  h.era = era;
  h.gomaxprocs = procs;
  h.seed = seed;
  h.cost = rt::CostModel{}.values();
  return h;
}

}  // namespace gotimers::scenario

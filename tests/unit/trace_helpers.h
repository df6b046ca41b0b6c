// Helpers for the trace tests: the shipped scenarios, and one traced run of a scenario on an
// era through the same pipeline as `gotimers run --trace/--perfetto` (OrderedSink -> JSONL
// and/or Perfetto).
#pragma once
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "eras/registry.h"
#include "scenario/interpreter.h"
#include "scenario/scenario.h"
#include "scenario/trace_header.h"
#include "trace/header.h"
#include "trace/jsonl.h"
#include "trace/order.h"
#include "trace/perfetto.h"

namespace gotimers::testing {

// A Perfetto export streamed into memory (the CLI streams it into a file).
class PerfettoText {
 public:
  PerfettoText() : trace_("test", [this](std::string_view piece) { text_ += piece; }) {}
  trace::PerfettoTrace& trace() { return trace_; }
  // The whole file (closed on the first call; no run may begin after it).
  const std::string& json() {
    if (!done_) trace_.finish();
    done_ = true;
    return text_;
  }

 private:
  std::string text_;
  bool done_ = false;
  trace::PerfettoTrace trace_;
};

inline std::vector<std::string> shippedScenarios() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(
           std::string(GOTIMERS_SOURCE_DIR) + "/scenarios")) {
    if (e.path().extension() != ".json" || e.path().filename() == "scenario.schema.json") continue;
    out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The benchmark-sized scenarios at about a tenth of their size: the same code paths with
// fewer repetitions, so that the tests that trace every scenario stay fast in Debug.
inline void shrink(scenario::Scenario& s) {
  for (const char* kv : {"Garbage=200", "N=100"}) {
    std::string name(kv, std::strchr(kv, '=') - kv);
    auto it = s.params.find(name);
    if (it == s.params.end() || !it->second.is_number_integer()) continue;
    int64_t want = std::stoll(std::strchr(kv, '=') + 1);
    if (it->second.get<int64_t>() > want) scenario::setParam(s, kv);
  }
}

// Eras the scenario runs on (those older than its minGo are skipped, as by run --era all).
inline std::vector<std::string> erasFor(const scenario::Scenario& s) {
  std::vector<std::string> out;
  for (const auto& e : eras::allEras())
    if (e.goMinor >= s.minGoMinor) out.push_back(e.name);
  return out;
}

// Runs s on era; writes the JSON trace to jsonl (if not empty; binary if it ends in .gtb) and
// records into perfetto (if not null). Returns the result.
inline scenario::ScenarioResult runTraced(const scenario::Scenario& s, const std::string& era,
                                          const std::string& jsonl, PerfettoText* perfetto,
                                          uint32_t cats = trace::kAllCats, bool snapshots = false,
                                          size_t* perfettoHeld = nullptr) {
  scenario::RunOptions o;
  o.era = era;
  o.eventLimit = 50'000'000;
  trace::TeeSink tee;
  trace::OrderedSink ordered(&tee);
  std::unique_ptr<trace::JsonlSink> js;
  if (!jsonl.empty()) {
    trace::HeaderInfo h = scenario::traceHeaderInfo(s, era, s.gomaxprocs, s.seed);
    h.categories = cats;
    js = std::make_unique<trace::JsonlSink>(jsonl, trace::makeHeader(h), cats, snapshots,
                                            trace::traceFormatFor(jsonl));
    tee.add(js.get());
  }
  trace::PerfettoRun* pr = nullptr;
  if (perfetto) {
    pr = &perfetto->trace().beginRun(s.name + " on " + era);
    tee.add(pr);
  }
  o.sink = &ordered;
  auto res = scenario::runScenario(s, o);
  ordered.flush();
  CHECK(ordered.late() == 0u);
  if (pr) {
    pr->finish(res.program.run.endTime);
    CHECK(pr->late() == 0u);  // the watermark's promise held
    if (perfettoHeld) *perfettoHeld = pr->maxPending();
  }
  if (js) {
    std::string err;
    CHECK(js->finish(&err));
  }
  return res;
}

// A scratch directory of this process (two test runs at once must not share files).
inline std::string tempDir(const std::string& name) {
  auto d = std::filesystem::temp_directory_path() /
           ("gotimers-" + name + "-" + std::to_string(getpid()));
  std::filesystem::create_directories(d);
  return d.string();
}

}  // namespace gotimers::testing

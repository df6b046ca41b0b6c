// Text and JSON views of heap snapshots and animations.
#include <fmt/format.h>

#include "heaplab/lab.h"

namespace gotimers::heaplab {

namespace {

std::string num(double v) {
  if (v == static_cast<double>(static_cast<int64_t>(v))) {
    return fmt::format("{}", static_cast<int64_t>(v));
  }
  return fmt::format("{:.3f}", v);
}

// "a=20", "b=48 (timerDeleted)", "c=30 (timerModifiedLater -> 50)"
std::string label(const TimerSnap& t) {
  std::string s = fmt::format("{}={}", t.name, num(t.when));
  if (!t.status.empty() && t.status != "timerWaiting") {
    s += t.nextwhen >= 0 ? fmt::format(" ({} -> {})", t.status, num(t.nextwhen))
                         : fmt::format(" ({})", t.status);
  }
  return s;
}

void tree(const HeapSnap& h, size_t i, const std::string& prefix, bool last, bool root,
          std::string* out) {
  *out += root ? "" : prefix + (last ? "└── " : "├── ");
  *out += fmt::format("[{}] {}\n", i, label(h.t[i]));
  std::string childPrefix = root ? "" : prefix + (last ? "    " : "│   ");
  size_t first = 4 * i + 1;
  for (size_t c = first; c < first + 4 && c < h.t.size(); c++) {
    bool lastChild = c + 1 == first + 4 || c + 1 == h.t.size();
    tree(h, c, childPrefix, lastChild, false, out);
  }
}

}  // namespace

std::string formatArray(const HeapSnap& h) {
  std::vector<std::string> parts;
  for (size_t i = 0; i < h.t.size(); i++)
    parts.push_back(fmt::format("[{}] {}", i, label(h.t[i])));
  return fmt::format("{}: {}", h.name,
                     parts.empty() ? "(empty)" : fmt::format("{}", fmt::join(parts, "  ")));
}

std::string formatTree(const HeapSnap& h) {
  std::string out;
  if (h.t.empty()) return "(empty)\n";
  tree(h, 0, "", true, true, &out);
  return out;
}

nlohmann::json toJson(const HeapSnap& h) {
  nlohmann::json t = nlohmann::json::array();
  for (const TimerSnap& s : h.t) {
    nlohmann::json j = {{"name", s.name}, {"id", s.id}, {"when", s.when}};
    if (!s.status.empty()) j["status"] = s.status;
    if (s.nextwhen >= 0) j["nextwhen"] = s.nextwhen;
    t.push_back(std::move(j));
  }
  return {{"name", h.name}, {"id", h.id}, {"timers", std::move(t)}};
}

nlohmann::json toJson(const Animation& a) {
  nlohmann::json frames = nlohmann::json::array();
  for (const Frame& f : a.frames) {
    nlohmann::json heaps = nlohmann::json::array();
    for (const HeapSnap& h : f.heaps)
      heaps.push_back(toJson(h));
    nlohmann::json locks = nlohmann::json::array();
    for (const LockRow& l : f.locks)
      locks.push_back({{"name", l.name}, {"holder", l.holder}, {"note", l.note}});
    nlohmann::json procs = nlohmann::json::array();
    for (const ProcRow& p : f.procs)
      procs.push_back({{"name", p.name}, {"state", p.state}});
    frames.push_back({{"kind", f.kind},
                      {"op", f.op},
                      {"t", f.t},
                      {"heap", f.heap},
                      {"hi", f.hi},
                      {"text", f.text},
                      {"fn", f.fn},
                      {"line", f.line},
                      {"heaps", heaps},
                      {"locks", locks},
                      {"procs", procs}});
  }
  nlohmann::json ops = nlohmann::json::array();
  for (const OpInfo& o : a.ops)
    ops.push_back({{"text", o.text}, {"pos", o.pos}, {"result", o.result}});
  nlohmann::json code = nlohmann::json::array();
  for (const CodeFn& c : a.code)
    code.push_back({{"name", c.name}, {"tag", c.tag}, {"lines", c.lines}});
  return {{"schema", "gotimers.animation/1"},
          {"title", a.title},
          {"era", a.era},
          {"layout", a.layout},
          {"bucketCount", a.bucketCount},
          {"unit", a.unit},
          {"statuses", a.statuses},
          {"ops", ops},
          {"code", code},
          {"frames", frames}};
}

nlohmann::json labJson(const LabResult& r) {
  nlohmann::json steps = nlohmann::json::array();
  for (const LabStep& s : r.steps) {
    nlohmann::json heaps = nlohmann::json::array();
    for (const HeapSnap& h : s.heaps)
      heaps.push_back(toJson(h));
    nlohmann::json j = {{"op", s.op.text}, {"pos", s.op.pos + 1}, {"heaps", heaps}};
    if (!s.result.empty()) j["result"] = s.result;
    steps.push_back(std::move(j));
  }
  return {{"schema", "gotimers.heaplab/1"}, {"era", r.era}, {"steps", steps}};
}

}  // namespace gotimers::heaplab

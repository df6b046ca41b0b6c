#include "metrics/reference_file.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>

#include "io/json_positions.h"
#include "metrics/json_reader.h"
#include "scenario/json_file.h"
#include "scenario/scenario.h"

namespace gotimers::metrics {

using io::JsonPositions;
using io::TextPos;
using nlohmann::json;
using scenario::ScenarioError;

namespace {

// "go version go1.10.8 linux/amd64" -> "go1.10.8"; else the text itself, or fallback.
std::string shortVersion(const std::string& version, const std::string& fallback) {
  static const std::regex re("go[0-9]+(\\.[0-9]+)*");
  std::smatch m;
  if (std::regex_search(version, m, re)) return m.str();
  return version.empty() ? fallback : version;
}

class Parser : public JsonReader {
 public:
  using JsonReader::JsonReader;

  Reference parse(const json& doc) const {
    expectSchema(doc, "gotimers-reference", 1);
    Reference ref;
    std::string machine = text(doc, "", "machine", true);
    std::string oldVersion = text(doc, "", "old", true);
    std::string newVersion = text(doc, "", "new", true);
    text(doc, "", "source", false);
    ref.oldName = shortVersion(oldVersion, "old");
    ref.newName = shortVersion(newVersion, "new");
    ref.title = fmt::format("real {} -> {} on {} ({})", ref.oldName, ref.newName, machine, file());

    const json& ns = member(doc, "", "ns_per_op", "an object of benchmarks");
    if (!ns.is_object())
      fail("/ns_per_op",
           "expected an object of benchmarks, e.g. {\"Stop\": {\"old\": {...}, \"new\": {...}}}");
    for (const auto& [name, b] : ns.items()) {
      if (!benchmarkScenario(name)) {
        fail("/ns_per_op/" + io::pointerEscape(name),
             fmt::format("unknown benchmark \"{}\" (expected one of: {})", name,
                         calibrationBenchmarkNames()),
             /*atKey=*/true);
      }
    }
    for (const auto& [name, scenarioName] : calibrationBenchmarks()) {
      if (!ns.contains(name)) continue;
      std::string ptr = "/ns_per_op/" + io::pointerEscape(name);
      const json& b = ns.at(name);
      if (!b.is_object()) fail(ptr, "expected an object with \"old\" and \"new\"");
      auto oldNs = figures(member(b, ptr, "old", "ns per op by GOMAXPROCS"), ptr + "/old");
      auto newNs = figures(member(b, ptr, "new", "ns per op by GOMAXPROCS"), ptr + "/new");
      for (int procs : {2, 4}) {
        if (!oldNs.count(procs) || !newNs.count(procs)) continue;
        double o = oldNs[procs], n = newNs[procs];
        ref.changes.push_back({scenarioName, name, procs, o, n, (n - o) * 100 / o});
      }
    }
    if (ref.changes.empty())
      fail("/ns_per_op", "no benchmark has both \"old\" and \"new\" figures at GOMAXPROCS 2 or 4");
    return ref;
  }
};

}  // namespace

Reference parseReference(const std::string& file, const std::string& text) {
  json doc = scenario::parseJsonInput(file, text, "reference");
  return Parser(file, text).parse(doc);
}

Reference loadReference(const std::string& path) {
  return parseReference(path, scenario::readInputFile(path, "reference"));
}

}  // namespace gotimers::metrics

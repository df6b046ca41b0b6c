#include "metrics/reference_file.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>

#include "io/json_positions.h"
#include "scenario/json_file.h"
#include "scenario/scenario.h"

namespace gotimers::metrics {

using io::JsonPositions;
using io::TextPos;
using nlohmann::json;
using scenario::ScenarioError;

namespace {

std::string benchmarkNames() {
  std::string out;
  for (const auto& [name, scenario] : calibrationBenchmarks())
    out += (out.empty() ? "" : ", ") + name;
  return out;
}

// "go version go1.10.8 linux/amd64" -> "go1.10.8"; else the text itself, or fallback.
std::string shortVersion(const std::string& version, const std::string& fallback) {
  static const std::regex re("go[0-9]+(\\.[0-9]+)*");
  std::smatch m;
  if (std::regex_search(version, m, re)) return m.str();
  return version.empty() ? fallback : version;
}

class Parser {
 public:
  Parser(const std::string& file, const std::string& text) : file_(file), pos_(text) {}

  // A bad value, placed at the value (or, atKey, at its member's key).
  [[noreturn]] void fail(const std::string& ptr, const std::string& what,
                         bool atKey = false) const {
    TextPos p = atKey ? pos_.keyAt(ptr) : pos_.at(ptr);
    throw ScenarioError(
        fmt::format("{}:{}:{}: at {}: {}", file_, p.line, p.column, ptr.empty() ? "/" : ptr, what));
  }

  const json& member(const json& obj, const std::string& ptr, const std::string& key,
                     const char* expected) const {
    if (!obj.contains(key)) fail(ptr, fmt::format("missing \"{}\" ({})", key, expected));
    return obj.at(key);
  }

  std::string text(const json& obj, const std::string& ptr, const std::string& key,
                   bool required) const {
    if (!obj.contains(key)) {
      if (required) fail(ptr, fmt::format("missing \"{}\" (a string)", key));
      return "";
    }
    if (!obj.at(key).is_string()) fail(ptr + "/" + key, "expected a string");
    return obj.at(key).get<std::string>();
  }

  // {"1": ns, "2": ns, ...}: positive numbers keyed by GOMAXPROCS.
  std::map<int, double> figures(const json& v, const std::string& ptr) const {
    if (!v.is_object())
      fail(ptr, "expected an object of ns per op by GOMAXPROCS, e.g. {\"2\": 3430000}");
    std::map<int, double> out;
    for (const auto& [key, ns] : v.items()) {
      std::string at = ptr + "/" + io::pointerEscape(key);
      int procs = 0;
      auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), procs);
      if (ec != std::errc() || end != key.data() + key.size() || procs < 1 || procs > 256) {
        fail(at, fmt::format("expected a GOMAXPROCS from 1 to 256 as the key, got \"{}\"", key),
             /*atKey=*/true);
      }
      if (!ns.is_number() || ns.get<double>() <= 0 || !std::isfinite(ns.get<double>()))
        fail(at, fmt::format("expected a positive number of ns per op, got {}", ns.dump()));
      out[procs] = ns.get<double>();
    }
    return out;
  }

  Reference parse(const json& doc) const {
    if (!doc.is_object()) fail("", "expected a JSON object (a gotimers-reference file)");
    const json& schema = member(doc, "", "schema", "\"gotimers-reference\"");
    if (schema != "gotimers-reference")
      fail("/schema", fmt::format("expected \"gotimers-reference\", got {}", schema.dump()));
    const json& version = member(doc, "", "version", "1");
    if (version != 1) fail("/version", fmt::format("expected 1, got {}", version.dump()));
    Reference ref;
    std::string machine = text(doc, "", "machine", true);
    std::string oldVersion = text(doc, "", "old", true);
    std::string newVersion = text(doc, "", "new", true);
    text(doc, "", "source", false);
    ref.oldName = shortVersion(oldVersion, "old");
    ref.newName = shortVersion(newVersion, "new");
    ref.title = fmt::format("real {} -> {} on {} ({})", ref.oldName, ref.newName, machine, file_);

    const json& ns = member(doc, "", "ns_per_op", "an object of benchmarks");
    if (!ns.is_object())
      fail("/ns_per_op",
           "expected an object of benchmarks, e.g. {\"Stop\": {\"old\": {...}, \"new\": {...}}}");
    for (const auto& [name, b] : ns.items()) {
      if (!benchmarkScenario(name)) {
        fail("/ns_per_op/" + io::pointerEscape(name),
             fmt::format("unknown benchmark \"{}\" (expected one of: {})", name, benchmarkNames()),
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

 private:
  std::string file_;
  JsonPositions pos_;
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

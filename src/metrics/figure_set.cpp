#include "metrics/figure_set.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>

#include "metrics/calibration.h"
#include "metrics/json_reader.h"
#include "scenario/cost_file.h"
#include "scenario/json_file.h"
#include "scenario/scenario.h"

namespace gotimers::metrics {

using nlohmann::json;

rt::CostModel FigureSet::costFor(const rt::CostModel& base) const {
  rt::CostModel c = base;
  for (auto& [name, field] : c.fields())
    for (const auto& [set, value] : machineCost)
      if (set == name) *field = value;
  return c;
}

std::vector<FigureChange> figureChanges(const FigureSet& set) {
  std::vector<FigureChange> out;
  const auto& f = set.figures;
  if (set.versions.size() == 1) {
    for (size_t i = 0; i + 1 < f.size(); i++)
      if (f[i].goName == f[i + 1].goName) out.push_back({i, i + 1});
    return out;
  }
  for (size_t v = 0; v + 1 < set.versions.size(); v++)
    for (size_t i = 0; i < f.size(); i++) {
      if (f[i].goVersion != set.versions[v]) continue;
      for (size_t j = 0; j < f.size(); j++)
        if (f[j].goVersion == set.versions[v + 1] && f[j].goName == f[i].goName &&
            f[j].procs == f[i].procs)
          out.push_back({i, j});
    }
  return out;
}

std::string eraForGoVersion(const std::string& version) {
  static const std::regex re("go1\\.([0-9]{1,3})(\\.[0-9]{1,3})?");
  std::smatch m;
  if (!std::regex_match(version, m, re)) return "";
  int minor = std::stoi(m[1].str());
  if (minor < 1) return "";
  if (minor <= 9) return "go1.9";
  if (minor <= 13) return "go1.13";
  if (minor == 14) return "go1.14@go1.14";
  if (minor == 15) return "go1.14@go1.15";
  if (minor <= 22) return "go1.14@go1.16";
  return "go1.23";
}

std::string benchPattern(const std::string& goName) {
  std::string out = "^Benchmark";
  for (char ch : goName) {
    if (ch == '/') {
      out += "$/^";
      continue;
    }
    if (std::string_view("\\^$.|?*+()[]{}").find(ch) != std::string_view::npos) out += '\\';
    out += ch;
  }
  return out + "$";
}

namespace {

// The members a set's figures may be under: the run metrics they are.
constexpr const char* kFigureMetrics[] = {"ns_per_op", "avg_late_ns", "max_late_ns"};

class Parser : public JsonReader {
 public:
  using JsonReader::JsonReader;

  FigureSet parse(const json& doc) const {
    expectSchema(doc, "gotimers-figures", 1);
    for (const auto& [key, v] : doc.items()) {
      static const char* known[] = {"schema",    "version",     "source",      "cite",
                                    "machine",   "cost",        "garbage",     "versions",
                                    "ns_per_op", "avg_late_ns", "max_late_ns", "program",
                                    "benchtime", "unstable",    "unstable_why"};
      if (std::find(std::begin(known), std::end(known), key) == std::end(known))
        fail("/" + io::pointerEscape(key),
             fmt::format("unknown member \"{}\" (expected schema, version, source, cite, machine, "
                         "cost, garbage, versions, ns_per_op, avg_late_ns, max_late_ns, program, "
                         "benchtime, unstable, unstable_why)",
                         key),
             /*atKey=*/true);
    }
    FigureSet s;
    int metrics = 0;
    for (const char* m : kFigureMetrics)
      if (doc.contains(m)) {
        s.metric = m;
        metrics++;
      }
    if (metrics != 1)
      fail("", fmt::format("expected the figures under exactly one of ns_per_op, avg_late_ns, "
                           "max_late_ns ({} found)",
                           metrics));
    if (doc.contains("program")) {
      s.program = text(doc, "", "program", true);
      if (s.program.find("..") != std::string::npos || s.program.starts_with("/"))
        fail("/program", fmt::format("expected a directory of Go tests under the scenarios "
                                     "directory, such as \"benchmarks/go1.16\", got \"{}\"",
                                     s.program));
      if (doc.contains("benchtime")) s.benchtime = text(doc, "", "benchtime", true);
    } else if (doc.contains("benchtime")) {
      fail("/benchtime", "\"benchtime\" goes with \"program\" (Go's own benchmarks)",
           /*atKey=*/true);
    } else if (s.metric != "ns_per_op") {
      fail("/" + s.metric,
           fmt::format("\"{}\" figures need \"program\": the benchmark scenarios report "
                       "ns_per_op only",
                       s.metric),
           /*atKey=*/true);
    }
    s.file = file();
    s.source = text(doc, "", "source", true);
    s.cite = text(doc, "", "cite", true);
    s.machine = text(doc, "", "machine", true);
    if (doc.contains("cost")) {
      rt::CostModel scratch;
      std::vector<std::string> names =
          scenario::applyCostFields(doc["cost"], positions(), file(), "/cost", &scratch);
      for (const std::string& name : names)
        for (const auto& [field, value] : scratch.values())
          if (field == name) s.machineCost.emplace_back(name, value);
    }
    if (doc.contains("garbage")) {
      const json& g = doc["garbage"];
      if (!g.is_number_integer() || g.get<int64_t>() < 0 || g.get<int64_t>() > (1 << 20))
        fail("/garbage",
             fmt::format("expected idle timers per P, an integer from 0 to 1048576, got {}",
                         g.dump()));
      s.garbage = g.get<int64_t>();
    }
    parseVersions(member(doc, "", "versions", "Go releases, oldest first"), &s);
    parseFigures(member(doc, "", s.metric, "an object of figures by Go version"), &s);
    if (doc.contains("unstable")) parseUnstable(doc, &s);
    return s;
  }

 private:
  void parseVersions(const json& v, FigureSet* s) const {
    if (!v.is_array() || v.empty())
      fail("/versions", "expected a non-empty array of Go releases, e.g. [\"go1.9\", \"go1.10\"]");
    for (size_t i = 0; i < v.size(); i++) {
      std::string at = fmt::format("/versions/{}", i);
      if (!v[i].is_string() || eraForGoVersion(v[i].get<std::string>()).empty())
        fail(at, fmt::format("expected a Go release such as \"go1.10\", got {}", v[i].dump()));
      std::string name = v[i].get<std::string>();
      if (std::find(s->versions.begin(), s->versions.end(), name) != s->versions.end())
        fail(at, fmt::format("\"{}\" is listed twice", name));
      s->versions.push_back(name);
    }
  }

  // "unstable": {"AfterFunc": [1, 2]} with "unstable_why".
  void parseUnstable(const json& doc, FigureSet* s) const {
    const json& u = doc["unstable"];
    if (!u.is_object())
      fail("/unstable",
           "expected an object of GOMAXPROCS lists by benchmark, e.g. "
           "{\"AfterFunc\": [1, 2]}");
    s->unstableWhy = text(doc, "", "unstable_why", true);
    for (const auto& [name, list] : u.items()) {
      std::string ptr = "/unstable/" + io::pointerEscape(name);
      if (s->program.empty() && !benchmarkScenario(name))
        fail(ptr, fmt::format("unknown benchmark \"{}\"", name), /*atKey=*/true);
      if (!list.is_array()) fail(ptr, "expected an array of GOMAXPROCS, e.g. [1, 2]");
      for (size_t i = 0; i < list.size(); i++) {
        std::string at = fmt::format("{}/{}", ptr, i);
        if (!list[i].is_number_integer()) fail(at, "expected a GOMAXPROCS (an integer)");
        int procs = list[i].get<int>();
        bool found = false;
        for (Figure& f : s->figures)
          if (f.goName == name && f.procs == procs) {
            f.unstable = true;
            found = true;
          }
        if (!found)
          fail(at,
               fmt::format("no figure of {} at GOMAXPROCS {} in \"{}\"", name, procs, s->metric));
      }
    }
  }

  void parseFigures(const json& ns, FigureSet* s) const {
    const std::string top = "/" + s->metric;
    if (!ns.is_object())
      fail(top, "expected an object of figures by Go version, e.g. {\"go1.9\": {...}}");
    for (const auto& [version, benches] : ns.items())
      if (std::find(s->versions.begin(), s->versions.end(), version) == s->versions.end())
        fail(top + "/" + io::pointerEscape(version),
             fmt::format("\"{}\" is not one of \"versions\"", version), /*atKey=*/true);
    for (const std::string& version : s->versions) {
      std::string vptr = top + "/" + io::pointerEscape(version);
      if (!ns.contains(version))
        fail(top, fmt::format("missing \"{}\" (figures of each of \"versions\")", version));
      const json& benches = ns.at(version);
      if (!benches.is_object())
        fail(vptr, "expected an object of benchmarks, e.g. {\"Stop\": {\"1\": 698000}}");
      if (!s->program.empty()) {
        // Go's own benchmarks: any name go test can select (sorted: the JSON object's order)
        for (const auto& [name, b] : benches.items()) {
          std::string bptr = vptr + "/" + io::pointerEscape(name);
          if (name.empty() || name.find_first_of(" \t") != std::string::npos ||
              name.starts_with("Benchmark"))
            fail(bptr,
                 fmt::format("expected Go's benchmark name without \"Benchmark\", such as "
                             "\"ParallelTimerLatency\", got \"{}\"",
                             name),
                 /*atKey=*/true);
          for (const auto& [procs, value] : figures(b, bptr))
            s->figures.push_back({version, eraForGoVersion(version), name, name, procs, value});
        }
        continue;
      }
      for (const auto& [name, b] : benches.items())
        if (!benchmarkScenario(name))
          fail(vptr + "/" + io::pointerEscape(name),
               fmt::format("unknown benchmark \"{}\" (expected one of: {})", name,
                           calibrationBenchmarkNames()),
               /*atKey=*/true);
      for (const auto& [goName, bench] : calibrationBenchmarks()) {
        if (!benches.contains(goName)) continue;
        std::string bptr = vptr + "/" + io::pointerEscape(goName);
        for (const auto& [procs, nsPerOp] : figures(benches.at(goName), bptr))
          s->figures.push_back({version, eraForGoVersion(version), goName, bench, procs, nsPerOp});
      }
    }
  }
};

}  // namespace

FigureSet parseFigureSet(const std::string& file, const std::string& text) {
  json doc = scenario::parseJsonInput(file, text, "figure set");
  return Parser(file, text).parse(doc);
}

FigureSet loadFigureSet(const std::string& path) {
  return parseFigureSet(path, scenario::readInputFile(path, "figure set"));
}

std::vector<FigureSet> loadFigureSets(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return {loadFigureSet(path)};
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(path, ec))
    if (e.path().extension() == ".json") files.push_back(e.path().string());
  if (ec) throw scenario::ScenarioError(fmt::format("{}: cannot read: {}", path, ec.message()));
  if (files.empty())
    throw scenario::ScenarioError(
        fmt::format("{}: no figure sets (*.json) in this directory", path));
  std::sort(files.begin(), files.end());
  std::vector<FigureSet> sets;
  for (const auto& f : files)
    sets.push_back(loadFigureSet(f));
  return sets;
}

}  // namespace gotimers::metrics

// A scenario: a small Go program written as JSON (docs/scenario-format.md).
//
// Invariant: a loaded Scenario has passed validation against the op table (schema.h): every
// op is known, has its required fields with the right JSON types, and no unknown fields;
// every op remembers its JSON pointer so run-time errors and failed expectations can name
// the file, line:column and path.
#pragma once
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "io/json_positions.h"

namespace gotimers::scenario {

struct Op;
using Block = std::vector<Op>;

struct SelectCase {
  bool isSend = false;
  std::string chan;  // reference, e.g. "c" or "t.C"
  std::string as;    // bound name for the received value
  std::string okAs;  // bound name for ok
  nlohmann::json value;
  Block body;
  std::string path;
};

struct Op {
  std::string op;       // "NewTimer", "recv", ...
  nlohmann::json args;  // the op object as written
  std::string path;     // JSON pointer, e.g. "/main/3"
  Block body;           // go, loop, AfterFunc, recover
  Block defaultBody;    // select default
  bool hasDefault = false;
  std::vector<SelectCase> cases;
};

struct Scenario {
  std::string file;  // as given on the command line
  std::string text;  // the file's content
  std::string name;
  std::string description;
  std::string goSource;  // the Go program it stands for (optional)
  // "goProgram": the shipped Go program that runs the same workload, "FILE ARGS...", FILE
  // relative to this file's directory ("timers.go -bench StartStop"); optional
  std::string goProgram;
  int gomaxprocs = 1;
  int minGoMinor = 0;  // "minGo": "1.15" -> 15; eras of older Go versions are skipped
  uint64_t seed = 1;
  std::optional<int64_t> timeLimit;
  std::map<std::string, nlohmann::json> params;  // name -> default value (int or duration)
  Block main;
  nlohmann::json expect;    // top-level expectations (exit, panic, output)
  nlohmann::json expectOn;  // {"sync"|"lazy"|"go1.23": expectations replacing expect there}
  std::shared_ptr<io::JsonPositions> positions;
  // "file:line:col" of a JSON pointer
  std::string where(const std::string& pointer) const;
};

// A load or validation error: exit code 2.
struct ScenarioError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Reads and validates a scenario file (JSON with comments). Throws ScenarioError with a
// message "FILE:LINE:COL: PATH: what was found, what was expected".
Scenario loadScenario(const std::string& path);
Scenario parseScenario(const std::string& file, const std::string& text);

// Overrides a parameter from the command line (`--set N=1000`); throws ScenarioError.
void setParam(Scenario& s, const std::string& assignment);

}  // namespace gotimers::scenario

// The table of scenario operations: each op's fields, their types, and docs. The loader
// validates against it, `gotimers scenarios schema` prints the JSON Schema derived from it,
// and docs/scenario-format.md documents the same table.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace gotimers::scenario {

enum class FieldType {
  Duration,  // "100ms", a number of ns, "$param", "$i*10ms"
  Int,       // 3, "$N", "$i*2"
  Bool,
  Name,  // an identifier to bind
  Ref,   // a bound name ("t", "c", "t.C")
  String,
  OpList,  // a list of ops
  Cases,   // select cases
  Value,   // any JSON value (send value, expectations)
};

struct FieldSpec {
  const char* name;
  FieldType type;
  bool required;
  const char* doc;
};

struct OpSpec {
  const char* name;
  std::vector<FieldSpec> fields;
  const char* doc;
  const char* go;  // the Go statement it stands for
};

const std::vector<OpSpec>& opSpecs();
const OpSpec* findOp(const std::string& name);
std::string opNames();
const char* fieldTypeName(FieldType t);
// The JSON Schema (draft-07) of scenario files.
nlohmann::json jsonSchema();

}  // namespace gotimers::scenario

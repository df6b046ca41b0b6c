// Reading a JSON document of figures with errors that name the place: the shared part of the
// calibration's readers (metrics/reference_file.h, metrics/figure_set.h). Every failure
// throws scenario::ScenarioError "FILE:LINE:COL: at POINTER: what was expected".
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "io/json_positions.h"

namespace gotimers::metrics {

class JsonReader {
 public:
  JsonReader(const std::string& file, const std::string& text) : file_(file), pos_(text) {}

  const std::string& file() const { return file_; }
  const io::JsonPositions& positions() const { return pos_; }

  // A bad value, placed at the value (or, atKey, at its member's key).
  [[noreturn]] void fail(const std::string& ptr, const std::string& what, bool atKey = false) const;
  // obj's member key, or a failure "missing "key" (expected)".
  const nlohmann::json& member(const nlohmann::json& obj, const std::string& ptr,
                               const std::string& key, const char* expected) const;
  // obj's string member key; "" if it is absent and not required.
  std::string text(const nlohmann::json& obj, const std::string& ptr, const std::string& key,
                   bool required) const;
  // The document's "schema" and "version" members must be these.
  void expectSchema(const nlohmann::json& doc, const char* schema, int version) const;
  // {"1": ns, "2": ns, ...}: positive numbers keyed by GOMAXPROCS from 1 to 256.
  std::map<int, double> figures(const nlohmann::json& v, const std::string& ptr) const;

 private:
  std::string file_;
  io::JsonPositions pos_;
};

}  // namespace gotimers::metrics

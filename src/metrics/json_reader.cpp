#include "metrics/json_reader.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "scenario/scenario.h"

namespace gotimers::metrics {

using nlohmann::json;

void JsonReader::fail(const std::string& ptr, const std::string& what, bool atKey) const {
  io::TextPos p = atKey ? pos_.keyAt(ptr) : pos_.at(ptr);
  throw scenario::ScenarioError(
      fmt::format("{}:{}:{}: at {}: {}", file_, p.line, p.column, ptr.empty() ? "/" : ptr, what));
}

const json& JsonReader::member(const json& obj, const std::string& ptr, const std::string& key,
                               const char* expected) const {
  if (!obj.contains(key)) fail(ptr, fmt::format("missing \"{}\" ({})", key, expected));
  return obj.at(key);
}

std::string JsonReader::text(const json& obj, const std::string& ptr, const std::string& key,
                             bool required) const {
  if (!obj.contains(key)) {
    if (required) fail(ptr, fmt::format("missing \"{}\" (a string)", key));
    return "";
  }
  if (!obj.at(key).is_string()) fail(ptr + "/" + key, "expected a string");
  return obj.at(key).get<std::string>();
}

void JsonReader::expectSchema(const json& doc, const char* schema, int version) const {
  if (!doc.is_object()) fail("", fmt::format("expected a JSON object (a {} file)", schema));
  const json& s = member(doc, "", "schema", fmt::format("\"{}\"", schema).c_str());
  if (s != schema) fail("/schema", fmt::format("expected \"{}\", got {}", schema, s.dump()));
  const json& v = member(doc, "", "version", std::to_string(version).c_str());
  if (v != version) fail("/version", fmt::format("expected {}, got {}", version, v.dump()));
}

std::map<int, double> JsonReader::figures(const json& v, const std::string& ptr) const {
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

}  // namespace gotimers::metrics

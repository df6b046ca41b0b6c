#include "trace/check.h"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_map>

#include "io/json_line.h"
#include "trace/event.h"
#include "trace/jsonl.h"

namespace gotimers::trace {

namespace {

using nlohmann::json;

class Checker {
 public:
  Checker(const std::string& name, size_t maxErrors) : name_(name), max_(maxErrors) {
    for (int k = 0; k < static_cast<int>(Kind::NumKinds); k++)
      kinds_[kindName(static_cast<Kind>(k))] = static_cast<Kind>(k);
  }

  void error(uint64_t line, const std::string& what) {
    errorAt(fmt::format("{}:{}: {}", name_, line, what));
  }
  // An error whose message already names the file and place.
  void errorAt(const std::string& message) {
    res.errorCount++;
    if (res.errors.size() < max_) res.errors.push_back(message);
  }

  void header(uint64_t ln, const json& h) {
    if (!h.is_object()) return error(ln, "the header must be a JSON object");
    auto need = [&](const char* key, json::value_t type) -> const json* {
      auto it = h.find(key);
      if (it == h.end()) {
        error(ln, fmt::format("header: missing \"{}\"", key));
        return nullptr;
      }
      bool ok =
          it->type() == type || (type == json::value_t::number_integer && it->is_number_unsigned());
      if (!ok) {
        error(ln, fmt::format("header: \"{}\" must be {}", key, json(type).type_name()));
        return nullptr;
      }
      return &*it;
    };
    if (auto* s = need("schema", json::value_t::string); s && *s != "gotimers-trace")
      error(ln, "header: \"schema\" must be \"gotimers-trace\"");
    if (auto* v = need("version", json::value_t::number_integer);
        v && (*v < kTraceSchemaOldestReadable || *v > kTraceSchemaVersion))
      error(ln, fmt::format("header: schema version {} (this gotimers reads versions {} to {})",
                            v->dump(), kTraceSchemaOldestReadable, kTraceSchemaVersion));
    need("tool", json::value_t::string);
    if (auto* sc = need("scenario", json::value_t::object)) {
      if (!sc->contains("name") || !(*sc)["name"].is_string())
        error(ln, "header: scenario.name must be a string");
      if (!sc->contains("fnv64") || !(*sc)["fnv64"].is_number_unsigned())
        error(ln, "header: scenario.fnv64 must be an unsigned integer");
    }
    need("era", json::value_t::string);
    if (auto* p = need("gomaxprocs", json::value_t::number_integer); p && p->get<int64_t>() < 1)
      error(ln, "header: gomaxprocs must be >= 1");
    need("seed", json::value_t::number_integer);
    if (auto* c = need("cost_model", json::value_t::object)) {
      for (auto& [k, v] : c->items())
        if (!v.is_number()) error(ln, fmt::format("header: cost_model.{} must be a number", k));
    }
    if (auto* c = need("categories", json::value_t::string)) {
      std::string err;
      if (!parseCatList(c->get<std::string>(), &cats_, &err))
        error(ln, "header: categories: " + err);
    }
  }

  static bool isInt(const json& v) { return v.is_number_integer(); }

  // The event's M, if it has an integer one (another one is reported as the event's error).
  static std::optional<int64_t> actorM(const json& e) {
    auto it = e.find("M");
    if (it == e.end() || !isInt(*it)) return std::nullopt;
    return it->get<int64_t>();
  }

  void event(uint64_t ln, const json& e) {
    if (!e.is_object()) return error(ln, "an event must be a JSON object");
    auto t = e.find("t");
    if (t == e.end() || !isInt(*t) || t->get<int64_t>() < 0)
      return error(ln, "\"t\" must be a non-negative integer (ns)");
    int64_t tv = t->get<int64_t>();
    if (tv < lastT_) error(ln, fmt::format("t={} is before the previous line's t={}", tv, lastT_));
    lastT_ = std::max(lastT_, tv);
    auto ev = e.find("ev");
    if (ev == e.end() || !ev->is_string()) return error(ln, "\"ev\" must be a string");
    auto kit = kinds_.find(ev->get<std::string>());
    if (kit == kinds_.end()) return error(ln, fmt::format("unknown event {}", ev->dump()));
    Kind k = kit->second;
    if (!(static_cast<uint32_t>(kindCat(k)) & cats_))
      error(ln, fmt::format("{} is not in the header's categories", kindName(k)));
    std::map<std::string, int64_t> args;
    size_t expected = 2;
    for (const char* actor : {"P", "M", "G"}) {
      auto it = e.find(actor);
      if (it == e.end()) continue;
      expected++;
      if (!isInt(*it) || it->get<int64_t>() < (actor[0] == 'G' ? 1 : 0))
        error(ln, fmt::format("\"{}\" must be a {} integer", actor,
                              actor[0] == 'G' ? "positive" : "non-negative"));
    }
    for (int i = 0; i < 6; i++) {
      const char* n = kindArgName(k, i);
      if (!n[0]) continue;
      expected++;
      auto it = e.find(n);
      if (it == e.end() || !isInt(*it)) {
        error(ln, fmt::format("{}: \"{}\" must be an integer", kindName(k), n));
        continue;
      }
      args[n] = it->get<int64_t>();
    }
    if (k == Kind::Print) {
      expected++;
      if (!e.contains("text") || !e["text"].is_string())
        error(ln, "print: \"text\" must be a string");
    }
    if (k == Kind::LockName) {
      expected++;
      if (!e.contains("name") || !e["name"].is_string() || e["name"].get<std::string>().empty())
        error(ln, "lock.name: \"name\" must be a non-empty string");
    }
    if (k == Kind::HeapSnapshot) {
      expected++;
      auto it = e.find("timers");
      bool ok = it != e.end() && it->is_array();
      if (ok) {
        for (auto& pair : *it)
          ok = ok && pair.is_array() && pair.size() == 2 && isInt(pair[0]) && isInt(pair[1]);
      }
      if (!ok) {
        error(ln, "heap.snapshot: \"timers\" must be an array of [timer, when] pairs");
      } else if (static_cast<int64_t>(it->size()) != args["len"]) {
        error(ln, fmt::format("heap.snapshot: len {} but {} timers", args["len"], it->size()));
      }
    }
    if (e.size() != expected) {
      for (auto& [key, v] : e.items()) {
        bool known = key == "t" || key == "ev" || key == "P" || key == "M" || key == "G" ||
                     args.count(key) || (k == Kind::Print && key == "text") ||
                     (k == Kind::LockName && key == "name") ||
                     (k == Kind::HeapSnapshot && key == "timers");
        if (!known) error(ln, fmt::format("{}: unexpected field \"{}\"", kindName(k), key));
      }
    }
    rules(ln, k, e, args);
  }

  void rules(uint64_t ln, Kind k, const json& e, std::map<std::string, int64_t>& a) {
    switch (k) {
      case Kind::LockAcquire: {
        if (a["phase"] < 0 || a["phase"] > 3) error(ln, "lock.acquire: phase must be 0-3");
        if (a["wait"] < 0) error(ln, "lock.acquire: negative wait");
        // lock -1: a per-object lock with no trace id (a channel's lock, go1.23's t.mu and
        // t.sendLock): the trace cannot tell them apart, so their ownership is not checked
        if (a["lock"] < 0) break;
        auto& h = held_[a["lock"]];
        if (h) error(ln, fmt::format("lock.acquire: lock {} is already held", a["lock"]));
        h = actorM(e).value_or(-1);
        break;
      }
      case Kind::LockRelease: {
        if (a["hold"] < 0) error(ln, "lock.release: negative hold");
        if (a["lock"] < 0) break;  // see lock.acquire
        auto& h = held_[a["lock"]];
        if (!h) {
          error(ln, fmt::format("lock.release: lock {} is not held", a["lock"]));
        } else if (auto m = actorM(e); m && *h != *m) {
          error(ln, fmt::format("lock.release: lock {} is held by M{}", a["lock"], *h));
        }
        h.reset();
        break;
      }
      case Kind::HeapSiftStep: {
        int64_t from = a["from"], to = a["to"];
        bool up = from > 0 && to == (from - 1) / 4;
        bool down = to > 0 && from == (to - 1) / 4;
        if (!up && !down)
          error(ln, fmt::format("heap.sift: {} -> {} is not a parent/child step", from, to));
        if (up && a["when"] >= a["other_when"])
          error(ln, "heap.sift: sift up over a parent that is not later");
        if (down && a["when"] <= a["other_when"])
          error(ln, "heap.sift: sift down under a child that is not earlier");
        break;
      }
      case Kind::HeapPush:
      case Kind::HeapPop:
      case Kind::HeapRemove:
        if (a["index"] < 0) error(ln, fmt::format("{}: negative index", kindName(k)));
        break;
      case Kind::TimerStatus:
        if (a["from"] < 0 || a["from"] > 9 || a["to"] < 0 || a["to"] > 9)
          error(ln, "timer.status: status out of range 0-9");
        break;
      case Kind::TimerFire:
        if (a["late"] < 0) error(ln, "timer.fire: negative lateness");
        break;
      default:
        break;
    }
  }

  CheckResult res;

 private:
  std::string name_;
  size_t max_;
  std::unordered_map<std::string, Kind> kinds_;
  uint32_t cats_ = kAllCats;
  int64_t lastT_ = 0;
  std::map<int64_t, std::optional<int64_t>> held_;  // lock id -> holding M
};

}  // namespace

CheckResult checkTrace(std::istream& in, const std::string& name, size_t maxErrors) {
  Checker c(name, maxErrors);
  std::string line;
  uint64_t ln = 0;
  while (std::getline(in, line)) {
    ln++;
    if (in.eof()) c.error(ln, "the last line does not end with a newline");
    json j;
    if (auto bad = io::parseJsonLine(line, name, ln, "trace line", &j)) {
      c.errorAt(bad->message);
      continue;
    }
    if (ln == 1) {
      c.header(ln, j);
    } else {
      c.event(ln, j);
    }
  }
  if (ln == 0) c.error(1, "empty file: expected a header line");
  c.res.lines = ln;
  return c.res;
}

}  // namespace gotimers::trace

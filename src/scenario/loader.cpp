// Loading and validating scenario files: syntax (nlohmann::json, comments allowed), the op
// table (schema.h), duration literals, and names (every reference must be bound before use,
// with Go-like scopes: a block sees the names bound before it in enclosing blocks).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include "io/input_file.h"
#include "io/json_error.h"
#include "io/json_lint.h"
#include "io/suggest.h"
#include "scenario/duration.h"
#include "scenario/expr.h"
#include "scenario/scenario.h"
#include "scenario/schema.h"

namespace gotimers::scenario {

using io::describe;
using io::JsonPositions;
using io::kMaxJsonDepth;
using io::lintJson;
using io::pointerEscape;
using io::TextPos;

using nlohmann::json;

std::string Scenario::where(const std::string& pointer) const {
  TextPos p = positions ? positions->at(pointer) : TextPos{};
  return fmt::format("{}:{}:{}", file, p.line, p.column);
}

namespace {

const char* jsonTypeName(const json& j) {
  switch (j.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return "an integer";
    case json::value_t::number_float:
      return "a number";
    case json::value_t::string:
      return "a string";
    case json::value_t::array:
      return "a list";
    case json::value_t::object:
      return "an object";
    default:
      return "a value";
  }
}

bool isIdent(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

class Loader {
 public:
  explicit Loader(Scenario& s) : s_(s) {}

  [[noreturn]] void fail(const std::string& ptr, const std::string& msg, bool atKey = false) {
    TextPos p = atKey ? s_.positions->keyAt(ptr) : s_.positions->at(ptr);
    throw ScenarioError(
        fmt::format("{}:{}:{}: {}: {}", s_.file, p.line, p.column, ptr.empty() ? "/" : ptr, msg));
  }

  void top(const json& doc) {
    if (!doc.is_object())
      fail("", fmt::format("found {}, expected a scenario object", jsonTypeName(doc)));
    static const std::vector<std::string> keys = {
        "name", "description", "go",     "goProgram", "gomaxprocs", "minGo",
        "seed", "timeLimit",   "params", "expect",    "expectOn",   "main"};
    for (auto& [k, v] : doc.items()) {
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) {
        fail("/" + pointerEscape(k),
             fmt::format("unknown field \"{}\"{} (expected one of: name, description, go, "
                         "goProgram, gomaxprocs, minGo, seed, timeLimit, params, expect, "
                         "expectOn, main)",
                         k, io::didYouMean(k, keys)),
             true);
      }
    }
    if (!doc.contains("name")) fail("", "missing \"name\" (a string naming the scenario)");
    s_.name = str(doc["name"], "/name");
    if (doc.contains("description")) s_.description = str(doc["description"], "/description");
    if (doc.contains("go")) s_.goSource = str(doc["go"], "/go");
    if (doc.contains("goProgram")) {
      s_.goProgram = str(doc["goProgram"], "/goProgram");
      std::string file = s_.goProgram.substr(0, s_.goProgram.find(' '));
      if (!file.ends_with(".go") || file.find('/') != std::string::npos) {
        fail("/goProgram", fmt::format("found \"{}\", expected a Go file beside this one and its "
                                       "arguments, such as \"timers.go -bench Stop\"",
                                       s_.goProgram));
      }
    }
    if (doc.contains("gomaxprocs")) {
      const json& g = doc["gomaxprocs"];
      if (!g.is_number_integer() || g.get<int64_t>() < 1 || g.get<int64_t>() > 256) {
        fail("/gomaxprocs", fmt::format("found {}, expected an integer from 1 to 256", g.dump()));
      }
      s_.gomaxprocs = g.get<int>();
    }
    if (doc.contains("minGo")) {
      const json& g = doc["minGo"];
      int minor = -1;
      if (g.is_string()) {
        std::string v = g.get<std::string>();
        if (v.size() > 2 && v.starts_with("1.") && v.size() <= 5 &&
            std::all_of(v.begin() + 2, v.end(),
                        [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
          minor = std::stoi(v.substr(2));
        }
      }
      if (minor < 0)
        fail("/minGo", fmt::format("found {}, expected a Go version such as \"1.15\"", g.dump()));
      s_.minGoMinor = minor;
    }
    if (doc.contains("seed")) {
      const json& g = doc["seed"];
      if (!g.is_number_integer() || g.get<int64_t>() < 0) {
        fail("/seed", fmt::format("found {}, expected a non-negative integer", g.dump()));
      }
      s_.seed = g.get<uint64_t>();
    }
    if (doc.contains("timeLimit")) {
      int64_t d = durationLiteral(doc["timeLimit"], "/timeLimit");
      if (d <= 0) fail("/timeLimit", "expected a positive duration");
      s_.timeLimit = d;
    }
    if (doc.contains("params")) {
      const json& ps = doc["params"];
      if (!ps.is_object())
        fail("/params",
             fmt::format("found {}, expected an object of name: default", jsonTypeName(ps)));
      for (auto& [k, v] : ps.items()) {
        std::string ptr = "/params/" + pointerEscape(k);
        if (!isIdent(k)) fail(ptr, fmt::format("\"{}\" is not a valid parameter name", k), true);
        if (!(fitsInt64(v) || (v.is_string() && parseDuration(v.get<std::string>(), nullptr)))) {
          fail(ptr, fmt::format("found {}, expected an integer from -9223372036854775808 to "
                                "9223372036854775807 or a duration such as \"100ms\"",
                                v.dump()));
        }
        s_.params[k] = v;
      }
    }
    if (doc.contains("expect")) s_.expect = expectTop(doc["expect"], "/expect");
    if (doc.contains("expectOn")) {
      forEachSelector(doc["expectOn"], "/expectOn",
                      [&](const json& v, const std::string& p) { (void)expectTop(v, p); });
      s_.expectOn = doc["expectOn"];
    }
    if (!doc.contains("main"))
      fail("", "missing \"main\" (the list of operations of the main goroutine)");
    std::set<std::string> scope;
    s_.main = block(doc["main"], "/main", scope);
  }

 private:
  std::string str(const json& j, const std::string& ptr) {
    if (!j.is_string()) fail(ptr, fmt::format("found {}, expected a string", jsonTypeName(j)));
    return j.get<std::string>();
  }

  int64_t durationLiteral(const json& j, const std::string& ptr) {
    if (j.is_number_integer()) {
      if (!fitsInt64(j))
        fail(ptr, fmt::format("found {}, expected a duration in ns up to {}", j.dump(), INT64_MAX));
      return j.get<int64_t>();
    }
    if (!j.is_string())
      fail(ptr, fmt::format("found {}, expected a duration such as \"100ms\"", jsonTypeName(j)));
    std::string err;
    auto d = parseDuration(j.get<std::string>(), &err);
    if (!d) fail(ptr, err);
    return *d;
  }

  // "expectOn": {"sync"|"lazy"|"go1.23": EXPECTATION}; each value checked by check.
  template <typename F>
  void forEachSelector(const json& on, const std::string& ptr, F check) {
    if (!on.is_object())
      fail(ptr,
           fmt::format("found {}, expected an object like {{\"sync\": ...}}", jsonTypeName(on)));
    static const std::vector<std::string> selectors = {"sync", "lazy", "go1.23"};
    for (auto& [k, v] : on.items()) {
      std::string p = ptr + "/" + pointerEscape(k);
      if (std::find(selectors.begin(), selectors.end(), k) == selectors.end()) {
        fail(p,
             fmt::format("unknown selector \"{}\"{} (expected sync, lazy or go1.23)", k,
                         io::didYouMean(k, selectors)),
             true);
      }
      check(v, p);
    }
  }

  json expectTop(const json& e, const std::string& at) {
    if (!e.is_object()) fail(at, fmt::format("found {}, expected an object", jsonTypeName(e)));
    for (auto& [k, v] : e.items()) {
      std::string ptr = at + "/" + pointerEscape(k);
      if (k == "exit") {
        if (!v.is_string() || (v != "normal" && v != "deadlock" && v != "panic")) {
          fail(ptr,
               fmt::format("found {}, expected \"normal\", \"deadlock\" or \"panic\"", v.dump()));
        }
      } else if (k == "panic") {
        str(v, ptr);
      } else if (k == "output") {
        if (!v.is_array()) fail(ptr, "expected a list of lines");
        for (size_t i = 0; i < v.size(); i++)
          str(v[i], ptr + "/" + std::to_string(i));
      } else {
        fail(ptr, fmt::format("unknown expectation \"{}\" (expected exit, panic, output)", k),
             true);
      }
    }
    return e;
  }

  // A reference: NAME, NAME.C, NAME[INDEX] or NAME[INDEX].C, where INDEX is an integer
  // expression and NAME a slice. wantSlice: the reference must name a slice itself (len).
  void checkRef(const json& j, const std::string& ptr, const std::set<std::string>& scope,
                bool wantSlice = false) {
    std::string name = str(j, ptr);
    std::string base = name, index;
    bool indexed = false;
    if (base.size() > 2 && base.ends_with(".C")) base = base.substr(0, base.size() - 2);
    if (auto open = base.find('['); open != std::string::npos) {
      if (!base.ends_with("]") || open + 1 >= base.size() - 1) {
        fail(ptr, fmt::format("\"{}\": expected NAME, NAME.C, NAME[INDEX] or NAME[INDEX].C", name));
      }
      index = base.substr(open + 1, base.size() - open - 2);
      base = base.substr(0, open);
      indexed = true;
    }
    if (!isIdent(base))
      fail(ptr, fmt::format("\"{}\": expected NAME, NAME.C, NAME[INDEX] or NAME[INDEX].C", name));
    if (!scope.count(base)) {
      std::vector<std::string> known;
      for (const auto& k : scope) {
        if (!k.ends_with("[]")) known.push_back(k);
      }
      fail(ptr, fmt::format("\"{}\" is not bound here{}", base,
                            known.empty() ? std::string(" (nothing is bound yet)")
                                          : io::didYouMean(base, known)));
    }
    bool isSlice = scope.count(base + "[]") > 0;
    if (wantSlice) {
      if (!isSlice || indexed || name.ends_with(".C"))
        fail(ptr, fmt::format("\"{}\" is not a slice (declare one with {{\"op\": \"slice\", "
                              "\"as\": \"{}\"}})",
                              name, base));
      return;
    }
    if (indexed) {
      if (!isSlice)
        fail(ptr, fmt::format("\"{}\" is not a slice, so \"{}\" cannot index it (declare one with "
                              "{{\"op\": \"slice\", \"as\": \"{}\"}})",
                              base, name, base));
      std::string err;
      if (!validateExpr(json(index), false, scope, s_.params, &err))
        fail(ptr, fmt::format("\"{}\": index {}", name, err));
    } else if (isSlice) {
      fail(ptr, fmt::format("\"{}\" is a slice; index it, as in \"{}[$i]{}\"", base, base,
                            name.ends_with(".C") ? ".C" : ""));
    }
  }

  void checkExpr(const json& j, const std::string& ptr, FieldType t,
                 const std::set<std::string>& scope) {
    std::string err;
    if (!validateExpr(j, t == FieldType::Duration, scope, s_.params, &err)) fail(ptr, err);
  }

  Block block(const json& j, const std::string& ptr, std::set<std::string>& scope) {
    if (!j.is_array())
      fail(ptr, fmt::format("found {}, expected a list of operations", jsonTypeName(j)));
    Block b;
    for (size_t i = 0; i < j.size(); i++)
      b.push_back(op(j[i], ptr + "/" + std::to_string(i), scope));
    return b;
  }

  Op op(const json& j, const std::string& ptr, std::set<std::string>& scope) {
    if (!j.is_object())
      fail(ptr,
           fmt::format(
               "found {}, expected an operation object like {{\"op\": \"Sleep\", \"d\": \"1s\"}}",
               jsonTypeName(j)));
    if (!j.contains("op")) fail(ptr, "missing \"op\" (the operation's name)");
    std::string name = str(j["op"], ptr + "/op");
    const OpSpec* spec = findOp(name);
    if (!spec) {
      std::vector<std::string> names;
      for (const auto& s : opSpecs())
        names.push_back(s.name);
      fail(ptr + "/op", fmt::format("unknown operation \"{}\"{} (expected one of: {})", name,
                                    io::didYouMean(name, names), opNames()));
    }
    Op o;
    o.op = name;
    o.args = j;
    o.path = ptr;
    std::vector<std::string> fieldNames;
    for (const auto& f : spec->fields)
      fieldNames.push_back(f.name);
    for (auto& [k, v] : j.items()) {
      if (k == "op") continue;
      if (std::find(fieldNames.begin(), fieldNames.end(), k) == fieldNames.end()) {
        std::string expected;
        for (const auto& f : fieldNames)
          expected += (expected.empty() ? "" : ", ") + f;
        fail(ptr + "/" + pointerEscape(k),
             fmt::format("unknown field \"{}\" for {}{} (expected: {})", k, name,
                         io::didYouMean(k, fieldNames), expected.empty() ? "no fields" : expected),
             true);
      }
    }
    std::vector<std::string> binds;
    for (const auto& f : spec->fields) {
      std::string fp = ptr + "/" + f.name;
      if (!j.contains(f.name)) {
        if (f.required)
          fail(ptr, fmt::format("{} needs \"{}\" ({})", name, f.name, fieldTypeName(f.type)));
        continue;
      }
      const json& v = j[f.name];
      switch (f.type) {
        case FieldType::Duration:
        case FieldType::Int:
          checkExpr(v, fp, f.type, scope);
          break;
        case FieldType::Bool:
          if (!v.is_boolean())
            fail(fp, fmt::format("found {}, expected true or false", jsonTypeName(v)));
          break;
        case FieldType::Name:
          if (v.is_string() && std::string(f.name) == "as" &&
              v.get<std::string>().ends_with("[]") &&
              isIdent(v.get<std::string>().substr(0, v.get<std::string>().size() - 2))) {
            checkAppend(name, v.get<std::string>(), fp, scope);
            break;
          }
          if (!v.is_string() || !isIdent(v.get<std::string>())) {
            fail(fp, fmt::format("found {}, expected a name (letters, digits, _)", v.dump()));
          }
          binds.push_back(v.get<std::string>());
          break;
        case FieldType::Ref:
          checkRef(v, fp, scope, name == "len" && isPlainSlice(v, scope));
          break;
        case FieldType::String:
          str(v, fp);
          break;
        case FieldType::OpList:
        case FieldType::Cases:
        case FieldType::Value:
          break;
      }
    }
    // blocks see the names bound so far (and loop / go indices)
    if (name == "select") {
      selectCases(j, ptr, scope, o);
    } else if (j.contains("body")) {
      std::set<std::string> inner = scope;
      if (name == "loop") {
        std::string var = j.contains("var") ? j["var"].get<std::string>() : "i";
        inner.insert(var);
        inner.erase(var + "[]");
      }
      if (name == "go") {
        inner.insert("g");
        inner.erase("g[]");
      }
      if (name == "AfterFunc" && j.contains("as") && !j["as"].get<std::string>().ends_with("[]")) {
        inner.erase(j["as"].get<std::string>() + "[]");
        inner.insert(j["as"].get<std::string>());
      }
      // break leaves the innermost loop of its own goroutine: a loop body opens one, a go or
      // AfterFunc body is a new function (select cases and recover bodies pass it through)
      int outerLoops = loops_;
      const char* outerFn = loopsHiddenBy_;
      if (name == "loop") loops_++;
      if ((name == "go" || name == "AfterFunc") && loops_ > 0) loopsHiddenBy_ = spec->name;
      if (name == "go" || name == "AfterFunc") loops_ = 0;
      o.body = block(j["body"], ptr + "/body", inner);
      loops_ = outerLoops;
      loopsHiddenBy_ = outerFn;
    }
    if (name == "break" && loops_ == 0) {
      fail(ptr,
           loopsHiddenBy_
               ? fmt::format("break outside a loop: this {} body runs in a goroutine of its "
                             "own, so it cannot leave the loop around the {} (end the "
                             "goroutine with {{\"op\": \"return\"}})",
                             loopsHiddenBy_, loopsHiddenBy_)
               : "break outside a loop: break leaves the innermost loop, and there is "
                 "none around it (to end the goroutine or the program, use {\"op\": \"return\"})");
    }
    auto checkOpExpect = [&](const json& e, const std::string& p) {
      if (name == "recv") {
        checkRecvExpect(e, p, scope);
      } else if (name == "select") {
        if (!(e.is_number_integer() || e == "default"))
          fail(p, "expected a case index or \"default\"");
      } else if (name == "Stop" || name == "Reset") {
        if (!e.is_boolean())
          fail(p, fmt::format("found {}, expected true or false", jsonTypeName(e)));
      }
    };
    if (j.contains("expect")) checkOpExpect(j["expect"], ptr + "/expect");
    if (name == "check") checkBounds(j, ptr, scope, /*onlyBounds=*/false);
    if (j.contains("expectOn")) {
      forEachSelector(j["expectOn"], ptr + "/expectOn", [&](const json& v, const std::string& p) {
        if (name == "check") {
          checkBounds(v, p, scope, /*onlyBounds=*/true);
        } else {
          checkOpExpect(v, p);
        }
      });
    }
    for (auto& b : binds) {
      scope.insert(b);
      // a slice's name carries a marker "NAME[]" in scope; rebinding the name drops it
      if (name == "slice") {
        scope.insert(b + "[]");
      } else {
        scope.erase(b + "[]");
      }
    }
    return o;
  }

  // A reference to a slice itself (NAME with NAME[] in scope), as len takes it.
  static bool isPlainSlice(const json& j, const std::set<std::string>& scope) {
    if (!j.is_string()) return false;
    const std::string& n = j.get_ref<const std::string&>();
    return n.find('[') == std::string::npos && !n.ends_with(".C") && scope.count(n + "[]") > 0;
  }

  // The bounds of a check op (or of one of its "expectOn" entries: onlyBounds).
  void checkBounds(const json& j, const std::string& ptr, const std::set<std::string>& scope,
                   bool onlyBounds) {
    static const std::vector<std::string> keys = {"liveTimers", "goroutines", "now", "heapEntries",
                                                  "int"};
    if (onlyBounds) {
      if (!j.is_object())
        fail(ptr, fmt::format("found {}, expected an object of check bounds", jsonTypeName(j)));
      for (auto& [k, v] : j.items()) {
        if (std::find(keys.begin(), keys.end(), k) == keys.end())
          fail(ptr + "/" + pointerEscape(k),
               fmt::format("unknown check \"{}\"{} (expected liveTimers, goroutines, now, "
                           "heapEntries, int)",
                           k, io::didYouMean(k, keys)),
               true);
      }
    }
    for (const std::string& k : keys) {
      if (j.contains(k)) checkRange(j[k], ptr + "/" + k, k == "now", scope, k == "int");
    }
  }

  // "as": "ts[]" appends to the slice ts.
  void checkAppend(const std::string& op, const std::string& target, const std::string& ptr,
                   const std::set<std::string>& scope) {
    static const std::set<std::string> appenders = {"NewTimer", "After", "AfterFunc", "NewTicker",
                                                    "Tick",     "make",  "WaitGroup", "recv"};
    std::string base = target.substr(0, target.size() - 2);
    if (!appenders.count(op))
      fail(ptr, fmt::format("{} cannot append to a slice (\"{}\"); expected a name (letters, "
                            "digits, _)",
                            op, target));
    if (!scope.count(base))
      fail(ptr, fmt::format("\"{}\" appends to \"{}\", which is not bound here (declare it first: "
                            "{{\"op\": \"slice\", \"as\": \"{}\"}})",
                            target, base, base));
    if (!scope.count(base + "[]"))
      fail(ptr, fmt::format("\"{}\" appends to \"{}\", which is not a slice (declare one with "
                            "{{\"op\": \"slice\", \"as\": \"{}\"}})",
                            target, base, base));
  }

  // {"min": x, "max": y} (bounds are expressions), and for "int" also {"of": expr}.
  void checkRange(const json& r, const std::string& ptr, bool durations,
                  const std::set<std::string>& scope, bool withOf) {
    if (!r.is_object())
      fail(ptr, withOf ? "expected {\"of\": \"$name\", \"min\": ..., \"max\": ...}"
                       : "expected {\"min\": ..., \"max\": ...}");
    for (auto& [k, v] : r.items()) {
      if (k != "min" && k != "max" && !(withOf && k == "of"))
        fail(ptr + "/" + pointerEscape(k),
             fmt::format("unknown bound \"{}\" (expected {}min, max)", k, withOf ? "of, " : ""),
             true);
      checkExpr(v, ptr + "/" + k, durations ? FieldType::Duration : FieldType::Int, scope);
    }
    if (withOf && !r.contains("of")) fail(ptr, "missing \"of\" (the integer expression to check)");
  }

  void checkRecvExpect(const json& e, const std::string& ptr, const std::set<std::string>& scope) {
    if (!e.is_object()) fail(ptr, "expected an object like {\"ok\": true, \"atLeast\": \"100ms\"}");
    for (auto& [k, v] : e.items()) {
      std::string fp = ptr + "/" + pointerEscape(k);
      if (k == "ok") {
        if (!v.is_boolean()) fail(fp, "expected true or false");
      } else if (k == "atLeast" || k == "atMost" || k == "sentAtLeast" || k == "sentAtMost") {
        checkExpr(v, fp, FieldType::Duration, scope);
      } else if (k != "value") {
        fail(fp,
             fmt::format("unknown expectation \"{}\" (expected value, ok, atLeast, atMost, "
                         "sentAtLeast, sentAtMost)",
                         k),
             true);
      }
    }
  }

  void selectCases(const json& j, const std::string& ptr, std::set<std::string>& scope, Op& o) {
    const json& cs = j["cases"];
    if (!cs.is_array())
      fail(ptr + "/cases", fmt::format("found {}, expected a list of cases", jsonTypeName(cs)));
    for (size_t i = 0; i < cs.size(); i++) {
      std::string cp = ptr + "/cases/" + std::to_string(i);
      const json& c = cs[i];
      if (!c.is_object())
        fail(cp, "expected a case object like {\"recv\": \"c\", \"body\": [...]}");
      SelectCase sc;
      sc.path = cp;
      for (auto& [k, v] : c.items()) {
        static const std::vector<std::string> keys = {"recv", "send", "as", "ok", "value", "body"};
        if (std::find(keys.begin(), keys.end(), k) == keys.end()) {
          fail(cp + "/" + pointerEscape(k),
               fmt::format("unknown field \"{}\" in a select case{} (expected: recv, send, as, ok, "
                           "value, body)",
                           k, io::didYouMean(k, keys)),
               true);
        }
      }
      if (c.contains("recv") == c.contains("send"))
        fail(cp, "a case needs exactly one of \"recv\" or \"send\"");
      sc.isSend = c.contains("send");
      checkRef(sc.isSend ? c["send"] : c["recv"], cp + (sc.isSend ? "/send" : "/recv"), scope);
      sc.chan = (sc.isSend ? c["send"] : c["recv"]).get<std::string>();
      std::set<std::string> inner = scope;
      for (const char* k : {"as", "ok"}) {
        if (!c.contains(k)) continue;
        if (sc.isSend)
          fail(cp + "/" + k, fmt::format("\"{}\" binds a received value; this case sends", k),
               true);
        const json& v = c[k];
        if (!v.is_string() || !isIdent(v.get<std::string>())) fail(cp + "/" + k, "expected a name");
        (std::string(k) == "as" ? sc.as : sc.okAs) = v.get<std::string>();
        inner.insert(v.get<std::string>());
        inner.erase(v.get<std::string>() + "[]");
      }
      if (c.contains("value")) {
        if (!sc.isSend)
          fail(cp + "/value", "\"value\" is what a send case sends; this case receives", true);
        sc.value = c["value"];
      }
      if (c.contains("body")) sc.body = block(c["body"], cp + "/body", inner);
      o.cases.push_back(std::move(sc));
    }
    if (j.contains("default")) {
      std::set<std::string> inner = scope;
      o.hasDefault = true;
      o.defaultBody = block(j["default"], ptr + "/default", inner);
    }
  }

  Scenario& s_;
  int loops_ = 0;  // loops around the operation being checked, in its goroutine
  // "go" or "AfterFunc" when the operation is in such a body inside a loop, else nullptr
  const char* loopsHiddenBy_ = nullptr;
};

}  // namespace

Scenario parseScenario(const std::string& file, const std::string& text) {
  Scenario s;
  s.file = file;
  s.text = text;
  // Lists and objects may nest at most kMaxJsonDepth deep (64 levels of operations: each is
  // an object holding a list). Deeper input is refused before parsing, so no recursive walk
  // of it (the parser's, the position index's, the loader's) can overflow the stack.
  if (auto deep = lintJson(text, /*depthOnly=*/true)) {
    TextPos p = JsonPositions::offsetToPos(text, deep->offset);
    throw ScenarioError(fmt::format(
        "{}:{}:{}: nesting deeper than {} levels of lists and objects (operations nested more "
        "than 64 deep, e.g. go inside go inside go ...)",
        file, p.line, p.column, kMaxJsonDepth));
  }
  json doc;
  try {
    doc = json::parse(text, nullptr, true, /*ignore_comments=*/true);
  } catch (const json::parse_error& e) {
    TextPos p = JsonPositions::offsetToPos(text, e.byte > 0 ? e.byte - 1 : 0);
    std::string what = io::boundedJsonError(e.what());
    auto colon = what.find(": ", what.find("parse error"));
    std::string detail = colon == std::string::npos ? what : what.substr(colon + 2);
    throw ScenarioError(fmt::format("{}:{}:{}: syntax error: {}", file, p.line, p.column, detail));
  } catch (const json::exception& e) {
    // e.g. out_of_range 406, a number literal beyond double (found by fuzz_scenario_load);
    // the parser gives no position for it, the lint does.
    if (auto p = lintJson(text)) throw ScenarioError(describe(*p, file, text, "scenario"));
    std::string what = e.what();
    auto close = what.find("] ");
    throw ScenarioError(fmt::format("{}: syntax error: {}", file,
                                    close == std::string::npos ? what : what.substr(close + 2)));
  }
  if (auto p = lintJson(text)) throw ScenarioError(describe(*p, file, text, "scenario"));
  s.positions = std::make_shared<JsonPositions>(s.text);
  Loader(s).top(doc);
  return s;
}

Scenario loadScenario(const std::string& path) {
  std::string text, why;
  if (!io::readRegularFile(path, &text, &why))
    throw ScenarioError(fmt::format("{}: cannot read: {}", path, why));
  return parseScenario(path, text);
}

void setParam(Scenario& s, const std::string& assignment) {
  auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) {
    throw ScenarioError(fmt::format("--set {}: expected NAME=VALUE", assignment));
  }
  std::string name = assignment.substr(0, eq), value = assignment.substr(eq + 1);
  auto it = s.params.find(name);
  if (it == s.params.end()) {
    std::string known;
    for (auto& [k, v] : s.params)
      known += (known.empty() ? "" : ", ") + k;
    throw ScenarioError(fmt::format("--set {}: {} has no parameter \"{}\" (its parameters: {})",
                                    assignment, s.file, name, known.empty() ? "none" : known));
  }
  if (it->second.is_number_integer()) {
    try {
      size_t used = 0;
      int64_t v = std::stoll(value, &used);
      if (used != value.size()) throw std::invalid_argument(value);
      it->second = v;
    } catch (const std::exception&) {
      throw ScenarioError(fmt::format("--set {}: \"{}\" is not an integer", assignment, value));
    }
  } else {
    std::string err;
    if (!parseDuration(value, &err))
      throw ScenarioError(fmt::format("--set {}: {}", assignment, err));
    it->second = value;
  }
}

}  // namespace gotimers::scenario

#include "scenario/interpreter.h"
#include "sim/format_duration.h"

#include <fmt/format.h>

#include <climits>
#include <list>
#include <map>
#include <memory>
#include <variant>

#include "go/time.h"
#include "runtime/timer_backend.h"
#include "scenario/duration.h"
#include "scenario/expr.h"

namespace gotimers::scenario {

using go::Task;
using nlohmann::json;
namespace time = go::time;

namespace {

using VChan = go::Chan<rt::Value>;
using WaitGroupPtr = std::shared_ptr<go::WaitGroup>;
struct Slice;
using SlicePtr = std::shared_ptr<Slice>;
using Var = std::variant<int64_t, rt::Value, time::TimerPtr, time::TickerPtr, VChan, WaitGroupPtr,
                         SlicePtr>;
// A slice ({"op": "slice"}): shared, as a slice variable captured by a closure is.
struct Slice {
  std::vector<Var> items;
};

// A reference as written: NAME, NAME.C, NAME[INDEX] or NAME[INDEX].C (checked by the loader).
struct RefParts {
  std::string base;
  std::string index;  // the index expression, when indexed
  bool indexed = false;
  bool dotC = false;
};
RefParts parseRef(const std::string& name) {
  RefParts p;
  p.base = name;
  if (p.base.size() > 2 && p.base.ends_with(".C")) {
    p.base.resize(p.base.size() - 2);
    p.dotC = true;
  }
  if (auto open = p.base.find('['); open != std::string::npos && p.base.ends_with("]")) {
    p.index = p.base.substr(open + 1, p.base.size() - open - 2);
    p.base.resize(open);
    p.indexed = true;
  }
  return p;
}

// Names bound in one block; lookups walk out to enclosing blocks.
struct Scope {
  std::shared_ptr<Scope> parent;
  std::map<std::string, Var> vars;
  const Var* find(const std::string& n) const {
    auto it = vars.find(n);
    if (it != vars.end()) return &it->second;
    return parent ? parent->find(n) : nullptr;
  }
  // A flat copy of everything visible: what a new goroutine's closure captures.
  std::shared_ptr<Scope> capture() const {
    auto s = std::make_shared<Scope>();
    for (const Scope* p = this; p; p = p->parent.get()) {
      for (auto& [k, v] : p->vars)
        s->vars.emplace(k, v);
    }
    return s;
  }
};
using ScopePtr = std::shared_ptr<Scope>;

enum class Flow { Normal, Break, Return };

}  // namespace

std::vector<std::string> runTraits(int goMinor, int asyncTimerChan) {
  std::vector<std::string> t;
  if (goMinor < 23) return t;
  if (asyncTimerChan == 0) t.push_back("sync");
  if (asyncTimerChan != 1) t.push_back("lazy");
  t.push_back("go1.23");
  return t;
}

const json* pickExpectOn(const json& holder, const std::vector<std::string>& traits) {
  if (!holder.is_object() || !holder.contains("expectOn")) return nullptr;
  const json& on = holder["expectOn"];
  for (const std::string& sel : traits) {  // most specific first
    if (on.contains(sel)) return &on[sel];
  }
  return nullptr;
}

namespace {

struct ScenarioRuntimeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Interp {
 public:
  Interp(const Scenario& s, std::vector<std::string>& failures, BenchTiming& bench)
      : s_(s), failures_(failures), bench_(bench) {
    for (auto& [k, v] : s.params) {
      params_[k] =
          v.is_number_integer() ? v.get<int64_t>() : *parseDuration(v.get<std::string>(), nullptr);
    }
  }

  Task<void> main() {
    rt::Runtime& r = rt::Runtime::current();
    traits_ = runTraits(r.era().goMinor(), r.era().asyncTimerChan());
    auto scope = std::make_shared<Scope>();
    co_await block(s_.main, scope);
  }

  // The run's selectors for "expectOn" (docs/scenario-format.md), known once main started.
  const std::vector<std::string>& traits() const { return traits_; }

 private:
  std::string at(const Op& op) const { return fmt::format("{}: {}", s_.where(op.path), op.path); }
  std::string loopAt(const Op& op) const {
    return fmt::format("{} ({})", s_.where(op.path), op.path);
  }
  [[noreturn]] void error(const Op& op, const std::string& msg) const {
    throw ScenarioRuntimeError(fmt::format("{}: {}", at(op), msg));
  }
  void expectFail(const Op& op, const std::string& what) {
    std::string line = fmt::format("{}: {}", at(op), what);
    failures_.push_back(line);
    rt::Runtime::current().print("EXPECTATION FAILED: " + line);
  }

  int64_t num(const Op& op, const char* field, const ScopePtr& sc, int64_t def = 0) {
    if (!op.args.contains(field)) return def;
    return eval(op, field, op.args[field], sc);
  }

  int64_t eval(const Op& op, const std::string& what, const json& expr, const ScopePtr& sc) {
    std::string err;
    auto v = evalExpr(
        expr,
        [&](const std::string& n) -> std::optional<int64_t> {
          if (const Var* var = sc->find(n)) {
            if (auto* i = std::get_if<int64_t>(var)) return *i;
            err = fmt::format("${} is not an integer", n);
            return std::nullopt;
          }
          auto p = params_.find(n);
          if (p != params_.end()) return p->second;
          if (n == "GOMAXPROCS") return rt::Runtime::current().gomaxprocs();
          err = fmt::format("${} is not bound", n);
          return std::nullopt;
        },
        &err);
    if (!v) error(op, fmt::format("\"{}\": {}", what, err));
    return *v;
  }

  const Var& ref(const Op& op, const std::string& name, const ScopePtr& sc) {
    const Var* v = sc->find(name);
    if (!v) error(op, fmt::format("\"{}\" is not bound", name));
    return *v;
  }
  SlicePtr sliceRef(const Op& op, const std::string& name, const ScopePtr& sc) {
    const Var& v = ref(op, name, sc);
    if (auto* s = std::get_if<SlicePtr>(&v)) return *s;
    error(op, fmt::format("\"{}\" is not a slice", name));
  }
  // The value a reference names, without its ".C": a bound name or a slice element. An index
  // out of range panics as Go does.
  Var element(const Op& op, const RefParts& p, const ScopePtr& sc) {
    if (!p.indexed) return ref(op, p.base, sc);
    SlicePtr sl = sliceRef(op, p.base, sc);
    int64_t i = eval(op, p.base + "[" + p.index + "]", json(p.index), sc);
    auto n = static_cast<int64_t>(sl->items.size());
    if (i < 0) go::Panic(fmt::format("runtime error: index out of range [{}]", i));
    if (i >= n)
      go::Panic(fmt::format("runtime error: index out of range [{}] with length {}", i, n));
    return sl->items[static_cast<size_t>(i)];
  }
  time::TimerPtr timerRef(const Op& op, const ScopePtr& sc) {
    std::string n = op.args["timer"].get<std::string>();
    Var v = element(op, parseRef(n), sc);
    if (auto* t = std::get_if<time::TimerPtr>(&v)) return *t;
    error(op, fmt::format("\"{}\" is not a *Timer", n));
  }
  time::TickerPtr tickerRef(const Op& op, const ScopePtr& sc) {
    std::string n = op.args["ticker"].get<std::string>();
    Var v = element(op, parseRef(n), sc);
    if (auto* t = std::get_if<time::TickerPtr>(&v)) return *t;
    error(op, fmt::format("\"{}\" is not a *Ticker", n));
  }
  VChan chanRef(const Op& op, const std::string& name, const ScopePtr& sc) {
    RefParts p = parseRef(name);
    Var v = element(op, p, sc);
    if (p.dotC) {
      if (auto* t = std::get_if<time::TimerPtr>(&v)) return VChan((*t)->C.ref());
      if (auto* t = std::get_if<time::TickerPtr>(&v)) return VChan((*t)->C.ref());
      error(op, fmt::format("\"{}\" has no field C (it is not a *Timer or *Ticker)",
                            name.substr(0, name.size() - 2)));
    }
    if (auto* c = std::get_if<VChan>(&v)) return *c;
    error(op, fmt::format("\"{}\" is not a channel", name));
  }
  WaitGroupPtr wgRef(const Op& op, const ScopePtr& sc) {
    std::string n = op.args["wg"].get<std::string>();
    Var v = element(op, parseRef(n), sc);
    if (auto* w = std::get_if<WaitGroupPtr>(&v)) return *w;
    error(op, fmt::format("\"{}\" is not a WaitGroup", n));
  }
  // Binds a name, or appends to a slice ("as": "ts[]").
  void bind(const Op& op, const char* field, const ScopePtr& sc, Var v) {
    if (!op.args.contains(field)) return;
    const std::string& n = op.args[field].get_ref<const std::string&>();
    if (n.ends_with("[]")) {
      SlicePtr sl = sliceRef(op, n.substr(0, n.size() - 2), sc);
      sl->items.push_back(std::move(v));
      return;
    }
    sc->vars[n] = std::move(v);
  }

  static rt::Value jsonToValue(const json& j) {
    if (j.is_boolean()) return rt::Value::Bool(j.get<bool>());
    if (j.is_number_integer()) return rt::Value::Int(j.get<int64_t>());
    if (j.is_string()) return rt::Value::Str(j.get<std::string>());
    return rt::Value::Int(0);
  }

  std::string show(const Var& v) const {
    if (auto* i = std::get_if<int64_t>(&v)) return fmt::format("{}", *i);
    if (auto* x = std::get_if<rt::Value>(&v)) return x->toString();
    if (std::holds_alternative<time::TimerPtr>(v)) return "*time.Timer";
    if (std::holds_alternative<time::TickerPtr>(v)) return "*time.Ticker";
    if (std::holds_alternative<VChan>(v)) return "chan";
    if (auto* sl = std::get_if<SlicePtr>(&v)) {
      std::string out = "[";
      for (const Var& e : (*sl)->items)
        out += (out.size() > 1 ? " " : "") + show(e);
      return out + "]";
    }
    return "sync.WaitGroup";
  }

  std::string interpolate(const Op& op, const std::string& msg, const ScopePtr& sc) {
    std::string out;
    for (size_t i = 0; i < msg.size(); i++) {
      if (msg[i] == '{') {
        auto end = msg.find('}', i);
        if (end != std::string::npos) {
          std::string name = msg.substr(i + 1, end - i - 1);
          rt::Runtime& r = rt::Runtime::current();
          if (name == "now") {
            out += sim::formatDuration(r.nanotime());
          } else if (name == "timers") {
            out += fmt::format("{}", r.era().liveTimers());
          } else if (name == "GOMAXPROCS") {
            out += fmt::format("{}", r.gomaxprocs());
          } else if (name == "heap") {
            out += heapText(r);
          } else if (name == "heapEntries") {
            out += fmt::format("{}", heapEntries(r));
          } else if (name == "goroutines") {
            out += fmt::format("{}", r.liveGoroutines());
          } else if (const Var* v = sc->find(name)) {
            out += show(*v);
          } else if (params_.count(name)) {
            out += fmt::format("{}", params_.at(name));
          } else {
            error(op, fmt::format("print: {{{}}} is not bound", name));
          }
          i = end;
          continue;
        }
      }
      out += msg[i];
    }
    return out;
  }

  static size_t heapEntries(rt::Runtime& r) {
    size_t n = 0;
    for (const auto& h : r.era().heaps())
      n += h.t.size();
    return n;
  }
  // The non-empty heaps in array order, each timer shown by its when rounded down to the
  // millisecond: "P0: [10ms 20ms]".
  static std::string heapText(rt::Runtime& r) {
    std::string out;
    for (const auto& h : r.era().heaps()) {
      if (h.t.empty()) continue;
      if (!out.empty()) out += "; ";
      out += h.name + ": [";
      for (size_t i = 0; i < h.t.size(); i++)
        out += (i ? " " : "") + sim::formatDuration(h.t[i]->when / 1'000'000 * 1'000'000);
      out += "]";
    }
    return out.empty() ? "[]" : out;
  }

  void checkRange(const Op& op, const char* what, const json& r, int64_t actual, bool dur,
                  const ScopePtr& sc) {
    auto show = [&](int64_t v) { return dur ? sim::formatDuration(v) : fmt::format("{}", v); };
    auto bound = [&](const json& j) { return eval(op, what, j, sc); };
    if (r.contains("min") && actual < bound(r["min"])) {
      expectFail(op, fmt::format("{} is {}, expected at least {}", what, show(actual),
                                 show(bound(r["min"]))));
    }
    if (r.contains("max") && actual > bound(r["max"])) {
      expectFail(op, fmt::format("{} is {}, expected at most {}", what, show(actual),
                                 show(bound(r["max"]))));
    }
  }

  void checkRecv(const Op& op, const json& e, const rt::Value& v, bool ok, int64_t now,
                 const ScopePtr& sc) {
    auto dur = [&](const json& j) { return eval(op, "expect", j, sc); };
    if (e.contains("ok") && e["ok"].get<bool>() != ok) {
      expectFail(op,
                 fmt::format("receive returned ok={}, expected ok={}", ok, e["ok"].get<bool>()));
    }
    if (e.contains("value")) {
      rt::Value want = jsonToValue(e["value"]);
      if (v.kind == rt::Value::Kind::Time && e["value"].is_string()) {
        want = rt::Value::TimeAt(dur(e["value"]));
      }
      if (!(want == v))
        expectFail(op, fmt::format("received {}, expected {}", v.toString(), want.toString()));
    }
    if (e.contains("atLeast") && now < dur(e["atLeast"])) {
      expectFail(op, fmt::format("received at {}, expected at least {}", sim::formatDuration(now),
                                 sim::formatDuration(dur(e["atLeast"]))));
    }
    if (e.contains("atMost") && now > dur(e["atMost"])) {
      expectFail(op, fmt::format("received at {}, expected at most {}", sim::formatDuration(now),
                                 sim::formatDuration(dur(e["atMost"]))));
    }
    if (e.contains("sentAtLeast") && v.i < dur(e["sentAtLeast"])) {
      expectFail(op, fmt::format("received time {}, expected at least {}", v.toString(),
                                 sim::formatDuration(dur(e["sentAtLeast"]))));
    }
    if (e.contains("sentAtMost") && v.i > dur(e["sentAtMost"])) {
      expectFail(op, fmt::format("received time {}, expected at most {}", v.toString(),
                                 sim::formatDuration(dur(e["sentAtMost"]))));
    }
  }

  // The expectation that applies to this run: the most specific "expectOn" entry whose
  // selector the run has, else "expect" (nullptr if neither).
  const json* expectation(const Op& op) const {
    if (const json* on = pickExpectOn(op.args, traits_)) return on;
    return op.args.contains("expect") ? &op.args["expect"] : nullptr;
  }

  void expectBool(const Op& op, const char* what, bool got) {
    const json* e = expectation(op);
    if (e && e->get<bool>() != got) {
      expectFail(op, fmt::format("{} returned {}, expected {}", what, got, !got));
    }
  }

  Task<Flow> block(const Block& b, ScopePtr parent) {
    auto sc = std::make_shared<Scope>();
    sc->parent = std::move(parent);
    for (const Op& op : b) {
      Flow f = co_await exec(op, sc);
      if (f != Flow::Normal) co_return f;
    }
    co_return Flow::Normal;
  }

  Task<void> goroutine(const Block* body, ScopePtr sc) { co_await block(*body, std::move(sc)); }

  // A timer bound to a plain name ("as": "t20", not "ts[]") is shown by that name in the
  // animations (Runtime::nameNextTimer: nothing unless a sink listens). Called right before
  // the op allocates its timer.
  static void nameNextTimer(const Op& op) {
    rt::Runtime& r = rt::Runtime::current();
    if (const std::string* name = plainAs(op); name && r.tracing()) r.nameNextTimer(*name);
  }
  // The op's "as" if it names a variable ("t20"), not a slice to append to ("ts[]").
  static const std::string* plainAs(const Op& op) {
    if (!op.args.contains("as")) return nullptr;
    const std::string& name = op.args["as"].get_ref<const std::string&>();
    return name.ends_with("[]") ? nullptr : &name;
  }

  Task<Flow> exec(const Op& op, ScopePtr sc) {
    rt::Runtime& r = rt::Runtime::current();
    r.charge(r.cost().user_op);
    const std::string& o = op.op;
    const json& a = op.args;
    if (o == "NewTimer") {
      nameNextTimer(op);
      time::TimerPtr t = co_await time::NewTimer(num(op, "d", sc));
      bind(op, "as", sc, t);
    } else if (o == "After") {
      auto c = co_await time::After(num(op, "d", sc));
      bind(op, "as", sc, VChan(c.ref()));
    } else if (o == "AfterFunc") {
      auto closure = this->closure(sc);
      const Block* body = &op.body;
      std::function<Task<void>()> fn = [this, body, closure]() -> Task<void> {
        return goroutine(body, closure);
      };
      if (a.contains("chain")) fn = chain(op, sc, std::move(fn));
      nameNextTimer(op);
      time::TimerPtr t = co_await time::AfterFunc(num(op, "d", sc), std::move(fn));
      if (const std::string* name = plainAs(op)) closure->vars[*name] = t;
      bind(op, "as", sc, t);
    } else if (o == "Stop") {
      bool ok = co_await timerRef(op, sc)->Stop();
      expectBool(op, "Stop", ok);
    } else if (o == "Reset") {
      bool ok = co_await timerRef(op, sc)->Reset(num(op, "d", sc));
      expectBool(op, "Reset", ok);
    } else if (o == "NewTicker") {
      time::TickerPtr t = co_await time::NewTicker(num(op, "d", sc));
      bind(op, "as", sc, t);
    } else if (o == "Tick") {
      auto c = co_await time::Tick(num(op, "d", sc));
      bind(op, "as", sc, VChan(c.ref()));
    } else if (o == "Ticker.Stop") {
      co_await tickerRef(op, sc)->Stop();
    } else if (o == "Ticker.Reset") {
      co_await tickerRef(op, sc)->Reset(num(op, "d", sc));
    } else if (o == "Sleep") {
      co_await time::Sleep(num(op, "d", sc));
    } else if (o == "make") {
      int64_t cap = num(op, "cap", sc, 0);
      // Go: cap < 0 or a buffer larger than the address space; the simulator's channels
      // hold a uint32 capacity (their buffers grow as values arrive).
      if (cap < 0 || cap > INT32_MAX) go::Panic("makechan: size out of range");
      bind(op, "as", sc, go::Make<rt::Value>(static_cast<uint32_t>(cap)));
    } else if (o == "send") {
      VChan c = chanRef(op, a["chan"].get<std::string>(), sc);
      co_await c.Send(a.contains("value") ? jsonToValue(a["value"]) : rt::Value::Int(0));
    } else if (o == "recv") {
      VChan c = chanRef(op, a["chan"].get<std::string>(), sc);
      auto [v, ok] = co_await c.Recv2();
      if (const json* e = expectation(op))
        checkRecv(op, *e, v, ok, rt::Runtime::current().nanotime(), sc);
      bind(op, "as", sc, v);
      bind(op, "ok", sc, int64_t{ok ? 1 : 0});
    } else if (o == "close") {
      VChan c = chanRef(op, a["chan"].get<std::string>(), sc);
      co_await c.Close();
    } else if (o == "select") {
      co_return co_await select(op, sc);
    } else if (o == "go") {
      int64_t n = num(op, "count", sc, 1);
      if (n < 0) error(op, fmt::format("count is {}, expected at least 0", n));
      std::string label = a.contains("label") ? a["label"].get<std::string>() : "";
      for (int64_t k = 0; k < n; k++) {
        auto closure = this->closure(sc);
        closure->vars["g"] = k;
        co_await go::Go(goroutine(&op.body, closure), label);
      }
    } else if (o == "loop") {
      std::string var = a.contains("var") ? a["var"].get<std::string>() : "i";
      bool forever = !a.contains("times");
      int64_t n = forever ? 0 : num(op, "times", sc);
      LoopWatch watch(*this, op, forever, r.curg());
      for (int64_t k = 0; forever || k < n; k++) {
        auto inner = std::make_shared<Scope>();
        inner->parent = sc;
        inner->vars[var] = k;
        Flow f = co_await block(op.body, inner);
        if (f == Flow::Break) break;
        if (f == Flow::Return) co_return f;
        watch.iteration(r, k + 1);
        if (forever) co_await r.checkpoint();
      }
    } else if (o == "break") {
      co_return Flow::Break;
    } else if (o == "return") {
      co_return Flow::Return;
    } else if (o == "work") {
      co_await go::Work(num(op, "d", sc));
    } else if (o == "WaitGroup") {
      bind(op, "as", sc, std::make_shared<go::WaitGroup>());
    } else if (o == "wg.Add") {
      co_await wgRef(op, sc)->Add(num(op, "n", sc, 1));
    } else if (o == "wg.Done") {
      co_await wgRef(op, sc)->Done();
    } else if (o == "wg.Wait") {
      co_await wgRef(op, sc)->Wait();
    } else if (o == "print") {
      co_await go::Println(interpolate(op, a["msg"].get<std::string>(), sc));
    } else if (o == "panic") {
      go::Panic(interpolate(op, a["msg"].get<std::string>(), sc));
    } else if (o == "recover") {
      std::string recovered;
      Flow f = Flow::Normal;
      try {
        f = co_await block(op.body, sc);
      } catch (const rt::GoPanic& e) {
        recovered = e.what();
      }
      if (a.contains("as")) {
        sc->vars[a["as"].get<std::string>()] = rt::Value::Str(recovered);
      } else if (!recovered.empty()) {
        co_await go::Println("recovered: " + recovered);
      }
      co_return f;
    } else if (o == "slice") {
      bind(op, "as", sc, std::make_shared<Slice>());
    } else if (o == "len" || o == "cap") {
      const std::string& of = a["of"].get_ref<const std::string&>();
      const Var* v =
          of.ends_with(".C") || of.find('[') != std::string::npos ? nullptr : sc->find(of);
      if (o == "len" && v && std::holds_alternative<SlicePtr>(*v)) {
        bind(op, "as", sc, static_cast<int64_t>(std::get<SlicePtr>(*v)->items.size()));
      } else {
        VChan c = chanRef(op, of, sc);  // len(c) / cap(c): chanlen / chancap
        bind(op, "as", sc, static_cast<int64_t>(o == "len" ? c.Len() : c.Cap()));
      }
    } else if (o == "GOMAXPROCS") {
      int64_t n = num(op, "n", sc);
      if (n > 256) error(op, fmt::format("GOMAXPROCS {} is above the limit of 256", n));
      int prev = co_await go::GOMAXPROCS(static_cast<int>(n));
      bind(op, "as", sc, int64_t{prev});
    } else if (o == "b.ResetTimer") {
      bench_.start = rt::Runtime::current().nanotime();
    } else if (o == "b.StopTimer") {
      if (bench_.start < 0) error(op, "b.StopTimer without b.ResetTimer before it");
      bench_.end = rt::Runtime::current().nanotime();
      bench_.n = num(op, "n", sc);
      if (bench_.n <= 0) error(op, fmt::format("n must be positive, got {}", bench_.n));
    } else if (o == "check") {
      rt::Runtime& rr = rt::Runtime::current();
      // "expectOn": {"lazy": {...bounds...}} replaces the bounds written on the op itself.
      const json* on = pickExpectOn(op.args, traits_);
      const json& b = on ? *on : op.args;
      if (b.contains("liveTimers"))
        checkRange(op, "live timers", b["liveTimers"], static_cast<int64_t>(rr.era().liveTimers()),
                   false, sc);
      if (b.contains("heapEntries"))
        checkRange(op, "heap entries", b["heapEntries"], static_cast<int64_t>(heapEntries(rr)),
                   false, sc);
      if (b.contains("goroutines"))
        checkRange(op, "live goroutines", b["goroutines"], rr.liveGoroutines(), false, sc);
      if (b.contains("now")) checkRange(op, "the time", b["now"], rr.nanotime(), true, sc);
      if (b.contains("int")) {
        const json& of = b["int"]["of"];
        std::string what = of.is_string() ? of.get<std::string>() : of.dump();
        checkRange(op, what.c_str(), b["int"], eval(op, "int", b["int"]["of"], sc), false, sc);
      }
    } else {
      error(op, fmt::format("unknown operation \"{}\"", o));  // the loader rejects these
    }
    co_return Flow::Normal;
  }

  Task<Flow> select(const Op& op, ScopePtr sc) {
    std::vector<go::Case> cases;
    std::vector<rt::Value> got(op.cases.size());
    std::vector<bool> oks(op.cases.size());
    std::vector<char> okc(op.cases.size());
    for (size_t i = 0; i < op.cases.size(); i++) {
      const SelectCase& c = op.cases[i];
      VChan ch = chanRef(op, c.chan, sc);
      if (c.isSend) {
        cases.push_back(go::Send(ch, jsonToValue(c.value)));
      } else {
        go::Case k = go::Recv(ch);
        rt::Value* into = &got[i];
        char* okp = &okc[i];
        k.onRecv = [into, okp](const rt::Value& v, bool ok) {
          *into = v;
          *okp = ok ? 1 : 0;
        };
        cases.push_back(std::move(k));
      }
    }
    int chosen = co_await go::Select(std::move(cases), op.hasDefault);
    if (const json* ep = expectation(op)) {
      const json& e = *ep;
      bool match = e.is_string() ? chosen == -1 : chosen == e.get<int>();
      if (!match) {
        expectFail(
            op, fmt::format(
                    "select chose {}, expected {}",
                    chosen < 0 ? std::string("default") : fmt::format("case {}", chosen),
                    e.is_string() ? std::string("default") : fmt::format("case {}", e.get<int>())));
      }
    }
    auto inner = std::make_shared<Scope>();
    inner->parent = sc;
    if (chosen < 0) co_return co_await block(op.defaultBody, inner);
    const SelectCase& c = op.cases[chosen];
    if (!c.as.empty()) inner->vars[c.as] = got[chosen];
    if (!c.okAs.empty()) inner->vars[c.okAs] = int64_t{okc[chosen]};
    co_return co_await block(c.body, inner);
  }

  // {"op": "AfterFunc", "chain": N, ...}: Go's BenchmarkAfterFunc chain, where f re-arms
  // itself from its own goroutine:
  //   f = func() { n--; if n >= 0 { AfterFunc(d, f) } else { body } }; AfterFunc(d, f)
  // so N+1 timers fire one after another, each in the goroutine the era starts for f, and
  // body runs in the last one. The chain's state lives in the interpreter (chains_) so that
  // the func, which the timer holds, does not own itself.
  struct Chain {
    int64_t n = 0;
    int64_t d = 0;
    std::function<Task<void>()> f;     // the re-arming func given to AfterFunc
    std::function<Task<void>()> last;  // body, in the goroutine of the last one
  };
  std::function<Task<void>()> chain(const Op& op, const ScopePtr& sc,
                                    std::function<Task<void>()> last) {
    auto& c = *chains_.emplace_back(std::make_unique<Chain>());
    c.n = num(op, "chain", sc);
    if (c.n < 0) error(op, fmt::format("chain: {} is negative", c.n));
    c.d = num(op, "d", sc);
    c.last = std::move(last);
    Chain* cp = &c;
    c.f = [cp]() -> Task<void> { return step(cp); };
    return c.f;
  }
  static Task<void> step(Chain* c) {
    rt::Runtime& r = rt::Runtime::current();
    r.charge(r.cost().user_op);  // n--; if n >= 0 { AfterFunc(d, f) }
    if (--c->n >= 0) {
      (void)co_await time::AfterFunc(c->d, c->f);
      co_return;
    }
    co_await c->last();
  }

  // A closure (a go or AfterFunc body's copy of the names bound so far) can reach itself: a
  // slice in it holds the AfterFunc timer whose func holds the closure. Go's GC collects
  // such cycles; reference counting does not, so the interpreter breaks them when the
  // program is over.
  std::shared_ptr<Scope> closure(const ScopePtr& sc) {
    auto c = sc->capture();
    if (closures_.size() >= closuresPruneAt_) {  // forget the closures already freed
      std::erase_if(closures_, [](const std::weak_ptr<Scope>& w) { return w.expired(); });
      closuresPruneAt_ = std::max<size_t>(1024, 2 * closures_.size());
    }
    closures_.push_back(c);
    return c;
  }

  const Scenario& s_;
  std::vector<std::string>& failures_;
  BenchTiming& bench_;
  std::vector<std::string> traits_;
  std::map<std::string, int64_t> params_;
  std::vector<std::weak_ptr<Scope>> closures_;
  std::vector<std::unique_ptr<Chain>> chains_;
  size_t closuresPruneAt_ = 1024;

  // A running `loop` (its goroutine and how long since it last blocked), for the spin check
  // and for the note a limit message gets about loops that never block.
  struct LoopState {
    const Op* op;
    bool forever;
    int64_t goid;
    int64_t iterations = 0;
    int64_t sinceBlock = 0;  // iterations in which the goroutine did not park
  };
  std::list<LoopState> loops_;

  class LoopWatch {
   public:
    LoopWatch(Interp& in, const Op& op, bool forever, const rt::g* gp)
        : in_(in),
          it_(in.loops_.insert(in.loops_.end(), LoopState{&op, forever, gp->goid})),
          lastPark_(gp->parkCount),
          lastClock_(rt::Runtime::current().nanotime()) {}
    ~LoopWatch() { in_.loops_.erase(it_); }
    LoopWatch(const LoopWatch&) = delete;
    LoopWatch& operator=(const LoopWatch&) = delete;

    // After each iteration: poll the run limits, and stop a loop that never blocks: a
    // forever loop whose goroutine has not parked for spinLimit iterations (Go would spin
    // there until the process is killed), or any loop that neither parks nor lets virtual
    // time pass for spinLimit iterations (it can never end: nothing else runs meanwhile).
    void iteration(rt::Runtime& r, int64_t done) {
      r.pollLimits();
      LoopState& st = *it_;
      st.iterations = done;
      const rt::g* gp = r.curg();
      bool parked = gp->parkCount != lastPark_;
      lastPark_ = gp->parkCount;
      st.sinceBlock = parked ? 0 : st.sinceBlock + 1;
      Time now = r.nanotime();
      still_ = parked || now != lastClock_ ? 0 : still_ + 1;
      lastClock_ = now;
      int64_t limit = r.config().spinLimit;
      if (st.forever && st.sinceBlock >= limit) {
        throw rt::LimitExceeded(
            rt::ExitKind::Spin,
            fmt::format("gotimers: goroutine {} loops forever without blocking: the loop at {} "
                        "ran {} iterations without blocking; stopped {}; give it an operation "
                        "that blocks (Sleep, recv, wg.Wait) or raise the limit with "
                        "--spin-limit N\n",
                        st.goid, in_.loopAt(*st.op), st.sinceBlock, r.where()));
      }
      if (still_ >= limit) {
        throw rt::LimitExceeded(
            rt::ExitKind::Spin,
            fmt::format("gotimers: goroutine {} spins: the loop at {} ran {} iterations {} "
                        "without blocking or letting virtual time pass, so it can never end; "
                        "give it an operation that blocks (Sleep, recv, wg.Wait) or takes time "
                        "(work), or raise the limit with --spin-limit N\n",
                        st.goid, in_.loopAt(*st.op), still_, r.where()));
      }
    }

   private:
    Interp& in_;
    std::list<LoopState>::iterator it_;
    int64_t lastPark_;
    Time lastClock_;
    int64_t still_ = 0;
  };

 public:
  // For a run stopped by a limit: the forever loops that had not blocked for a while.
  std::string loopNotes() const {
    std::string out;
    for (const LoopState& l : loops_) {
      if (!l.forever || l.sinceBlock < 1000) continue;
      out += fmt::format(
          "note: goroutine {} loops forever without blocking: the loop at {} ran {} "
          "iterations since it last blocked\n",
          l.goid, loopAt(*l.op), l.sinceBlock);
    }
    return out;
  }

 public:
  ~Interp() {
    for (auto& w : closures_) {
      if (auto c = w.lock()) c->vars.clear();
    }
  }
};

}  // namespace

int ScenarioResult::exitCode() const {
  if (program.run.kind == rt::ExitKind::Interrupted) return 130;
  if (rt::isLimit(program.run.kind)) return 3;
  if (!failures.empty()) return 1;
  return program.run.exitCode;
}

go::ProgramOptions programOptions(const Scenario& s, const RunOptions& opts) {
  go::ProgramOptions po;
  po.era = opts.era;
  po.config.gomaxprocs = opts.procs > 0 ? opts.procs : s.gomaxprocs;
  po.config.seed = opts.seed.value_or(s.seed);
  if (opts.timeLimit) {
    po.config.timeLimit = *opts.timeLimit;
  } else if (s.timeLimit) {
    po.config.timeLimit = *s.timeLimit;
  }
  if (opts.eventLimit) po.config.eventLimit = *opts.eventLimit;
  if (opts.limits) opts.limits(po.config);
  po.config.check = opts.check;
  if (opts.cost) po.config.cost = *opts.cost;
  po.sink = opts.sink;
  po.fingerprint = opts.fingerprint;
  return po;
}

ScenarioResult runScenario(const Scenario& s, const RunOptions& opts) {
  ScenarioResult res;
  go::ProgramOptions po = programOptions(s, opts);
  res.gomaxprocs = po.config.gomaxprocs;
  res.seed = po.config.seed;
  Interp in(s, res.failures, res.bench);
  po.explainEnd = [&in](const rt::RunResult& r) {
    return rt::isLimit(r.kind) || r.kind == rt::ExitKind::Interrupted ? in.loopNotes()
                                                                      : std::string();
  };
  res.program = go::runProgram(po, [&in]() { return in.main(); });
  // top-level expectations ("expectOn" of the scenario replaces "expect" where it applies)
  json top = json::object();
  if (s.expect.is_object()) top["expect"] = s.expect;
  if (s.expectOn.is_object()) top["expectOn"] = s.expectOn;
  const json* picked = pickExpectOn(top, in.traits());
  const json& e = picked ? *picked : s.expect;
  if (e.is_object()) {
    static const std::map<rt::ExitKind, std::string> names = {
        {rt::ExitKind::Normal, "normal"},
        {rt::ExitKind::Deadlock, "deadlock"},
        {rt::ExitKind::Panic, "panic"},
        {rt::ExitKind::Throw, "fatal error"},
        {rt::ExitKind::TimeLimit, "time limit"},
        {rt::ExitKind::EventLimit, "event limit"},
        {rt::ExitKind::GoroutineLimit, "goroutine limit"},
        {rt::ExitKind::TimerLimit, "timer limit"},
        {rt::ExitKind::MemoryLimit, "memory limit"},
        {rt::ExitKind::WallClockLimit, "wall-clock limit"},
        {rt::ExitKind::Spin, "spin"},
        {rt::ExitKind::Interrupted, "interrupted"},
        {rt::ExitKind::CheckFailed, "invariant violation"}};
    std::string got = names.at(res.program.run.kind);
    bool expectedAbnormal = false;
    if (e.contains("exit")) {
      std::string want = e["exit"].get<std::string>();
      if (want != got) {
        res.failures.push_back(
            fmt::format("{}: /expect/exit: the program ended with {}, expected {}",
                        s.where("/expect/exit"), got, want));
      } else if (want != "normal") {
        expectedAbnormal = true;
      }
    }
    if (e.contains("panic")) {
      std::string want = e["panic"].get<std::string>();
      if (res.program.run.kind != rt::ExitKind::Panic ||
          res.program.run.report.find(want) == std::string::npos) {
        res.failures.push_back(fmt::format("{}: /expect/panic: expected a panic with \"{}\"",
                                           s.where("/expect/panic"), want));
      } else {
        expectedAbnormal = true;
      }
    }
    if (e.contains("output")) {
      std::string want;
      for (const auto& l : e["output"])
        want += l.get<std::string>() + "\n";
      if (want != res.program.output) {
        res.failures.push_back(
            fmt::format("{}: /expect/output: the program printed:\n{}expected:\n{}",
                        s.where("/expect/output"), res.program.output, want));
      }
    }
    if (expectedAbnormal && res.failures.empty()) {
      res.program.run.exitCode = 0;
      res.expectedEnding = true;
    }
  }
  return res;
}

}  // namespace gotimers::scenario

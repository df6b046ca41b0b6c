// Loading the IR (docs/go-ir.md) into a Program: every index checked, blocks flattened.
#include <fmt/format.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "program/externs.h"
#include "program/ir.h"
#include "program/ir_types.h"
#include "program/vm_simple.h"

namespace gotimers::program {

using json = nlohmann::json;

namespace {

[[noreturn]] void bad(const std::string& what) {
  throw LoadError("malformed IR: " + what);
}

const json& need(const json& o, const char* key) {
  if (!o.is_object() || !o.contains(key)) bad(fmt::format("missing \"{}\"", key));
  return o[key];
}
int32_t int32Of(const json& v, const char* what) {
  if (!v.is_number_integer()) bad(fmt::format("\"{}\" is not an integer", what));
  int64_t x = v.get<int64_t>();
  if (x < INT32_MIN || x > INT32_MAX) bad(fmt::format("\"{}\" out of range", what));
  return static_cast<int32_t>(x);
}
int32_t geti(const json& o, const char* key) {
  return int32Of(need(o, key), key);
}
int32_t optOperand(const json& o, const char* key) {
  if (!o.contains(key) || o[key].is_null()) return INT32_MIN;
  return int32Of(o[key], key);
}

TK kindOf(const std::string& k) {
  static const std::map<std::string, TK> m = {
      {"bool", TK::Bool},       {"int", TK::Int},         {"int8", TK::Int8},
      {"int16", TK::Int16},     {"int32", TK::Int32},     {"int64", TK::Int64},
      {"uint", TK::Uint},       {"uint8", TK::Uint8},     {"uint16", TK::Uint16},
      {"uint32", TK::Uint32},   {"uint64", TK::Uint64},   {"uintptr", TK::Uintptr},
      {"float32", TK::Float32}, {"float64", TK::Float64}, {"string", TK::String},
      {"named", TK::Named},     {"pointer", TK::Pointer}, {"slice", TK::Slice},
      {"array", TK::Array},     {"map", TK::Map},         {"chan", TK::Chan},
      {"struct", TK::Struct},   {"func", TK::Func},       {"interface", TK::Interface},
      {"tuple", TK::Tuple},     {"iter", TK::Iter},       {"invalid", TK::Invalid}};
  auto it = m.find(k);
  if (it == m.end()) bad("unknown type kind " + k);
  return it->second;
}

NativeKind nativeOf(const std::string& s) {
  static const std::map<std::string, NativeKind> m = {
      {"time.Time", NativeKind::Time},
      {"time.Timer", NativeKind::Timer},
      {"time.Ticker", NativeKind::Ticker},
      {"sync.WaitGroup", NativeKind::WaitGroup},
      {"sync.Mutex", NativeKind::Mutex},
      {"sync.RWMutex", NativeKind::RWMutex},
      {"sync.Once", NativeKind::Once},
      {"sync.Cond", NativeKind::Cond},
      {"sync/atomic.Int32", NativeKind::AtomicInt},
      {"sync/atomic.Int64", NativeKind::AtomicInt},
      {"sync/atomic.Uint32", NativeKind::AtomicInt},
      {"sync/atomic.Uint64", NativeKind::AtomicInt},
      {"sync/atomic.Bool", NativeKind::AtomicBool},
      {"sync/atomic.Value", NativeKind::AtomicValue}};
  auto it = m.find(s);
  return it == m.end() ? NativeKind::Other : it->second;
}

const std::map<std::string, std::pair<Op, int>>& opTable() {
  static const std::map<std::string, std::pair<Op, int>> m = {
      {"add", {Op::Bin, int(BinOp::Add)}},
      {"sub", {Op::Bin, int(BinOp::Sub)}},
      {"mul", {Op::Bin, int(BinOp::Mul)}},
      {"div", {Op::Bin, int(BinOp::Div)}},
      {"rem", {Op::Bin, int(BinOp::Rem)}},
      {"and", {Op::Bin, int(BinOp::And)}},
      {"or", {Op::Bin, int(BinOp::Or)}},
      {"xor", {Op::Bin, int(BinOp::Xor)}},
      {"andnot", {Op::Bin, int(BinOp::AndNot)}},
      {"shl", {Op::Bin, int(BinOp::Shl)}},
      {"shr", {Op::Bin, int(BinOp::Shr)}},
      {"eq", {Op::Bin, int(BinOp::Eq)}},
      {"ne", {Op::Bin, int(BinOp::Ne)}},
      {"lt", {Op::Bin, int(BinOp::Lt)}},
      {"le", {Op::Bin, int(BinOp::Le)}},
      {"gt", {Op::Bin, int(BinOp::Gt)}},
      {"ge", {Op::Bin, int(BinOp::Ge)}},
      {"alloc", {Op::Alloc, 0}},
      {"not", {Op::Not, 0}},
      {"neg", {Op::Neg, 0}},
      {"compl", {Op::Compl, 0}},
      {"load", {Op::Load, 0}},
      {"recv", {Op::Recv, 0}},
      {"call", {Op::Call, 0}},
      {"callext", {Op::CallExt, 0}},
      {"callclosure", {Op::CallClosure, 0}},
      {"invoke", {Op::Invoke, 0}},
      {"len", {Op::Len, 0}},
      {"cap", {Op::Cap, 0}},
      {"append", {Op::Append, 0}},
      {"copy", {Op::Copy, 0}},
      {"delete", {Op::Delete, 0}},
      {"close", {Op::Close, 0}},
      {"recover", {Op::Recover, 0}},
      {"print", {Op::Print, 0}},
      {"println", {Op::Println, 0}},
      {"wrapnilchk", {Op::WrapNilChk, 0}},
      {"callpanic", {Op::CallPanic, 0}},
      {"go", {Op::Go, 0}},
      {"defer", {Op::Defer, 0}},
      {"rundefers", {Op::RunDefers, 0}},
      {"changetype", {Op::Move, 0}},
      {"changeiface", {Op::Move, 0}},
      {"convert", {Op::ConvertNum, 0}},
      {"slicetoarrayptr", {Op::SliceToArrayPtr, 0}},
      {"makeiface", {Op::MakeIface, 0}},
      {"makeclosure", {Op::MakeClosure, 0}},
      {"makemap", {Op::MakeMap, 0}},
      {"makechan", {Op::MakeChan, 0}},
      {"makeslice", {Op::MakeSlice, 0}},
      {"slice", {Op::Slice, 0}},
      {"fieldaddr", {Op::FieldAddr, 0}},
      {"field", {Op::Field, 0}},
      {"indexaddr", {Op::IndexAddr, 0}},
      {"index", {Op::Index, 0}},
      {"lookup", {Op::Lookup, 0}},
      {"select", {Op::Select, 0}},
      {"range", {Op::Range, 0}},
      {"next", {Op::Next, 0}},
      {"typeassert", {Op::TypeAssert, 0}},
      {"extract", {Op::Extract, 0}},
      {"jump", {Op::Jump, 0}},
      {"if", {Op::If, 0}},
      {"return", {Op::Return, 0}},
      {"panic", {Op::Panic, 0}},
      {"send", {Op::Send, 0}},
      {"store", {Op::Store, 0}},
      {"mapupdate", {Op::MapUpdate, 0}},
  };
  return m;
}

class Loader {
 public:
  explicit Loader(Program& p) : p_(p) {}

  void load(const json& d) {
    if (need(d, "format") != "gotimers-ir" || need(d, "version") != 1) {
      bad("not a gotimers-ir version 1 document");
    }
    for (const auto& f : need(d, "files"))
      p_.files.push_back(f.get<std::string>());
    if (d.contains("minGo")) {
      p_.minGoMinor = geti(d, "minGo");
      if (p_.minGoMinor < 0 || p_.minGoMinor > 99) bad("minGo out of range");
    }
    p_.positions.push_back({});  // 0: no position
    loadTypes(need(d, "types"));
    for (const auto& s : need(d, "selectors")) {
      std::string n = need(s, "name").get<std::string>();
      p_.selectors.push_back(s.contains("pkg") ? s["pkg"].get<std::string>() + "." + n : n);
    }
    for (const auto& t : p_.types) {
      for (const auto& m : t.methods) {
        if (m.sel >= static_cast<int32_t>(p_.selectors.size())) bad("interface method selector");
      }
    }
    addSyntheticTypes();
    for (const auto& g : need(d, "globals")) {
      p_.globals.push_back({need(g, "name").get<std::string>(), type(geti(g, "type"))});
      p_.globalExtern.push_back(g.value("extern", false));
    }
    p_.globalConst.assign(p_.globals.size(), -1);
    const json& funcs = need(d, "funcs");
    const json& exts = need(d, "externs");
    nfuncs_ = static_cast<int32_t>(funcs.size());
    for (const auto& e : exts) {
      Extern x;
      x.name = need(e, "name").get<std::string>();
      if (!e.value("unsupported", false)) {
        x.type = type(geti(e, "type"));
        x.impl = findExtern(x.name);
      }
      p_.externs.push_back(std::move(x));
    }
    {
      Extern x;  // the CancelFunc contexts return: a closure over the context
      x.name = "context.CancelFunc";
      x.impl = findExtern("gotimers:context.cancel");
      p_.extCancel = static_cast<int32_t>(p_.externs.size());
      p_.externs.push_back(std::move(x));
    }
    firstUse_.assign(p_.externs.size(), -1);
    loadConsts(need(d, "consts"));
    loadMethodsets(need(d, "types"));
    for (const auto& f : funcs)
      p_.funcs.push_back(loadFunc(f));
    p_.init = need(d, "init").is_null() ? -1 : geti(d, "init");
    p_.main = geti(d, "main");
    if (p_.init < -1 || p_.init >= nfuncs_ || p_.main < -1 || p_.main >= nfuncs_) {
      bad("init/main index out of range");
    }
    for (const char* k : {"tests", "benchmarks"}) {
      if (!d.contains(k) || d[k].is_null()) continue;
      for (const auto& t : d[k]) {
        Program::TestFunc tf{need(t, "name").get<std::string>(), fn(geti(t, "func"))};
        (k[0] == 't' ? p_.tests : p_.benchmarks).push_back(std::move(tf));
      }
    }
    for (size_t i = 0; i < p_.externs.size(); i++) {
      if (!p_.externs[i].impl && firstUse_[i] >= 0) {
        throw LoadError(fmt::format("{}: unsupported: call to {} (not yet in the VM)",
                                    p_.where(firstUse_[i]), p_.externs[i].name));
      }
    }
  }

 private:
  int32_t type(int32_t t) {
    if (t < 0 || t >= static_cast<int32_t>(ntypes_)) bad(fmt::format("type index {}", t));
    return t;
  }

  void loadTypes(const json& ts) {
    ntypes_ = ts.size();
    p_.types.resize(ntypes_);
    for (size_t i = 0; i < ntypes_; i++) {
      const json& j = ts[i];
      Type& t = p_.types[i];
      t.kind = kindOf(need(j, "kind").get<std::string>());
      t.str = j.value("string", "");
      t.name = j.value("name", "");
      t.pkg = j.value("pkg", "");
      if (j.contains("elem")) t.elem = type(geti(j, "elem"));
      if (j.contains("key")) t.key = type(geti(j, "key"));
      if (j.contains("underlying")) t.underlying = type(geti(j, "underlying"));
      if (j.contains("len")) t.len = geti(j, "len");
      if (t.len < 0) bad("negative array length");
      t.variadic = j.value("variadic", false);
      t.opaque = j.value("opaque", false);
      if (t.opaque) t.native = nativeOf(t.str);
      if (t.kind == TK::Named && !t.opaque && t.str == "time.Time") t.native = NativeKind::Time;
      for (const char* k : {"params", "results", "elems"}) {
        if (!j.contains(k)) continue;
        auto& v = k[0] == 'p' ? t.params : k[0] == 'r' ? t.results : t.elems;
        for (const auto& x : j[k])
          v.push_back(type(int32Of(x, k)));
      }
      if (j.contains("fields")) {
        for (const auto& f : j["fields"]) {
          Type::Field fl;
          fl.name = f.value("name", "");
          fl.type = type(geti(f, "type"));
          fl.embedded = f.value("embedded", false);
          fl.index = f.contains("index") ? geti(f, "index") : static_cast<int32_t>(t.fields.size());
          if (fl.index < 0 || fl.index > 4096) bad("field index");
          t.nslots = std::max(t.nslots, fl.index + 1);
          t.fields.push_back(fl);
        }
      }
      if (j.contains("methods")) {
        for (const auto& m : j["methods"]) {
          Method mm;
          mm.sel = geti(m, "sel");
          mm.type = type(geti(m, "type"));
          t.methods.push_back(mm);
        }
      }
    }
    for (auto& t : p_.types) {
      if (t.kind == TK::Named) {
        if (t.opaque) {
          t.base = TK::Struct;
        } else if (t.underlying >= 0) {
          t.base = p_.types[t.underlying].kind;
          if (t.base == TK::Named) bad("named type with a named underlying type");
        } else {
          bad("named type " + t.str + " without underlying type");
        }
      } else {
        t.base = t.kind;
      }
    }
    for (auto& t : p_.types) {
      for (auto& m : t.methods) {
        if (m.sel < 0) bad("selector index");
      }
      // the VM builds and indexes values of these kinds through elem (and a map's key)
      const bool hasElem = t.kind == TK::Array || t.kind == TK::Slice || t.kind == TK::Pointer ||
                           t.kind == TK::Chan || t.kind == TK::Map;
      if (hasElem && t.elem < 0) bad(fmt::format("type {} without an element type", t.str));
      if (t.kind == TK::Map && t.key < 0) bad(fmt::format("type {} without a key type", t.str));
    }
    if (std::string cycle = findValueCycle(p_.types); !cycle.empty()) bad(cycle);
    zeroSlots_ = zeroSlots(p_.types);
  }

  // The zero value of t, built at load time (a "zero" constant, a global): refused when it
  // would hold more values than the simulator allows.
  Value zeroAtLoad(int32_t t) {
    if (zeroSlots_[static_cast<size_t>(t)] > kMaxZeroSlots) {
      throw LoadError(fmt::format(
          "malformed IR: the zero value of {} has more than {} elements (too large to simulate)",
          p_.types[static_cast<size_t>(t)].str, kMaxZeroSlots));
    }
    return p_.zero(t);
  }

  // The element type of t's underlying type (a pointer, slice, array, map or channel).
  int32_t elemOf(int32_t t, const char* what) {
    int32_t e = p_.under(t).elem;
    if (e < 0) bad(fmt::format("{}: type {} has no element type", what, p_.types[t].str));
    return e;
  }

  int32_t addType(Type t) {
    p_.types.push_back(std::move(t));
    return static_cast<int32_t>(p_.types.size() - 1);
  }
  int32_t findOrAddBasic(TK k, const char* name) {
    for (size_t i = 0; i < ntypes_; i++) {
      if (p_.types[i].kind == k) return static_cast<int32_t>(i);
    }
    Type t;
    t.kind = t.base = k;
    t.str = name;
    return addType(std::move(t));
  }
  int32_t selector(const std::string& name) {
    for (size_t i = 0; i < p_.selectors.size(); i++) {
      if (p_.selectors[i] == name) return static_cast<int32_t>(i);
    }
    p_.selectors.push_back(name);
    return static_cast<int32_t>(p_.selectors.size() - 1);
  }

  // Types of values the VM makes itself: errors and runtime errors, and the basic types fmt
  // and the externs need even when the program does not name them.
  void addSyntheticTypes() {
    p_.selError = selector("Error");
    p_.selString = selector("String");
    // a pointer-shaped named type whose methods are native (NativeMethod)
    using Natives = std::initializer_list<std::pair<const char*, NativeMethod>>;
    auto vmType = [&](const char* name, Natives ms) {
      Type t;
      t.kind = TK::Named;
      t.base = TK::Pointer;
      t.str = name;
      for (const auto& [n, nm] : ms) {
        Method m;
        m.sel = selector(n);
        m.native = int32_t(nm);
        t.methodset.push_back(m);
      }
      return addType(std::move(t));
    };
    auto errType = [&](const char* name) {
      return vmType(name, {{"Error", NativeMethod::ErrorString}});
    };
    p_.tErrorString = errType("*errors.errorString");
    p_.tWrapError = errType("*fmt.wrapError");
    p_.tRuntimeError = errType("runtime.errorString");
    p_.tBoundsError = errType("runtime.boundsError");
    p_.tPlainError = errType("runtime.plainError");
    p_.tNumError = errType("*strconv.NumError");
    p_.tDeadlineErr = errType("context.deadlineExceededError");
    const Natives ctx = {{"Deadline", NativeMethod::CtxDeadline},
                         {"Done", NativeMethod::CtxDone},
                         {"Err", NativeMethod::CtxErr},
                         {"Value", NativeMethod::CtxValue}};
    p_.tEmptyCtx = vmType("*context.emptyCtx", ctx);
    p_.tCancelCtx = vmType("*context.cancelCtx", ctx);
    p_.tTimerCtx = vmType("*context.timerCtx", ctx);
    p_.tValueCtx = vmType("*context.valueCtx", ctx);
    p_.tRandSource = vmType("*rand.rngSource", {{"Int63", NativeMethod::RandInt63},
                                                {"Seed", NativeMethod::RandSeed},
                                                {"Uint64", NativeMethod::RandUint64}});
    // its methods carry their signatures (when the program has them), so that it satisfies
    // rand.Source64 in a type assertion
    auto sig = [&](std::initializer_list<TK> params, std::initializer_list<TK> results) {
      auto same = [&](const std::vector<int32_t>& ts, std::initializer_list<TK> ks) {
        return std::equal(ts.begin(), ts.end(), ks.begin(), ks.end(), [&](int32_t t, TK k) {
          return p_.types[static_cast<size_t>(t)].kind == k;
        });
      };
      for (size_t i = 0; i < ntypes_; i++) {
        const Type& t = p_.types[i];
        if (t.kind == TK::Func && !t.variadic && same(t.params, params) &&
            same(t.results, results)) {
          return static_cast<int32_t>(i);
        }
      }
      return int32_t{-1};
    };
    auto& rng = p_.types[static_cast<size_t>(p_.tRandSource)].methodset;
    rng[0].type = sig({}, {TK::Int64});
    rng[1].type = sig({TK::Int64}, {});
    rng[2].type = sig({}, {TK::Uint64});
    p_.tString = findOrAddBasic(TK::String, "string");
    p_.tInt = findOrAddBasic(TK::Int, "int");
    p_.tBool = findOrAddBasic(TK::Bool, "bool");
    p_.tEmptyIface = -1;
    for (size_t i = 0; i < ntypes_; i++) {
      const Type& t = p_.types[i];
      if (t.kind == TK::Interface && t.methods.empty() && p_.tEmptyIface < 0) {
        p_.tEmptyIface = static_cast<int32_t>(i);
      }
      if (t.str == "time.Duration") p_.tDuration = static_cast<int32_t>(i);
      if (t.str == "time.Time") p_.tTime = static_cast<int32_t>(i);
      if (t.str == "*os.File") p_.tFile = static_cast<int32_t>(i);
    }
    if (p_.tEmptyIface < 0) {
      Type t;
      t.kind = t.base = TK::Interface;
      t.str = "interface {}";
      p_.tEmptyIface = addType(std::move(t));
    }
  }

  void loadMethodsets(const json& ts) {
    for (size_t i = 0; i < ts.size(); i++) {
      if (!ts[i].contains("methodset")) continue;
      for (const auto& m : ts[i]["methodset"]) {
        Method mm;
        mm.sel = geti(m, "sel");
        if (mm.sel < 0 || mm.sel >= static_cast<int32_t>(p_.selectors.size())) bad("selector");
        mm.type = m.contains("type") ? type(geti(m, "type")) : -1;  // absent: unsupported
        if (m.contains("func")) {
          mm.func = geti(m, "func");
          if (mm.func < 0 || mm.func >= nfuncs_) bad("methodset func");
        } else {
          mm.ext = ext(geti(m, "extern"));
        }
        p_.types[i].methodset.push_back(mm);
      }
    }
  }

  int32_t ext(int32_t e) {
    if (e < 0 || e >= static_cast<int32_t>(p_.externs.size())) bad(fmt::format("extern {}", e));
    return e;
  }
  int32_t fn(int32_t f) {
    if (f < 0 || f >= nfuncs_) bad(fmt::format("function index {}", f));
    return f;
  }

  void loadConsts(const json& cs) {
    for (const auto& c : cs) {
      int32_t t = type(geti(c, "type"));
      constTypes_.push_back(t);
      const Type& ty = p_.types[t];
      Value v;
      if (c.contains("int")) {
        const json& x = c["int"];
        if (x.is_number_unsigned()) {
          v = Value::Int(static_cast<int64_t>(x.get<uint64_t>()));
        } else if (x.is_number_integer()) {
          v = Value::Int(x.get<int64_t>());
        } else {
          bad("int constant");
        }
        if (ty.base == TK::Float32 || ty.base == TK::Float64) v = Value::Float(double(v.i));
      } else if (c.contains("float")) {
        v = Value::Float(need(c, "float").get<double>());
      } else if (c.contains("str")) {
        v = makeStr(c["str"].get<std::string>());
      } else if (c.contains("bytes")) {
        std::string s;
        for (const auto& b : c["bytes"])
          s += static_cast<char>(b.get<int>());
        v = makeStr(std::move(s));
      } else if (c.contains("bool")) {
        v = Value::Bool(c["bool"].get<bool>());
      } else if (c.contains("nil")) {
        v = Value();
      } else if (c.contains("zero")) {
        v = zeroAtLoad(t);
      } else if (c.contains("func")) {
        v.k = VK::Func;
        v.a = fn(geti(c, "func"));
      } else if (c.contains("extern")) {
        v.k = VK::Func;
        v.a = ext(geti(c, "extern"));
        v.b = 1;
        constExt_.resize(p_.consts.size() + 1, -1);
        constExt_[p_.consts.size()] = v.a;
      } else if (c.contains("global")) {
        int32_t g = geti(c, "global");
        if (g < 0 || g >= static_cast<int32_t>(p_.globals.size())) bad("global index");
        v.k = VK::Nil;
        v.a = g;
        globalConsts_.push_back(static_cast<int32_t>(p_.consts.size()));
      } else {
        bad("constant without a value");
      }
      p_.consts.push_back(std::move(v));
    }
    // globals: one variable each, the constant is its address
    for (int32_t ci : globalConsts_) {
      int32_t g = p_.consts[ci].a;
      while (static_cast<int32_t>(globalVals_.size()) <= g)
        globalVals_.emplace_back();
      if (globalVals_[g].k == VK::Nil) {
        // An aggregate's pointer addresses its box (a = -1); anything else, a struct
        // held natively (time.Time) included, lives in a one-slot cell.
        Value z = zeroAtLoad(p_.globals[g].type);
        if (z.k == VK::Agg && z.t < 0) {
          globalVals_[g] = Value::Obj(VK::Ptr, z.r, -1);
        } else {
          auto* b = new Box(1);
          b->v[0] = std::move(z);
          globalVals_[g] = Value::Obj(VK::Ptr, b, 0);
        }
      }
      p_.consts[ci] = globalVals_[g];
      p_.globalConst[static_cast<size_t>(g)] = ci;
    }
  }

  int32_t pos(const json& i) {
    if (!i.contains("pos")) return lastPos_;
    const json& p = i["pos"];
    if (!p.is_array() || p.size() != 3) bad("position");
    Position x{int32Of(p[0], "pos"), int32Of(p[1], "pos"), int32Of(p[2], "pos")};
    if (x.file < -1 || x.file >= static_cast<int32_t>(p_.files.size())) bad("position file");
    if (x.file < 0) return lastPos_ = 0;
    p_.positions.push_back(x);
    return lastPos_ = static_cast<int32_t>(p_.positions.size() - 1);
  }

  int32_t operand(const json& o, const char* key) {
    int32_t v = geti(o, key);
    return checkOperand(v);
  }
  int32_t checkOperand(int32_t v) {
    if (v >= 0 ? v >= cur_->nregs : -1 - v >= static_cast<int32_t>(p_.consts.size())) {
      bad(fmt::format("operand {} in {}", v, cur_->name));
    }
    if (v < 0 && static_cast<size_t>(-1 - v) < constExt_.size() && constExt_[-1 - v] >= 0) {
      useExtern(constExt_[-1 - v], lastPos_);
    }
    return v;
  }
  int32_t reg(const json& o, const char* key) {
    int32_t v = geti(o, key);
    if (v < 0 || v >= cur_->nregs) bad(fmt::format("register {} in {}", v, cur_->name));
    return v;
  }
  void argsOf(const json& arr, Instr& in) {
    in.argOff = static_cast<int32_t>(cur_->args.size());
    in.argN = static_cast<int32_t>(arr.size());
    for (const auto& a : arr)
      cur_->args.push_back(checkOperand(int32Of(a, "args")));
  }
  void useExtern(int32_t e, int32_t p) {
    if (firstUse_[e] < 0) firstUse_[e] = p;
  }

  // What a go or defer statement may call: functions, closures, methods, externs, and the
  // builtins Go allows as statements.
  static bool deferrable(Op op) {
    switch (op) {
      case Op::Call:
      case Op::CallExt:
      case Op::CallClosure:
      case Op::Invoke:
      case Op::Close:
      case Op::CallPanic:
      case Op::Print:
      case Op::Println:
      case Op::Recover:
      case Op::Copy:
      case Op::Delete:
        return true;
      default:
        return false;
    }
  }

  // Instructions whose value the VM always writes to their dst register.
  static bool needsDst(Op op) {
    switch (op) {
      case Op::Alloc:
      case Op::Bin:
      case Op::Not:
      case Op::Neg:
      case Op::Compl:
      case Op::Load:
      case Op::Move:
      case Op::ConvertNum:
      case Op::SliceToArrayPtr:
      case Op::MakeIface:
      case Op::MakeClosure:
      case Op::MakeMap:
      case Op::MakeChan:
      case Op::MakeSlice:
      case Op::Slice:
      case Op::FieldAddr:
      case Op::Field:
      case Op::IndexAddr:
      case Op::Index:
      case Op::Lookup:
      case Op::Range:
      case Op::Next:
      case Op::TypeAssert:
      case Op::Extract:
      case Op::Len:
      case Op::Cap:
      case Op::Append:
      case Op::WrapNilChk:
        return true;
      default:
        return false;
    }
  }

  // Compiles one instruction (not jump/if: those need block offsets).
  Instr compile(const json& j, int32_t p) {
    const std::string op = need(j, "op").get<std::string>();
    auto it = opTable().find(op);
    if (it == opTable().end()) bad("unknown opcode " + op);
    Instr in;
    in.op = it->second.first;
    in.sub = static_cast<uint8_t>(it->second.second);
    in.pos = p;
    if (j.contains("dst") && !j["dst"].is_null()) in.dst = reg(j, "dst");
    if (needsDst(in.op) && in.dst < 0) bad(fmt::format("{} without dst in {}", op, cur_->name));
    auto typeOf = [&](int32_t o) {
      return o >= 0 ? cur_->regTypes[o] : constTypes_[static_cast<size_t>(-1 - o)];
    };
    auto regKind = [&](int32_t operandIdx) {
      int32_t t = operandIdx >= 0 ? cur_->regTypes[operandIdx]
                                  : constTypes_[static_cast<size_t>(-1 - operandIdx)];
      return p_.types[t].base;
    };
    switch (in.op) {
      case Op::Bin:
        in.x = operand(j, "x");
        in.y = operand(j, "y");
        in.nk = regKind(in.x);
        in.rk = regKind(in.y);  // shifts: the count's kind
        if (isBinI64(in)) in.op = Op::BinI64;
        break;
      case Op::Not:
      case Op::Neg:
      case Op::Compl:
      case Op::Load:
      case Op::Move:
      case Op::SliceToArrayPtr:
        in.x = operand(j, "x");
        in.nk = regKind(in.x);
        if (in.op == Op::SliceToArrayPtr) in.aux = elemOf(cur_->regTypes[in.dst], op.c_str());
        break;
      case Op::ConvertNum: {
        in.x = operand(j, "x");
        in.nk = p_.types[type(geti(j, "from"))].base;
        in.rk = p_.types[cur_->regTypes[in.dst]].base;
        const Type& rt = p_.types[cur_->regTypes[in.dst]];
        bool strOrSlice =
            in.nk == TK::String || in.rk == TK::String || in.nk == TK::Slice || in.rk == TK::Slice;
        if (strOrSlice) {
          in.op = Op::ConvertStr;
          if (rt.base == TK::Slice)
            in.aux = p_.types[elemOf(cur_->regTypes[in.dst], "convert")].base == TK::Int32 ? 1 : 0;
          if (in.nk == TK::Slice) {
            int32_t ft = type(geti(j, "from"));
            in.aux = p_.types[elemOf(ft, "convert")].base == TK::Int32 ? 1 : 0;
          }
        }
        break;
      }
      case Op::Recv:
        in.x = operand(j, "x");
        in.aux = j.value("commaok", false) ? 1 : 0;
        in.z = elemOf(typeOf(in.x), "recv");
        break;
      case Op::Call:
        in.aux = fn(geti(j, "fn"));
        argsOf(need(j, "args"), in);
        break;
      case Op::CallExt:
        in.aux = ext(geti(j, "ext"));
        useExtern(in.aux, p);
        argsOf(need(j, "args"), in);
        if (auto as = j.find("as"); as != j.end()) {  // the timer's name (NewTimer, ...)
          if (!as->is_string() || as->get_ref<const std::string&>().empty()) bad("callext as");
          in.aux2 = static_cast<int32_t>(p_.timerNames.size());
          p_.timerNames.push_back(as->get<std::string>());
        }
        break;
      case Op::CallClosure:
        in.x = operand(j, "callee");
        argsOf(need(j, "args"), in);
        break;
      case Op::Invoke:
        in.x = operand(j, "recv");
        in.aux = geti(j, "sel");
        if (in.aux < 0 || in.aux >= static_cast<int32_t>(p_.selectors.size())) bad("selector");
        argsOf(need(j, "args"), in);
        break;
      case Op::Len:
      case Op::Cap:
      case Op::Append:
      case Op::Copy:
      case Op::Delete:
      case Op::Close:
      case Op::Recover:
      case Op::Print:
      case Op::Println:
      case Op::WrapNilChk:
      case Op::CallPanic:
        argsOf(need(j, "args"), in);
        if (in.op == Op::Len || in.op == Op::Cap) {
          if (in.argN != 1) bad("len/cap arity");
          in.nk = regKind(cur_->args[in.argOff]);
        }
        if ((in.op == Op::Append || in.op == Op::Copy || in.op == Op::Delete) && in.argN != 2) {
          bad("builtin arity");
        }
        if (in.op == Op::Append || in.op == Op::Copy) in.nk = regKind(cur_->args[in.argOff + 1]);
        if ((in.op == Op::Close || in.op == Op::CallPanic) && in.argN != 1) bad("builtin arity");
        if (in.op == Op::WrapNilChk && in.argN != 3) bad("wrapnilchk arity");
        break;
      case Op::Go:
      case Op::Defer: {
        Instr c = compile(need(j, "call"), p);
        if (!deferrable(c.op)) {
          bad(fmt::format("{} of {} in {}", op, need(need(j, "call"), "op").get<std::string>(),
                          cur_->name));
        }
        c.dst = -1;
        p_.deferred.push_back(c);
        in.aux = static_cast<int32_t>(p_.deferred.size() - 1);
        break;
      }
      case Op::RunDefers:
        break;
      case Op::MakeIface:
        in.x = operand(j, "x");
        in.aux = type(geti(j, "type"));
        break;
      case Op::MakeClosure:
        in.aux = fn(geti(j, "fn"));
        argsOf(need(j, "bindings"), in);
        break;
      case Op::MakeMap:
        in.x = optOperand(j, "reserve");
        if (in.x != INT32_MIN) checkOperand(in.x);
        break;
      case Op::MakeChan:
        in.x = operand(j, "size");
        break;
      case Op::MakeSlice:
        in.x = operand(j, "len");
        in.y = operand(j, "cap");
        in.aux = elemOf(cur_->regTypes[in.dst], "makeslice");
        break;
      case Op::Slice:
        in.x = operand(j, "x");
        in.y = optOperand(j, "low");
        in.z = optOperand(j, "high");
        in.w = optOperand(j, "max");
        for (int32_t o : {in.y, in.z, in.w}) {
          if (o != INT32_MIN) checkOperand(o);
        }
        in.nk = regKind(in.x);
        break;
      case Op::Alloc:
        in.aux = type(geti(j, "type"));
        break;
      case Op::FieldAddr:
      case Op::Field: {
        in.x = operand(j, "x");
        in.aux = geti(j, "field");
        // the struct the field is of: x's type, or what x points to
        int32_t st = typeOf(in.x);
        if (in.op == Op::FieldAddr) st = elemOf(st, "fieldaddr");
        const Type& t = p_.under(st);
        bool isStruct = t.kind == TK::Struct || (t.kind == TK::Named && t.opaque);
        int32_t n = t.opaque ? t.nslots : static_cast<int32_t>(t.fields.size());
        if (!isStruct || in.aux < 0 || in.aux >= n) {
          bad(fmt::format("field {} of {} in {}", in.aux, p_.types[st].str, cur_->name));
        }
        break;
      }
      case Op::IndexAddr:
      case Op::Index:
        in.x = operand(j, "x");
        in.y = operand(j, "index");
        in.nk = regKind(in.x);
        break;
      case Op::Lookup:
        in.x = operand(j, "x");
        in.y = operand(j, "key");
        in.aux = j.value("commaok", false) ? 1 : 0;
        in.aux2 = p_.under(typeOf(in.x)).base == TK::String ? 1 : 0;
        in.nk = regKind(in.x);
        if (in.nk == TK::Map) in.z = elemOf(typeOf(in.x), "lookup");
        break;
      case Op::Select: {
        SelectInfo si;
        si.blocking = need(j, "blocking").get<bool>();
        for (const auto& s : need(j, "states")) {
          SelectState st;
          st.send = need(s, "dir") == "send";
          st.chan = operand(s, "chan");
          st.val = st.send ? operand(s, "send") : elemOf(typeOf(st.chan), "select");
          si.states.push_back(st);
        }
        if (in.dst >= 0) si.tupleType = cur_->regTypes[in.dst];
        p_.selects.push_back(std::move(si));
        in.aux = static_cast<int32_t>(p_.selects.size() - 1);
        break;
      }
      case Op::Range:
        in.x = operand(j, "x");
        in.nk = regKind(in.x);
        break;
      case Op::Next:
        in.x = operand(j, "iter");
        in.aux = j.value("string", false) ? 1 : 0;
        break;
      case Op::TypeAssert:
        in.x = operand(j, "x");
        in.aux = type(geti(j, "type"));
        in.aux2 = j.value("commaok", false) ? 1 : 0;
        in.z = typeOf(in.x);
        break;
      case Op::Extract: {
        in.x = operand(j, "x");
        in.aux = geti(j, "index");
        const Type& t = p_.types[typeOf(in.x)];
        if (t.kind != TK::Tuple || in.aux < 0 || in.aux >= static_cast<int32_t>(t.elems.size())) {
          bad(fmt::format("extract {} of {} in {}", in.aux, t.str, cur_->name));
        }
        break;
      }
      case Op::Return:
        argsOf(need(j, "results"), in);
        break;
      case Op::Panic:
        in.x = operand(j, "x");
        break;
      case Op::Send:
        in.x = operand(j, "chan");
        in.y = operand(j, "x");
        break;
      case Op::Store:
        in.x = operand(j, "addr");
        in.y = operand(j, "val");
        break;
      case Op::MapUpdate:
        in.x = operand(j, "map");
        in.y = operand(j, "key");
        in.z = operand(j, "val");
        break;
      case Op::Jump:
      case Op::If:
      default:
        break;
    }
    return in;
  }

  void moves(const json& o, const char* key, int32_t p) {
    if (!o.contains(key) || o[key].is_null()) return;
    for (const auto& m : o[key]) {
      if (!m.is_array() || m.size() != 2) bad("move");
      Instr c;
      c.op = Op::Move;
      c.dst = checkOperand(int32Of(m[0], "move"));
      if (c.dst < 0) bad("move to a constant");
      c.x = checkOperand(int32Of(m[1], "move"));
      c.pos = p;
      cur_->code.push_back(c);
    }
  }

  Func loadFunc(const json& f) {
    Func fn;
    cur_ = &fn;
    fn.name = need(f, "name").get<std::string>();
    fn.goname = f.value("goname", fn.name);
    fn.type = type(geti(f, "type"));
    fn.nparams = static_cast<int32_t>(need(f, "params").size());
    fn.nfree = static_cast<int32_t>(need(f, "free").size());
    for (const auto& r : need(f, "regs"))
      fn.regTypes.push_back(type(int32Of(r, "regs")));
    fn.nregs = static_cast<int32_t>(fn.regTypes.size());
    if (fn.nparams + fn.nfree > fn.nregs) bad("fewer registers than parameters in " + fn.name);
    fn.pos = pos(f);
    int32_t rec = geti(f, "recover");
    const json& blocks = need(f, "blocks");
    if (blocks.empty()) bad("function without blocks: " + fn.name);
    if (rec >= static_cast<int32_t>(blocks.size())) bad("recover block");
    std::vector<int32_t> start(blocks.size());
    struct Fix {
      size_t at;
      int32_t block;
      bool second;
    };
    std::vector<Fix> fixes;
    struct Tramp {
      size_t at;
      bool second;
      const json* instr;
      const char* key;
      int32_t block;
      int32_t pos;
    };
    std::vector<Tramp> tramps;
    auto blockIdx = [&](const json& o, const char* key) {
      int32_t b = geti(o, key);
      if (b < 0 || b >= static_cast<int32_t>(blocks.size())) bad("block index");
      return b;
    };
    for (size_t b = 0; b < blocks.size(); b++) {
      start[b] = static_cast<int32_t>(fn.code.size());
      const json& instrs = need(blocks[b], "instrs");
      if (instrs.empty()) bad("empty block");
      for (const auto& j : instrs) {
        int32_t p = pos(j);
        const std::string op = need(j, "op").get<std::string>();
        if (op == "jump") {
          moves(j, "moves", p);
          Instr in;
          in.op = Op::Jump;
          in.pos = p;
          fixes.push_back({fn.code.size(), blockIdx(j, "to"), false});
          fn.code.push_back(in);
        } else if (op == "if") {
          Instr in;
          in.op = Op::If;
          in.pos = p;
          in.x = operand(j, "cond");
          size_t at = fn.code.size();
          int32_t tb = blockIdx(j, "then"), eb = blockIdx(j, "else");
          if (j.contains("then_moves") && !j["then_moves"].empty()) {
            tramps.push_back({at, false, &j, "then_moves", tb, p});
          } else {
            fixes.push_back({at, tb, false});
          }
          if (j.contains("else_moves") && !j["else_moves"].empty()) {
            tramps.push_back({at, true, &j, "else_moves", eb, p});
          } else {
            fixes.push_back({at, eb, true});
          }
          fn.code.push_back(in);
        } else {
          fn.code.push_back(compile(j, p));
        }
      }
      Op last = fn.code.back().op;
      if (last != Op::Jump && last != Op::If && last != Op::Return && last != Op::Panic) {
        bad("block does not end in a terminator in " + fn.name);
      }
    }
    for (const auto& t : tramps) {
      int32_t here = static_cast<int32_t>(fn.code.size());
      moves(*t.instr, t.key, t.pos);
      Instr in;
      in.op = Op::Jump;
      in.pos = t.pos;
      fixes.push_back({fn.code.size(), t.block, false});
      fn.code.push_back(in);
      (t.second ? fn.code[t.at].aux2 : fn.code[t.at].aux) = here;
    }
    for (const auto& fx : fixes)
      (fx.second ? fn.code[fx.at].aux2 : fn.code[fx.at].aux) = start[fx.block];
    fuse(fn.code);
    fn.recoverPc = rec >= 0 ? start[rec] : -1;
    cur_ = nullptr;
    return fn;
  }

  // Marks the pairs one dispatch runs (Op::BinI64If, Op::MoveJump). The second of a pair is
  // never a jump target: a block or trampoline starts after a terminator, and the first of a
  // pair is none.
  static void fuse(std::vector<Instr>& code) {
    for (size_t k = 0; k + 1 < code.size(); k++) {
      Instr& a = code[k];
      const Instr& b = code[k + 1];
      if (a.op == Op::BinI64 && b.op == Op::If && b.x == a.dst) {
        a.op = Op::BinI64If;
      } else if (a.op == Op::Move && b.op == Op::Jump) {
        a.op = Op::MoveJump;
      }
    }
  }

  Program& p_;
  size_t ntypes_ = 0;
  int32_t nfuncs_ = 0;
  Func* cur_ = nullptr;
  int32_t lastPos_ = 0;
  std::vector<int32_t> firstUse_;
  std::vector<int32_t> globalConsts_;
  std::vector<Value> globalVals_;
  std::vector<int32_t> constExt_;  // constant -> the extern it names, or -1
  std::vector<int32_t>& constTypes_ = p_.constTypes;
  std::vector<uint64_t> zeroSlots_;  // per loaded type: values its zero value holds
};

}  // namespace

std::string Program::where(int32_t pos) const {
  if (pos <= 0 || pos >= static_cast<int32_t>(positions.size())) return "<autogenerated>";
  const Position& p = positions[pos];
  return fmt::format("{}:{}:{}", files[p.file], p.line, p.col);
}

Value Program::zero(int32_t t) const {
  const Type& ty = types[t];
  switch (ty.base) {
    case TK::Bool:
    case TK::Int:
    case TK::Int8:
    case TK::Int16:
    case TK::Int32:
    case TK::Int64:
    case TK::Uint:
    case TK::Uint8:
    case TK::Uint16:
    case TK::Uint32:
    case TK::Uint64:
    case TK::Uintptr:
      return Value::Int(0);
    case TK::Float32:
    case TK::Float64:
      return Value::Float(0);
    case TK::String:
      return makeStr("");
    case TK::Struct: {
      if (ty.native == NativeKind::Time) return Value();  // the zero time.Time
      const Type& u = ty.opaque ? ty : under(t);
      auto* b = new Box(
          static_cast<size_t>(ty.opaque ? ty.nslots : static_cast<int32_t>(u.fields.size())));
      for (const auto& f : u.fields) {
        size_t i = static_cast<size_t>(ty.opaque ? f.index : &f - &u.fields[0]);
        b->v[i] = zero(f.type);
      }
      return Value::Obj(VK::Agg, b);
    }
    case TK::Array: {
      const Type& u = under(t);
      auto* b = new Box(static_cast<size_t>(u.len));
      Value z = zero(u.elem);
      bool agg = z.k == VK::Agg;
      for (auto& v : b->v)
        v = agg ? clone(z) : z;
      return Value::Obj(VK::Agg, b);
    }
    default:
      return Value();
  }
}

Program loadProgram(const std::string& text) {
  json d;
  try {
    d = json::parse(text);
  } catch (const json::exception& e) {
    throw LoadError(std::string("malformed IR: ") + e.what());
  }
  Program p;
  try {
    Loader l(p);
    l.load(d);
  } catch (const json::exception& e) {
    throw LoadError(std::string("malformed IR: ") + e.what());
  }
  return p;
}

}  // namespace gotimers::program

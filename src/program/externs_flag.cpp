// Package flag for Go programs: the CommandLine FlagSet (flag/flag.go, Go 1.19) over the
// arguments after `gotimers run prog.go --`. flag.Int and friends return pointers into VM
// memory; Parse sets them, and a bad flag prints Go's message and usage on the program's
// stderr and exits 2 (ExitOnError; -h / -help: usage and exit 0).
#include <fmt/format.h>

#include "go/go.h"
#include "program/externs.h"
#include "program/strconv.h"
#include "program/vm.h"
#include "program/vm_internal.h"
#include "sim/format_duration.h"
#include "sim/parse_duration.h"

namespace gotimers::program {

namespace {

Value& cell(const Value& p) {
  if (p.k != VK::Ptr || p.a < 0)
    go::Panic("runtime error: invalid memory address or nil pointer dereference");
  return p.as<Box>()->v[static_cast<size_t>(p.a)];
}

// The flag's current value as its Value.String() prints it (DefValue).
std::string show(char kind, const Value& v) {
  switch (kind) {
    case 'u':
      return std::to_string(static_cast<uint64_t>(v.i));
    case 'f':
      return formatFloatG(v.f, 'g', -1, 64);
    case 'b':
      return v.i ? "true" : "false";
    case 's':
      return strOf(v);
    case 'd':
      return sim::formatDuration(v.i);
    default:
      return std::to_string(v.i);
  }
}

void define(ExternCtx& c, char kind, const Value& ptr, const Value& def, const Value& name,
            const Value& usage) {
  const std::string& n = strOf(name);
  if (c.vm.flags.defs.count(n)) {
    std::string msg = fmt::format("{} flag redefined: {}", c.vm.opts().progName, n);
    c.vm.writeErr(msg + "\n");
    go::Panic(msg);
  }
  cell(ptr) = def;
  c.vm.flags.defs[n] = FlagDef{kind, ptr, show(kind, def), strOf(usage)};
}

template <char K>
void Def(ExternCtx& c) {  // flag.Int(name, value, usage) *int
  auto* b = new Box(1);
  Value ptr = Value::Obj(VK::Ptr, b, 0);
  define(c, K, ptr, c.arg(1), c.arg(0), c.arg(2));
  c.result = ptr;
}
template <char K>
void DefVar(ExternCtx& c) {  // flag.IntVar(p, name, value, usage)
  define(c, K, c.arg(0), c.arg(2), c.arg(1), c.arg(3));
}

// UnquoteUsage: a back-quoted name in the usage, else the type's name.
std::pair<std::string, std::string> unquoteUsage(const FlagDef& f) {
  const std::string& u = f.usage;
  size_t a = u.find('`');
  if (a != std::string::npos) {
    size_t b = u.find('`', a + 1);
    if (b != std::string::npos) {
      return {u.substr(a + 1, b - a - 1),
              u.substr(0, a) + u.substr(a + 1, b - a - 1) + u.substr(b + 1)};
    }
  }
  const char* name = "value";
  switch (f.kind) {
    case 'b':
      name = "";
      break;
    case 'd':
      name = "duration";
      break;
    case 'f':
      name = "float";
      break;
    case 'i':
    case 'I':
      name = "int";
      break;
    case 's':
      name = "string";
      break;
    case 'u':
      name = "uint";
      break;
  }
  return {name, u};
}

bool isZero(const FlagDef& f) {
  switch (f.kind) {
    case 'b':
      return f.def == "false";
    case 's':
      return f.def.empty();
    case 'd':
      return f.def == "0s";
    default:
      return f.def == "0";
  }
}

std::string replaceAll(std::string s, const std::string& from, const std::string& to) {
  for (size_t i = 0; (i = s.find(from, i)) != std::string::npos; i += to.size())
    s.replace(i, from.size(), to);
  return s;
}

std::string usage(VM& vm) {
  std::string out = fmt::format("Usage of {}:\n", vm.opts().progName);
  for (const auto& [name, f] : vm.flags.defs) {
    std::string b = "  -" + name;
    auto [un, u] = unquoteUsage(f);
    if (!un.empty()) b += " " + un;
    b += b.size() <= 4 ? "\t" : "\n    \t";
    b += replaceAll(u, "\n", "\n    \t");
    if (!isZero(f)) {
      b += f.kind == 's' ? fmt::format(" (default {})", quoteGo(f.def))
                         : fmt::format(" (default {})", f.def);
    }
    out += b + "\n";
  }
  return out;
}

[[noreturn]] void failf(ExternCtx& c, const std::string& msg, int code = 2) {
  if (!msg.empty()) c.vm.writeErr(msg + "\n");
  c.vm.writeErr(usage(c.vm));
  c.vm.chargePending();
  c.vm.flush();
  c.vm.exitCode = code;
  throw ProgramExit();
}

// FlagSet.Set's parse of one value; false: the flag package's error text in *err.
bool setValue(FlagDef& f, const std::string& s, std::string* err) {
  Value v;
  NumResult r;
  switch (f.kind) {
    case 'i':
    case 'I':
      r = parseInt(s, 0, 64);
      v = Value::Int(r.i);
      break;
    case 'u':
      r = parseUint(s, 0, 64);
      v = Value::Int(r.i);
      break;
    case 'f':
      r = parseFloat(s);
      v = Value::Float(r.f);
      break;
    case 'b':
      r = parseBool(s);
      v = Value::Bool(r.i != 0);
      break;
    case 's':
      v = makeStr(s);
      break;
    case 'd': {
      auto d = sim::parseDuration(s, nullptr);
      if (!d) r.err = NumErr::Syntax;
      v = Value::Int(d.value_or(0));
      break;
    }
  }
  if (r.err != NumErr::None) {
    *err = r.err == NumErr::Range ? "value out of range" : "parse error";
    return false;
  }
  cell(f.ptr) = v;
  return true;
}

void Parse(ExternCtx& c) {
  FlagSet& fs = c.vm.flags;
  fs.parsed = true;
  std::vector<std::string> args = c.vm.opts().args;
  size_t i = 0;
  for (; i < args.size(); i++) {
    const std::string& s = args[i];
    if (s.size() < 2 || s[0] != '-') break;
    size_t minuses = 1;
    if (s[1] == '-') {
      minuses++;
      if (s.size() == 2) {  // "--" terminates the flags
        i++;
        break;
      }
    }
    std::string name = s.substr(minuses);
    if (name.empty() || name[0] == '-' || name[0] == '=') failf(c, "bad flag syntax: " + s);
    std::string value;
    bool hasValue = false;
    if (size_t eq = name.find('=', 1); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      hasValue = true;
    }
    auto it = fs.defs.find(name);
    if (it == fs.defs.end()) {
      if (name == "help" || name == "h") failf(c, "", 0);
      failf(c, "flag provided but not defined: -" + name);
    }
    FlagDef& f = it->second;
    std::string err;
    if (f.kind == 'b') {
      if (hasValue) {
        if (!setValue(f, value, &err)) {
          failf(c, fmt::format("invalid boolean value {} for -{}: {}", quoteGo(value), name, err));
        }
      } else {
        cell(f.ptr) = Value::Bool(true);
      }
      continue;
    }
    if (!hasValue && i + 1 < args.size()) {
      hasValue = true;
      value = args[++i];
    }
    if (!hasValue) failf(c, "flag needs an argument: -" + name);
    if (!setValue(f, value, &err)) {
      failf(c, fmt::format("invalid value {} for flag -{}: {}", quoteGo(value), name, err));
    }
  }
  fs.rest.assign(args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
}

void Parsed(ExternCtx& c) {
  c.result = Value::Bool(c.vm.flags.parsed);
}
void Args(ExternCtx& c) {
  auto* b = new Box();
  for (const auto& a : c.vm.flags.rest)
    b->v.push_back(makeStr(a));
  b->recount();
  auto n = static_cast<int32_t>(b->v.size());
  c.result = Value::Obj(VK::Slice, b, 0, n);
  c.result.i = n;
}
void Arg(ExternCtx& c) {
  const auto& r = c.vm.flags.rest;
  int64_t i = c.i(0);
  c.result = makeStr(i < 0 || i >= static_cast<int64_t>(r.size()) ? "" : r[static_cast<size_t>(i)]);
}
void NArg(ExternCtx& c) {
  c.result = Value::Int(static_cast<int64_t>(c.vm.flags.rest.size()));
}

template <char K>
void add(ExternTable& t, const std::string& n) {
  t["flag." + n] = {Def<K>, nullptr};
  t["flag." + n + "Var"] = {DefVar<K>, nullptr};
}

}  // namespace

void registerFlagExterns(ExternTable& t) {
  add<'i'>(t, "Int");
  add<'I'>(t, "Int64");
  add<'u'>(t, "Uint");
  add<'f'>(t, "Float64");
  add<'b'>(t, "Bool");
  add<'s'>(t, "String");
  add<'d'>(t, "Duration");
  t["flag.Parse"] = {Parse, nullptr};
  t["flag.Parsed"] = {Parsed, nullptr};
  t["flag.Args"] = {Args, nullptr};
  t["flag.Arg"] = {Arg, nullptr};
  t["flag.NArg"] = {NArg, nullptr};
}

}  // namespace gotimers::program

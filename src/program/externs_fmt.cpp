// Package fmt: Print, Println, Printf, Sprint, Sprintln, Sprintf, Errorf (fmt/print.go's
// argument rules and verbs; values formatted by fmt_value.cpp).
#include <fmt/format.h>

#include "program/externs.h"
#include "program/vm.h"
#include "program/vm_internal.h"

namespace gotimers::program {

std::string formatFloat(double f, char verb, int prec, bool f32);

namespace {

// The operands of a ...interface{} slice.
std::vector<Value> operands(const Value& s) {
  return sliceElems(s);
}

std::string sprint(ExternCtx& c, const Value& slice, bool ln) {
  auto ops = operands(slice);
  std::string out;
  const Program& p = c.vm.prog();
  for (size_t i = 0; i < ops.size(); i++) {
    bool isStr = ops[i].t >= 0 && p.types[static_cast<size_t>(ops[i].t)].kind == TK::String;
    bool prevStr =
        i > 0 && ops[i - 1].t >= 0 && p.types[static_cast<size_t>(ops[i - 1].t)].kind == TK::String;
    if (i > 0 && (ln || (!isStr && !prevStr))) out += ' ';
    out += formatValue(c.vm, c.g, ops[i], ops[i].t, 'v', false, false);
  }
  if (ln) out += '\n';
  return out;
}

std::string pad(std::string s, int width, bool minus, bool zero) {
  // width counts runes as Go does; ASCII is the common case
  int n = 0;
  for (char ch : s)
    n += (static_cast<uint8_t>(ch) & 0xC0) != 0x80;
  if (width <= n) return s;
  std::string fill(static_cast<size_t>(width - n), zero && !minus ? '0' : ' ');
  if (minus) return s + fill;
  if (zero && !s.empty() && (s[0] == '-' || s[0] == '+')) return s[0] + fill + s.substr(1);
  return fill + s;
}

std::string sprintf(ExternCtx& c, const std::string& f, const Value& slice) {
  auto ops = operands(slice);
  const Program& p = c.vm.prog();
  std::string out;
  size_t argi = 0;
  for (size_t i = 0; i < f.size(); i++) {
    if (f[i] != '%') {
      out += f[i];
      continue;
    }
    bool minus = false, plus = false, sharp = false, zero = false, space = false;
    for (i++; i < f.size(); i++) {
      char ch = f[i];
      if (ch == '-')
        minus = true;
      else if (ch == '+')
        plus = true;
      else if (ch == '#')
        sharp = true;
      else if (ch == '0')
        zero = true;
      else if (ch == ' ')
        space = true;
      else
        break;
    }
    int width = -1, prec = -1;
    auto num = [&](int* v) {
      if (i < f.size() && f[i] == '*') {
        if (argi < ops.size()) *v = static_cast<int>(ops[argi++].i);
        i++;
        return;
      }
      if (i < f.size() && isdigit(static_cast<unsigned char>(f[i]))) {
        *v = 0;
        while (i < f.size() && isdigit(static_cast<unsigned char>(f[i])))
          *v = *v * 10 + (f[i++] - '0');
      }
    };
    num(&width);
    if (i < f.size() && f[i] == '.') {
      i++;
      prec = 0;
      num(&prec);
    }
    if (i >= f.size()) {
      out += "%!(NOVERB)";
      break;
    }
    char verb = f[i];
    if (verb == '%') {
      out += '%';
      continue;
    }
    if (argi >= ops.size()) {
      out += fmt::format("%!{}(MISSING)", verb);
      continue;
    }
    const Value& v = ops[argi++];
    std::string s;
    TK base = v.t >= 0 ? p.types[static_cast<size_t>(v.t)].base : TK::Invalid;
    bool hasMethod = v.t >= 0 && (c.vm.method(v.t, p.selError) || c.vm.method(v.t, p.selString));
    if (verb == 'T') {
      s = v.t < 0 ? "<nil>" : p.types[static_cast<size_t>(v.t)].str;
    } else if ((base == TK::Float64 || base == TK::Float32) && verb != 'v' && !hasMethod) {
      s = formatFloat(v.f, verb, prec, base == TK::Float32);
      if (plus && v.f >= 0) s = "+" + s;
    } else if (verb == 'v' && (base == TK::Float64 || base == TK::Float32) && prec >= 0) {
      s = formatFloat(v.f, 'g', prec, base == TK::Float32);
    } else if (verb == 'd' && v.t >= 0 && base >= TK::Int && base <= TK::Uintptr) {
      s = formatValue(c.vm, c.g, v, v.t, 'd', false, false);
      if (plus && v.i >= 0)
        s = "+" + s;
      else if (space && v.i >= 0)
        s = " " + s;
    } else if ((verb == 's' || verb == 'v') && prec >= 0 && base == TK::String) {
      s = strOf(v).substr(0, static_cast<size_t>(prec));
    } else if (verb == 'p') {
      s = formatValue(c.vm, c.g, v, v.t, 'p', false, false);
    } else {
      if (verb == 'w') verb = 'v';
      bool ok = verb == 'v' || verb == 's' || verb == 'q' || verb == 'x' || verb == 'X' ||
                verb == 'd' || verb == 't' || verb == 'c' || verb == 'o' || verb == 'b';
      if (verb == 'd' && base == TK::String) ok = false;
      if (verb == 't' && base != TK::Bool) ok = false;
      if (!ok) {
        s = fmt::format("%!{}({}={})", verb,
                        v.t < 0 ? "<nil>" : p.types[static_cast<size_t>(v.t)].str,
                        formatValue(c.vm, c.g, v, v.t, 'v', false, false));
      } else {
        s = formatValue(c.vm, c.g, v, v.t, verb == 't' ? 'v' : verb, plus, sharp);
      }
    }
    out += width >= 0 ? pad(std::move(s), width, minus, zero && verb != 's' && verb != 'v') : s;
  }
  if (argi < ops.size()) {
    out += "%!(EXTRA ";
    for (size_t k = argi; k < ops.size(); k++) {
      if (k > argi) out += ", ";
      out += ops[k].t < 0 ? "<nil>" : p.types[static_cast<size_t>(ops[k].t)].str;
      out += "=" + formatValue(c.vm, c.g, ops[k], ops[k].t, 'v', false, false);
    }
    out += ")";
  }
  return out;
}

// fmt.Print* return (n int, err error)
Value written(size_t n) {
  auto* b = new Box(2);
  b->v[0] = Value::Int(static_cast<int64_t>(n));
  return Value::Obj(VK::Tuple, b);
}

void Println(ExternCtx& c) {
  std::string s = sprint(c, c.arg(0), true);
  c.vm.write(s);
  c.result = written(s.size());
}
void Print(ExternCtx& c) {
  std::string s = sprint(c, c.arg(0), false);
  c.vm.write(s);
  c.result = written(s.size());
}
void Printf(ExternCtx& c) {
  std::string s = sprintf(c, strOf(c.arg(0)), c.arg(1));
  c.vm.write(s);
  c.result = written(s.size());
}
// fmt.Fprint*: to os.Stdout or os.Stderr (a *os.File whose slot 0 is its fd); another
// io.Writer stops the run with a message naming its type.
void fwrite(ExternCtx& c, const std::string& s) {
  const Value& w = c.arg(0);
  const Program& p = c.vm.prog();
  if (w.t == p.tFile && w.k == VK::Ptr) {
    Box* b = w.as<Box>();
    if (!b->v.empty() && b->v[0].i == 2) {
      c.vm.writeErr(s);
    } else {
      c.vm.write(s);
    }
    c.result = written(s.size());
    return;
  }
  throw rt::GoThrow(
      fmt::format("{}: gotimers: fmt.Fprint to {} is not supported (os.Stdout and "
                  "os.Stderr are)",
                  p.where(c.pos), w.t < 0 ? "nil" : p.types[static_cast<size_t>(w.t)].str));
}
void Fprintln(ExternCtx& c) {
  fwrite(c, sprint(c, c.arg(1), true));
}
void Fprint(ExternCtx& c) {
  fwrite(c, sprint(c, c.arg(1), false));
}
void Fprintf(ExternCtx& c) {
  fwrite(c, sprintf(c, strOf(c.arg(1)), c.arg(2)));
}
void Sprint(ExternCtx& c) {
  c.result = makeStr(sprint(c, c.arg(0), false));
}
void Sprintln(ExternCtx& c) {
  c.result = makeStr(sprint(c, c.arg(0), true));
}
void Sprintf(ExternCtx& c) {
  c.result = makeStr(sprintf(c, strOf(c.arg(0)), c.arg(1)));
}
void Errorf(ExternCtx& c) {
  const Program& p = c.vm.prog();
  std::string msg = sprintf(c, strOf(c.arg(0)), c.arg(1));
  // %w: the wrapped error is the operand of the first %w
  const std::string& f = strOf(c.arg(0));
  auto ops = operands(c.arg(1));
  size_t w = f.find("%w");
  if (w == std::string::npos) {
    c.result = c.vm.errorValue(p.tErrorString, msg);
    return;
  }
  size_t idx = 0;
  for (size_t i = 0; i < w; i++) {
    if (f[i] == '%') {
      if (i + 1 < w && f[i + 1] == '%') {
        i++;
      } else {
        idx++;
      }
    }
  }
  c.result = c.vm.errorValue(p.tWrapError, msg);
  if (idx < ops.size()) wrapped(c.result) = ops[idx];
}

}  // namespace

std::string fmtSprint(ExternCtx& c, const Value& args, bool ln) {
  return sprint(c, args, ln);
}
std::string fmtSprintf(ExternCtx& c, const std::string& format, const Value& args) {
  return sprintf(c, format, args);
}

void registerFmtExterns(ExternTable& t) {
  t["fmt.Println"] = {Println, nullptr};
  t["fmt.Print"] = {Print, nullptr};
  t["fmt.Printf"] = {Printf, nullptr};
  t["fmt.Sprint"] = {Sprint, nullptr};
  t["fmt.Sprintln"] = {Sprintln, nullptr};
  t["fmt.Sprintf"] = {Sprintf, nullptr};
  t["fmt.Errorf"] = {Errorf, nullptr};
  t["fmt.Fprintln"] = {Fprintln, nullptr};
  t["fmt.Fprint"] = {Fprint, nullptr};
  t["fmt.Fprintf"] = {Fprintf, nullptr};
}

}  // namespace gotimers::program

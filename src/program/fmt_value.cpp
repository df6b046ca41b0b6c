// Go's fmt formatting of VM values (fmt/print.go printValue, fmt/format.go): %v of every
// kind, Error and String methods (handleMethods), sorted map keys (internal/fmtsort).
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "program/vm.h"
#include "program/vm_internal.h"
#include "program/vm_ops.h"

namespace gotimers::program {

namespace {

// strconv.FormatFloat(f, 'g', -1, bits) as fmt's %v uses it (shortest; %e when the
// exponent is < -4 or >= 21 for %v, as fmt sets for 'v').
std::string shortestFloat(double f, bool f32, int eprecV) {
  if (std::isnan(f)) return "NaN";
  if (std::isinf(f)) return f > 0 ? "+Inf" : "-Inf";
  char buf[64];
  auto r = f32 ? std::to_chars(buf, buf + sizeof buf, static_cast<float>(f),
                               std::chars_format::scientific)
               : std::to_chars(buf, buf + sizeof buf, f, std::chars_format::scientific);
  std::string sci(buf, r.ptr);
  auto e = sci.find('e');
  int exp = std::stoi(sci.substr(e + 1));
  if (exp < -4 || exp >= eprecV) {
    // Go writes at least two exponent digits: 1e+06, 1e-05, 1.5e+100
    std::string mant = sci.substr(0, e);
    int ax = exp < 0 ? -exp : exp;
    return fmt::format("{}e{}{:02d}", mant, exp < 0 ? '-' : '+', ax);
  }
  auto r2 =
      f32 ? std::to_chars(buf, buf + sizeof buf, static_cast<float>(f), std::chars_format::fixed)
          : std::to_chars(buf, buf + sizeof buf, f, std::chars_format::fixed);
  return std::string(buf, r2.ptr);
}

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    size_t n;
    int32_t r = decodeRune(s, i, &n);
    if (r == 0xFFFD && n == 1) {
      out += fmt::format("\\x{:02x}", static_cast<uint8_t>(s[i]));
      i++;
      continue;
    }
    switch (r) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (r < 0x20 || r == 0x7f) {
          out += fmt::format("\\x{:02x}", r);
        } else {
          out += s.substr(i, n);
        }
    }
    i += n;
  }
  return out + "\"";
}

struct Printer {
  VM& vm;
  G& g;
  const Program& p;

  // The Error or String method's result, if t has one (handleMethods).
  bool methods(const Value& v, int32_t t, std::string* out) {
    if (t < 0) return false;
    const Method* m = vm.method(t, p.selError);
    if (!m) m = vm.method(t, p.selString);
    if (!m) return false;
    if (m->native >= 0) {
      *out = strOf(v);
      return true;
    }
    Value self = v;
    self.t = -1;
    if (m->ext >= 0) {
      const Extern& x = p.externs[static_cast<size_t>(m->ext)];
      if (!x.impl || !x.impl->fn) return false;
      ExternCtx ctx{vm, g, &self, 1, m->ext, 0, {}};
      x.impl->fn(ctx);
      *out = strOf(ctx.result);
      return true;
    }
    CallRec c;
    c.fn = v;
    c.fn.t = t;
    c.builtin = Op::Invoke;
    c.sel = m->sel;
    *out = strOf(vm.callSync(g, c));
    return true;
  }

  std::string value(const Value& v, int32_t t, char verb, bool plus, bool sharp, int depth) {
    if (t < 0)
      return depth == 0 && verb != 'v' && verb != 's' ? "%!" + std::string(1, verb) + "(<nil>)"
                                                      : "<nil>";
    const Type& ty = p.types[static_cast<size_t>(t)];
    if (verb == 'T') return ty.str;
    std::string m;
    if ((verb == 'v' || verb == 's' || verb == 'q') && !sharp && methods(v, t, &m)) {
      return verb == 'q' ? quote(m) : m;
    }
    switch (ty.base) {
      case TK::Bool:
        return v.i ? "true" : "false";
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
      case TK::Uintptr: {
        bool u = isUnsigned(ty.base);
        switch (verb) {
          case 'x':
            return u ? fmt::format("{:x}", static_cast<uint64_t>(v.i)) : fmt::format("{:x}", v.i);
          case 'X':
            return u ? fmt::format("{:X}", static_cast<uint64_t>(v.i)) : fmt::format("{:X}", v.i);
          case 'o':
            return fmt::format("{:o}", v.i);
          case 'b':
            return fmt::format("{:b}", v.i);
          case 'c':
            return encodeRune(v.i);
          case 'q':
            return "'" + encodeRune(v.i) + "'";
          default:
            return u ? fmt::format("{}", static_cast<uint64_t>(v.i)) : fmt::format("{}", v.i);
        }
      }
      case TK::Float32:
      case TK::Float64:
        return shortestFloat(v.f, ty.base == TK::Float32, 6);
      case TK::String:
        return verb == 'q' ? quote(strOf(v)) : verb == 'x' ? hex(strOf(v)) : strOf(v);
      case TK::Struct: {
        if (ty.native == NativeKind::Time) return "0001-01-01 00:00:00 +0000 UTC";
        const Type& u = ty.opaque ? ty : p.under(t);
        std::string out = "{";
        auto* b = v.as<Box>();
        for (size_t i = 0; b && i < u.fields.size(); i++) {
          if (i) out += ' ';
          if (plus) out += u.fields[i].name + ":";
          size_t slot = ty.opaque ? static_cast<size_t>(u.fields[i].index) : i;
          out += elem(b->v[slot], u.fields[i].type, verb, plus, sharp, depth);
        }
        return out + "}";
      }
      case TK::Array:
      case TK::Slice: {
        const Type& u = p.under(t);
        if (v.k == VK::Nil && ty.base == TK::Slice && sharp) return ty.str + "(nil)";
        auto* b = v.as<Box>();
        int32_t off = ty.base == TK::Slice ? v.a : 0;
        int32_t n = ty.base == TK::Slice ? (v.k == VK::Slice ? v.b : 0)
                                         : (b ? static_cast<int32_t>(b->v.size()) : 0);
        if ((verb == 's' || verb == 'q' || verb == 'x') &&
            p.types[static_cast<size_t>(u.elem)].base == TK::Uint8) {
          std::string s;
          for (int32_t i = 0; i < n; i++)
            s += static_cast<char>(b->v[static_cast<size_t>(off + i)].i);
          return verb == 'q' ? quote(s) : verb == 'x' ? hex(s) : s;
        }
        std::string out = "[";
        for (int32_t i = 0; i < n; i++) {
          if (i) out += ' ';
          out += elem(b->v[static_cast<size_t>(off + i)], u.elem, verb, plus, sharp, depth);
        }
        return out + "]";
      }
      case TK::Map: {
        const Type& u = p.under(t);
        if (v.k != VK::Map) return "map[]";
        auto* mo = v.as<MapObj>();
        std::vector<const MapObj::Entry*> es;
        for (const auto& e : mo->entries) {
          if (e.live) es.push_back(&e);
        }
        TK kk = p.types[static_cast<size_t>(u.key)].base;
        std::sort(es.begin(), es.end(), [&](const MapObj::Entry* a, const MapObj::Entry* b) {
          if (isFloat(kk)) return a->key.f < b->key.f;
          if (isUnsigned(kk))
            return static_cast<uint64_t>(a->key.i) < static_cast<uint64_t>(b->key.i);
          return KeyLess()(a->key, b->key);
        });
        std::string out = "map[";
        for (size_t i = 0; i < es.size(); i++) {
          if (i) out += ' ';
          out += elem(es[i]->key, u.key, verb, plus, sharp, depth) + ":" +
                 elem(es[i]->val, u.elem, verb, plus, sharp, depth);
        }
        return out + "]";
      }
      case TK::Pointer: {
        if (v.k != VK::Ptr) return "<nil>";
        const Type& u = p.under(t);
        TK eb = p.types[static_cast<size_t>(u.elem)].base;
        if (depth == 0 &&
            (eb == TK::Struct || eb == TK::Array || eb == TK::Slice || eb == TK::Map) && v.a < 0 &&
            !p.types[static_cast<size_t>(u.elem)].opaque) {
          return "&" + value(Value::Obj(VK::Agg, v.r), u.elem, verb, plus, sharp, depth + 1);
        }
        return fmt::format("0x{:x}",
                           reinterpret_cast<uintptr_t>(v.r) + static_cast<uintptr_t>(v.a + 1) * 8);
      }
      case TK::Chan:
      case TK::Func:
        if (v.k == VK::Nil) return ty.base == TK::Func ? "<nil>" : "<nil>";
        return fmt::format("0x{:x}", reinterpret_cast<uintptr_t>(v.r));
      case TK::Interface:
        return value(v, v.t, verb, plus, sharp, depth);
      default:
        return "?";
    }
  }

  // A value inside an aggregate: interfaces format their dynamic value.
  std::string elem(const Value& v, int32_t t, char verb, bool plus, bool sharp, int depth) {
    if (p.types[static_cast<size_t>(t)].base == TK::Interface) {
      if (v.t < 0) return "<nil>";
      return value(v, v.t, verb, plus, sharp, depth + 1);
    }
    return value(v, t, verb, plus, sharp, depth + 1);
  }

  static std::string hex(const std::string& s) {
    std::string out;
    for (char c : s)
      out += fmt::format("{:02x}", static_cast<uint8_t>(c));
    return out;
  }
};

}  // namespace

std::string formatValue(VM& vm, G& g, const Value& v, int32_t t, char verb, bool plus, bool sharp) {
  Printer pr{vm, g, vm.prog()};
  return pr.value(v, t, verb, plus, sharp, 0);
}

std::string formatFloat(double f, char verb, int prec, bool f32) {
  switch (verb) {
    case 'f':
    case 'F':
      return fmt::format("{:.{}f}", f, prec < 0 ? 6 : prec);
    case 'e':
      return fmt::format("{:.{}e}", f, prec < 0 ? 6 : prec);
    case 'g':
      if (prec < 0) return shortestFloat(f, f32, 6);
      return fmt::format("{:.{}g}", f, prec);
    default:
      return shortestFloat(f, f32, 6);
  }
}

std::string quoteGo(const std::string& s) {
  return quote(s);
}

}  // namespace gotimers::program

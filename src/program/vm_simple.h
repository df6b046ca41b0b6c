// The VM's simple instructions: those that neither call, block, allocate frames nor change
// the register file's size (vm_exec.cpp runs them, and so does VM::runSimple, the
// instruction loop's fast path, vm_simple.cpp). Each is a function of its operands that
// either computes its result or says it cannot (a run-time panic, or a case only the full
// loop handles) without changing anything, so the full loop can then run it again and
// panic as Go does.
#pragma once
#include <cmath>
#include <cstdint>

#include "program/ir.h"
#include "program/value.h"
#include "program/vm_internal.h"
#include "program/vm_ops.h"

namespace gotimers::program {

// x op y on 64-bit patterns for the integer ops that cannot panic: + - * & | ^ &^ (wrapping
// to 64 bits) and < <= > >= (u: unsigned). Eq and Ne are the callers'.
inline int64_t intOp(BinOp op, int64_t a, int64_t b, bool u) {
  auto ua = static_cast<uint64_t>(a), ub = static_cast<uint64_t>(b);
  switch (op) {
    case BinOp::Add:
      return static_cast<int64_t>(ua + ub);
    case BinOp::Sub:
      return static_cast<int64_t>(ua - ub);
    case BinOp::Mul:
      return static_cast<int64_t>(ua * ub);
    case BinOp::And:
      return a & b;
    case BinOp::Or:
      return a | b;
    case BinOp::Xor:
      return a ^ b;
    case BinOp::AndNot:
      return a & ~b;
    case BinOp::Lt:
      return u ? ua < ub : a < b;
    case BinOp::Le:
      return u ? ua <= ub : a <= b;
    case BinOp::Gt:
      return u ? ua > ub : a > b;
    default:
      return u ? ua >= ub : a >= b;
  }
}

// x op y (Instr::sub) on operands of kind in.nk into dst. Returns nullptr, or the run-time
// panic Go raises (integer divide by zero, negative shift amount) with dst unchanged.
inline const char* binOp(const Instr& in, const Value& x, const Value& y, Value& dst) {
  auto op = static_cast<BinOp>(in.sub);
  TK k = in.nk;
  if (op == BinOp::Eq || op == BinOp::Ne) {
    bool e = (k == TK::Float32 || k == TK::Float64) ? x.f == y.f : equal(x, y);
    dst = Value::Bool(op == BinOp::Eq ? e : !e);
    return nullptr;
  }
  if (k == TK::String) {
    const std::string& a = strOf(x);
    const std::string& b = strOf(y);
    dst = op == BinOp::Add ? makeStr(a + b) : ordered(op, a, b);
    return nullptr;
  }
  if (isFloat(k)) {
    double a = x.f, b = y.f;
    switch (op) {
      case BinOp::Add:
        dst = Value::Float(roundFloat(k, a + b));
        break;
      case BinOp::Sub:
        dst = Value::Float(roundFloat(k, a - b));
        break;
      case BinOp::Mul:
        dst = Value::Float(roundFloat(k, a * b));
        break;
      case BinOp::Div:
        dst = Value::Float(roundFloat(k, a / b));
        break;
      default:
        dst = ordered(op, a, b);
    }
    return nullptr;
  }
  int64_t a = x.i, b = y.i;
  auto ua = static_cast<uint64_t>(a), ub = static_cast<uint64_t>(b);
  bool u = isUnsigned(k);
  int64_t v = 0;
  switch (op) {
    case BinOp::Div:
    case BinOp::Rem:
      if (b == 0) return "runtime error: integer divide by zero";
      if (u) {
        v = static_cast<int64_t>(op == BinOp::Div ? ua / ub : ua % ub);
      } else if (b == -1) {
        v = op == BinOp::Div ? static_cast<int64_t>(0 - ua) : 0;
      } else {
        v = op == BinOp::Div ? a / b : a % b;
      }
      break;
    case BinOp::Shl:
    case BinOp::Shr:
      if (!isUnsigned(in.rk) && b < 0) return "runtime error: negative shift amount";
      if (op == BinOp::Shl) {
        v = ub >= 64 ? 0 : static_cast<int64_t>(ua << ub);
      } else if (u) {
        v = ub >= 64 ? 0 : static_cast<int64_t>(ua >> ub);
      } else {
        v = ub >= 64 ? (a < 0 ? -1 : 0) : a >> ub;
      }
      break;
    default:
      v = intOp(op, a, b, u);
  }
  dst = Value::Int(op >= BinOp::Lt ? v : wrapInt(k, v));
  return nullptr;
}

// d = Value::Int(v), without the reference-count work when d holds no object.
inline void setInt(Value& d, int64_t v) {
  if (d.r) {
    d = Value::Int(v);
    return;
  }
  d.i = v;
  d.a = d.b = 0;
  d.t = -1;
  d.k = VK::Int;
}

// Whether a Bin instruction is one BinI64 runs: +, -, *, &, |, ^, ==, !=, <, <=, >, >= on
// 64-bit signed integers (no wrap-around to a narrower width, no panic).
inline bool isBinI64(const Instr& in) {
  auto op = static_cast<BinOp>(in.sub);
  return (in.nk == TK::Int || in.nk == TK::Int64) &&
         (op <= BinOp::Mul || (op >= BinOp::And && op <= BinOp::Xor) || op >= BinOp::Eq);
}
inline void binI64(const Instr& in, int64_t a, int64_t b, Value& dst) {
  auto op = static_cast<BinOp>(in.sub);
  setInt(dst, op == BinOp::Eq ? a == b : op == BinOp::Ne ? a != b : intOp(op, a, b, false));
}

// -x, of kind in.nk.
inline Value negOp(const Instr& in, const Value& x) {
  if (isFloat(in.nk)) return Value::Float(-x.f);
  return Value::Int(wrapInt(in.nk, static_cast<int64_t>(0 - static_cast<uint64_t>(x.i))));
}

// A numeric conversion from kind in.nk to kind in.rk (Go's rules for floats out of range:
// amd64's result).
inline Value convertNum(const Instr& in, const Value& x) {
  TK from = in.nk, to = in.rk;
  if (isFloat(to)) {
    double d = isFloat(from) ? x.f
               : (from == TK::Uint64 || from == TK::Uint || from == TK::Uintptr)
                   ? static_cast<double>(static_cast<uint64_t>(x.i))
                   : static_cast<double>(x.i);
    return Value::Float(roundFloat(to, d));
  }
  if (isFloat(from)) {
    double d = std::trunc(x.f);
    int64_t v = isUnsigned(to) && d >= 9223372036854775808.0
                    ? static_cast<int64_t>(static_cast<uint64_t>(d))
                : (std::isnan(d) || d < -9.3e18 || d > 9.3e18) ? INT64_MIN
                                                               : static_cast<int64_t>(d);
    return Value::Int(wrapInt(to, v));
  }
  if (isInteger(to)) return Value::Int(wrapInt(to, x.i));
  return x;
}

// *p into dst (a copy of an aggregate). False: p is nil.
inline bool loadOp(const Value& p, Value& dst) {
  if (p.k != VK::Ptr) return false;
  if (p.a < 0) {
    dst = clone(Value::Obj(VK::Agg, p.r));
  } else {
    dst = clone(p.as<Box>()->v[static_cast<size_t>(p.a)]);
  }
  return true;
}

// *p = v. False: p is nil.
inline bool storeOp(const Value& p, const Value& v) {
  if (p.k != VK::Ptr) return false;
  if (p.a < 0) {
    Value agg = Value::Obj(VK::Agg, p.r);
    assignInto(agg, v);
  } else {
    assignInto(p.as<Box>()->v[static_cast<size_t>(p.a)], v);
  }
  return true;
}

// &x[i] of a slice (in.nk Slice) or of an array pointed to, into dst; false when the index
// is out of range or the array pointer nil. *len is the length the bounds check used.
inline bool indexAddrOp(const Instr& in, const Value& x, int64_t i, Value& dst, int64_t* len) {
  Box* b;
  int64_t off = 0;
  if (in.nk == TK::Slice) {
    b = x.k == VK::Slice ? x.as<Box>() : nullptr;
    off = x.a;
    *len = b ? x.b : 0;
  } else {
    b = pointee(x);
    *len = b ? static_cast<int64_t>(b->v.size()) : 0;
    if (!b) return false;
  }
  if (i < 0 || i >= *len) return false;
  dst = ptrTo(b, static_cast<int32_t>(off + i));
  return true;
}

}  // namespace gotimers::program

// Arithmetic, conversions and strings as Go defines them, on VM values (vm.cpp uses these).
#pragma once
#include <cstdint>
#include <string>

#include "program/ir.h"

namespace gotimers::program {

inline bool isUnsigned(TK k) {
  return k == TK::Uint || k == TK::Uint8 || k == TK::Uint16 || k == TK::Uint32 || k == TK::Uint64 ||
         k == TK::Uintptr;
}
inline bool isFloat(TK k) {
  return k == TK::Float32 || k == TK::Float64;
}
inline bool isInteger(TK k) {
  return k >= TK::Int && k <= TK::Uintptr;
}
// An integer's 64-bit pattern normalized to its type's width (Go's wrap-around).
inline int64_t wrapInt(TK k, int64_t v) {
  switch (k) {
    case TK::Int8:
      return static_cast<int8_t>(v);
    case TK::Int16:
      return static_cast<int16_t>(v);
    case TK::Int32:
      return static_cast<int32_t>(v);
    case TK::Uint8:
      return static_cast<uint8_t>(v);
    case TK::Uint16:
      return static_cast<uint16_t>(v);
    case TK::Uint32:
      return static_cast<uint32_t>(v);
    default:
      return v;
  }
}
inline double roundFloat(TK k, double f) {
  return k == TK::Float32 ? static_cast<double>(static_cast<float>(f)) : f;
}
// <, <=, > or >= (any other op) on ordered operands of one type (strings bytewise, floats
// as IEEE: a NaN compares false).
template <typename T>
Value ordered(BinOp op, const T& a, const T& b) {
  switch (op) {
    case BinOp::Lt:
      return Value::Bool(a < b);
    case BinOp::Le:
      return Value::Bool(a <= b);
    case BinOp::Gt:
      return Value::Bool(a > b);
    default:
      return Value::Bool(a >= b);
  }
}

// UTF-8 (Go's unicode/utf8): encode a rune (invalid ones as U+FFFD), decode one rune at i.
std::string encodeRune(int64_t r);
int32_t decodeRune(const std::string& s, size_t i, size_t* size);

}  // namespace gotimers::program

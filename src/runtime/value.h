// Value: what a simulated channel carries (Go's element types reduced to what scenarios use).
// Kind::Ref carries any other value as a reference-counted object (the Go-program VM,
// src/program, sends its own values this way); the runtime only moves it.
#pragma once
#include <cstdint>
#include <string>

#include "runtime/ref.h"
#include "sim/time.h"

namespace gotimers::rt {

struct Value {
  enum class Kind : uint8_t { Nil, Int, Bool, Str, Time, Ref };
  Kind kind = Kind::Nil;
  int64_t i = 0;  // Int, Bool (0/1), Time (virtual ns)
  std::string s;
  Ref<RefCounted> ref;  // Ref

  static Value Int(int64_t v) { return Value{Kind::Int, v, {}, {}}; }
  static Value Bool(bool v) { return Value{Kind::Bool, v ? 1 : 0, {}, {}}; }
  static Value Str(std::string v) { return Value{Kind::Str, 0, std::move(v), {}}; }
  static Value TimeAt(gotimers::Time t) { return Value{Kind::Time, t, {}, {}}; }
  static Value Of(Ref<RefCounted> r) { return Value{Kind::Ref, 0, {}, std::move(r)}; }
  bool operator==(const Value& o) const {
    return kind == o.kind && i == o.i && s == o.s && ref == o.ref;
  }
  std::string toString() const;
};

}  // namespace gotimers::rt

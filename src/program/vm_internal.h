// Internals shared by the VM's files: channel boxing, iterators, memory helpers.
#pragma once
#include <iterator>
#include <vector>

#include "program/ir.h"
#include "runtime/runtime.h"
#include "runtime/value.h"

namespace gotimers::program {

constexpr int64_t kBatch = 64;  // instructions charged at once (at branches)

// A VM value travelling through a channel (rt::Value::Kind::Ref).
struct VBox : RefCounted {
  Value v;
  explicit VBox(Value x) : v(std::move(x)) {}
};

// An error value the VM makes (errors.New, fmt.Errorf, runtime errors): its message, and
// the error fmt.Errorf's %w wrapped (Unwrap).
struct ErrObj : Str {
  Value wrapped;
  explicit ErrObj(std::string m) : Str(std::move(m)) {}
};
inline Value& wrapped(Value& err) {
  return static_cast<ErrObj*>(err.r)->wrapped;
}

// A range iterator over a map or a string (VK::Native).
struct MapIter : RefCounted {
  Ref<MapObj> m;
  size_t start = 0, n = 0, j = 0;
  ~MapIter() override {
    if (m) m->iterators--;
  }
};
struct StrIter : RefCounted {
  Value s;
  size_t i = 0;
};

inline Value ptrTo(Box* b, int32_t slot) {
  const Value& v = b->v[static_cast<size_t>(slot)];
  if (v.k == VK::Agg && v.t < 0) return Value::Obj(VK::Ptr, v.r, -1);
  return Value::Obj(VK::Ptr, b, slot);
}

inline Value newVar(const Program& p, int32_t t) {
  Value z = p.zero(t);
  if (z.k == VK::Agg) return Value::Obj(VK::Ptr, z.r, -1);
  auto* b = new Box(1);
  b->v[0] = std::move(z);
  return Value::Obj(VK::Ptr, b, 0);
}

// A []T of the given elements, and the elements of a slice.
inline Value makeSlice(std::vector<Value> elems) {
  auto* b = new Box();
  b->v.assign(std::make_move_iterator(elems.begin()), std::make_move_iterator(elems.end()));
  b->recount();
  auto n = static_cast<int32_t>(b->v.size());
  Value s = Value::Obj(VK::Slice, b, 0, n);
  s.i = n;
  return s;
}
inline std::vector<Value> sliceElems(const Value& s) {
  std::vector<Value> out;
  if (s.k != VK::Slice) return out;
  auto* b = s.as<Box>();
  for (int32_t i = 0; i < s.b; i++)
    out.push_back(b->v[static_cast<size_t>(s.a + i)]);
  return out;
}
// The Box a pointer to an aggregate points to (nullptr for nil).
inline Box* pointee(const Value& p) {
  if (p.k != VK::Ptr) return nullptr;
  return p.a < 0 ? p.as<Box>() : p.as<Box>()->v[static_cast<size_t>(p.a)].as<Box>();
}
// The native state of a library struct behind pointer p (created on first use).
template <typename T>
T* natOf(const Value& p) {
  Box* b = pointee(p);
  if (!b) throw rt::GoPanic("runtime error: invalid memory address or nil pointer dereference");
  if (!b->nat) b->nat = Ref<RefCounted>(new T());
  return static_cast<T*>(b->nat.get());
}

inline Value makeTuple(std::vector<Value> elems) {
  auto* b = new Box();
  b->v.assign(std::make_move_iterator(elems.begin()), std::make_move_iterator(elems.end()));
  b->recount();
  return Value::Obj(VK::Tuple, b);
}

// Channel values: ints and bools travel as rt::Value::Int, everything else boxed.
inline rt::Value toChan(const Value& v) {
  if (v.k == VK::Int && v.t < 0) return rt::Value::Int(v.i);
  return rt::Value::Of(Ref<RefCounted>(new VBox(v)));
}
inline Value fromChan(const Program& p, const rt::Value& v, int32_t elemType, int64_t epoch) {
  switch (v.kind) {
    case rt::Value::Kind::Int:
    case rt::Value::Kind::Bool:
      return Value::Int(v.i);
    case rt::Value::Kind::Time:
      return Value::Int(v.i + epoch);
    case rt::Value::Kind::Ref:
      return static_cast<VBox*>(v.ref.get())->v;
    default:
      return p.zero(elemType);
  }
}

}  // namespace gotimers::program

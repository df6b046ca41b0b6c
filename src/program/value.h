// Values of the Go-program VM: what a register, a memory slot, a map entry or a channel
// element holds (docs/go-programs.md, "Values and memory").
//
// A Value is 32 bytes: a kind, a 64-bit payload (ints of every width, normalized to their
// type's width by sign or zero extension, as Go's registers hold them; float32/float64 as a
// double; bool as 0/1), two 32-bit fields and one reference-counted object. `t` is the
// dynamic type of an interface value (an index into the types table; -1: not an interface
// value, or the nil interface when kind is Nil).
//
//   kind   i                 a                  b      r
//   Int    the integer       -                  -      -
//   Float  (double in f)     -                  -      -
//   Str    -                 -                  -      Str (null: "")
//   Ptr    -                 slot (-1: r itself) -     Box: the cell, aggregate or slice backing
//   Agg    -                 -                  -      Box: a struct's fields / an array's elements
//   Slice  cap               offset             len    Box: the backing array
//   Map    -                 -                  -      MapObj
//   Chan   -                 -                  -      rt::hchan
//   Func   -                 function index     1: extern   Closure (null: no free variables)
//   Tuple  -                 -                  -      Box: the components
//   Native -                 -                  -      a native object (errors, iterators)
//   Nil    a nil pointer, slice, map, chan, func or interface (and the zero time.Time: see
//          externs_time.cpp)
//
// Memory invariant: a Box reachable from memory (a variable's cell, an aggregate, a slice's
// backing array, a map entry) is owned by that one place: load and store copy aggregates
// (clone / assignInto), so a pointer into one never sees a register's value change; an
// aggregate held only by registers is never written and may be shared. A pointer to an
// aggregate is always (the aggregate's Box, -1), so pointer equality is (r, a) equality.
//
// Memory management is reference counting (rt::Ref), Go's GC reduced to what counts can
// see: a cycle (a closure stored in a variable it captures; a struct pointing to itself)
// is never freed. Every object a Value refers to derives from rt::RefCounted, so a cycle
// collector can later walk Box/Closure/MapObj children (children()) from the roots (the
// goroutines' registers, globals, timers).
#pragma once
#include <bit>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <boost/container/small_vector.hpp>

#include "runtime/ref.h"

namespace gotimers::program {

using rt::Ref;
using rt::RefCounted;

enum class VK : uint8_t { Nil, Int, Float, Str, Ptr, Agg, Slice, Map, Chan, Func, Tuple, Native };

struct Value {
  union {
    int64_t i = 0;
    double f;
  };
  RefCounted* r = nullptr;
  int32_t a = 0;
  int32_t b = 0;
  int32_t t = -1;
  VK k = VK::Nil;

  Value() : i(0) {}
  Value(const Value& o) : i(o.i), r(o.r), a(o.a), b(o.b), t(o.t), k(o.k) {
    if (r) r->retain();
  }
  Value(Value&& o) noexcept : i(o.i), r(o.r), a(o.a), b(o.b), t(o.t), k(o.k) { o.r = nullptr; }
  Value& operator=(const Value& o) {
    if (o.r) o.r->retain();
    RefCounted* old = r;
    i = o.i;
    r = o.r;
    a = o.a;
    b = o.b;
    t = o.t;
    k = o.k;
    if (old) old->release();
    return *this;
  }
  Value& operator=(Value&& o) noexcept {
    if (this != &o) {
      RefCounted* old = r;
      i = o.i;
      r = std::exchange(o.r, nullptr);
      a = o.a;
      b = o.b;
      t = o.t;
      k = o.k;
      if (old) old->release();
    }
    return *this;
  }
  ~Value() {
    if (r) r->release();
  }

  static Value Int(int64_t v) {
    Value x;
    x.k = VK::Int;
    x.i = v;
    return x;
  }
  static Value Bool(bool v) { return Int(v ? 1 : 0); }
  static Value Float(double v) {
    Value x;
    x.k = VK::Float;
    x.f = v;
    return x;
  }
  static Value Obj(VK k, RefCounted* o, int32_t a = 0, int32_t b = 0) {
    Value x;
    x.k = k;
    x.r = o;
    if (o) o->retain();
    x.a = a;
    x.b = b;
    return x;
  }
  bool isNil() const { return k == VK::Nil; }
  template <typename T>
  T* as() const {
    return static_cast<T*>(r);
  }
};

// An immutable Go string's bytes.
struct Str : RefCounted {
  std::string s;
  explicit Str(std::string v);
  ~Str() override;
};
Value makeStr(std::string s);
inline const std::string& strOf(const Value& v) {
  static const std::string empty;
  return v.r ? static_cast<const Str*>(v.r)->s : empty;
}

// A run of Go memory: a variable's cell (one slot), a struct's fields, an array's elements,
// a slice's backing array or a tuple's components. `nat` holds the native state of a library
// struct (time.Timer's runtime timer, sync.Mutex's waiters); its Go fields are slots.
//
// Reference counting cannot free a cycle (a closure stored in the variable it captures, as
// `f = func() { AfterFunc(0, f) }` does). While a run is under way (BoxTracking), every Box
// made is on a per-thread list, and breakBoxCycles() empties them all when the run ends, so
// such cycles live until the end of the run, not forever. Boxes made at load time (package
// variables' cells, constants) are not on it: they outlive runs.
struct Box : RefCounted {
  // Declared first, so that they fill RefCounted's tail padding (8 bytes less per Box: a
  // Go program's *time.Timer is one): the slot capacity counted in rt::tlsProgramBytes (the
  // memory budget; after changing v's size, call recount()), and whether the Box is on the
  // list of live Boxes.
  uint32_t chargedCap : 31 = 0;
  uint32_t tracked : 1 = 0;
  // one slot inline: a variable's cell and a library struct's handle need no second block
  using Slots = boost::container::small_vector<Value, 1>;
  Slots v;
  Ref<RefCounted> nat;
  Box() { track(); }
  explicit Box(size_t n) {
    if (n == 1) {
      v.emplace_back();  // the inline slot (small_vector's sized constructor takes its slow path)
    } else {
      v.resize(n);
    }
    track();
  }
  ~Box() override;
  Box(const Box&) = delete;
  Box& operator=(const Box&) = delete;
  Box* prevLive = nullptr;
  Box* nextLive = nullptr;
  void recount();

 private:
  void track();
};
// Turns the list of live Boxes on (a run starts) for this thread.
void startBoxTracking();
// Empties every Box made since startBoxTracking and still alive (breaking reference cycles
// through them), and turns the list off.
void breakBoxCycles();

// A func value with free variables (the captured variables' pointers), or an extern (a
// library function used as a value) when ext.
struct Closure : RefCounted {
  int32_t fn = -1;
  bool ext = false;
  std::vector<Value> free;
  // The bytes counted in rt::tlsProgramBytes; call recount() once free is filled.
  int64_t charged = 0;
  void recount();
  ~Closure() override;
};

// Deep copy of an aggregate (struct / array) so that memory owns its own Box.
Value cloneAgg(const Value& v);
inline Value clone(const Value& v) {
  if (v.k != VK::Agg || v.t >= 0) return v;  // interface values are immutable copies
  return cloneAgg(v);
}
// *dst = src for a memory slot: an aggregate slot is overwritten in place (pointers into it
// stay valid), anything else is replaced.
void assignAgg(Value& dst, const Value& src);
inline void assignInto(Value& dst, const Value& src) {
  if (src.k != VK::Agg || src.t >= 0) {
    dst = src;  // not an aggregate: a plain copy (clone would return src)
    return;
  }
  assignAgg(dst, src);
}

// A total order on comparable Go values (map keys): kind, then payload; strings by bytes,
// aggregates element-wise, references by address (lookup only: never reaches output).
struct KeyLess {
  bool operator()(const Value& x, const Value& y) const;
};
// Go's == on values of the same static type (interfaces: same dynamic type, then value).
bool equal(const Value& x, const Value& y);

// map[K]V. Entries keep insertion order (a deleted entry leaves a hole, compacted when
// holes outnumber live entries); iteration starts at a random entry, as Go's does, drawn
// from the run's seeded RNG, so output is deterministic for a seed.
struct MapObj : RefCounted {
  struct Entry {
    Value key, val;
    bool live = true;
  };
  std::vector<Entry> entries;
  std::map<Value, uint32_t, KeyLess> index;
  int64_t live = 0;
  int32_t iterators = 0;  // live range iterators: no compaction while one walks the entries
  int64_t charged = 0;    // the bytes counted in rt::tlsProgramBytes (recount())
  ~MapObj() override;
  Value* find(const Value& k);
  void put(const Value& k, Value v);
  void erase(const Value& k);
  void compact();
  void recount();
};

}  // namespace gotimers::program

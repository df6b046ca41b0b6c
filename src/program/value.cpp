#include "program/value.h"

#include <functional>

#include "runtime/runtime2.h"

namespace gotimers::program {

// The memory budget's view of the program's values (rt::tlsProgramBytes): each object adds
// its size and its heap buffer's capacity when made or resized, and takes them back when
// freed. Map entries are counted with their index node (a red-black tree node's three
// pointers and colour, estimated as 32 bytes).
using rt::tlsProgramBytes;

Str::Str(std::string v) : s(std::move(v)) {
  tlsProgramBytes += static_cast<int64_t>(sizeof(Str) + s.capacity());
}
Str::~Str() {
  tlsProgramBytes -= static_cast<int64_t>(sizeof(Str) + s.capacity());
}

void Box::recount() {
  const auto cap = static_cast<uint32_t>(v.capacity() > 1 ? v.capacity() : 0);
  tlsProgramBytes += (int64_t{cap} - int64_t{chargedCap}) * static_cast<int64_t>(sizeof(Value));
  chargedCap = cap;
}

void Closure::recount() {
  const auto now = static_cast<int64_t>(sizeof(Closure) + free.capacity() * sizeof(Value));
  tlsProgramBytes += now - charged;
  charged = now;
}
Closure::~Closure() {
  tlsProgramBytes -= charged;
}

void MapObj::recount() {
  constexpr size_t kIndexNode = sizeof(Value) + sizeof(uint32_t) + 32;
  const auto now = static_cast<int64_t>(sizeof(MapObj) + entries.capacity() * sizeof(Entry) +
                                        index.size() * kIndexNode);
  tlsProgramBytes += now - charged;
  charged = now;
}
MapObj::~MapObj() {
  tlsProgramBytes -= charged;
}

Value makeStr(std::string s) {
  Value v;
  v.k = VK::Str;
  if (!s.empty()) {
    v.r = new Str(std::move(s));
    v.r->retain();
  }
  return v;
}

namespace {
thread_local bool tlsTracking = false;
thread_local Box* tlsLiveBoxes = nullptr;  // head of the list of tracked, live Boxes
}  // namespace

void Box::track() {
  tlsProgramBytes += static_cast<int64_t>(sizeof(Box));
  recount();
  if (!tlsTracking) return;
  tracked = 1;
  nextLive = tlsLiveBoxes;
  if (nextLive) nextLive->prevLive = this;
  tlsLiveBoxes = this;
}

Box::~Box() {
  tlsProgramBytes -=
      static_cast<int64_t>(sizeof(Box)) + int64_t{chargedCap} * static_cast<int64_t>(sizeof(Value));
  if (!tracked) return;
  if (prevLive) prevLive->nextLive = nextLive;
  if (nextLive) nextLive->prevLive = prevLive;
  if (tlsLiveBoxes == this) tlsLiveBoxes = nextLive;
}

void startBoxTracking() {
  tlsTracking = true;
}

void breakBoxCycles() {
  tlsTracking = false;
  // Hold every live Box first, so none is freed while the others are emptied.
  std::vector<Ref<Box>> live;
  for (Box* b = tlsLiveBoxes; b; b = b->nextLive)
    live.emplace_back(b);
  for (auto& b : live) {
    Box::Slots v = std::move(b->v);
    Ref<RefCounted> nat = std::move(b->nat);
    b->v.clear();
  }
  live.clear();
}

Value cloneAgg(const Value& v) {
  auto* src = v.as<Box>();
  auto* b = new Box(src->v.size());
  for (size_t i = 0; i < src->v.size(); i++)
    b->v[i] = clone(src->v[i]);
  b->nat = src->nat;
  return Value::Obj(VK::Agg, b);
}

void assignAgg(Value& dst, const Value& src) {
  if (dst.k == VK::Agg && dst.t < 0 && src.k == VK::Agg && src.t < 0 && dst.r != src.r) {
    auto* d = dst.as<Box>();
    auto* s = src.as<Box>();
    if (d->v.size() == s->v.size()) {
      for (size_t i = 0; i < d->v.size(); i++)
        assignInto(d->v[i], s->v[i]);
      d->nat = s->nat;
      return;
    }
  }
  dst = clone(src);
}

namespace {
int cmp3(int64_t x, int64_t y) {
  return x < y ? -1 : x > y ? 1 : 0;
}
int compareValues(const Value& x, const Value& y) {
  if (x.t != y.t) return cmp3(x.t, y.t);
  if (x.k != y.k) return cmp3(int(x.k), int(y.k));
  switch (x.k) {
    case VK::Nil:
      return 0;
    case VK::Int:
      return cmp3(x.i, y.i);
    case VK::Float:
      return x.f < y.f ? -1 : x.f > y.f ? 1 : 0;
    case VK::Str:
      return strOf(x).compare(strOf(y));
    case VK::Agg:
    case VK::Tuple: {
      auto* bx = x.as<Box>();
      auto* by = y.as<Box>();
      if (bx->v.size() != by->v.size()) return cmp3(int64_t(bx->v.size()), int64_t(by->v.size()));
      for (size_t i = 0; i < bx->v.size(); i++) {
        if (int c = compareValues(bx->v[i], by->v[i])) return c;
      }
      return bx->nat.get() < by->nat.get() ? -1 : bx->nat.get() > by->nat.get() ? 1 : 0;
    }
    default:
      if (x.r != y.r) return std::less<const void*>()(x.r, y.r) ? -1 : 1;
      if (x.a != y.a) return cmp3(x.a, y.a);
      return cmp3(x.b, y.b);
  }
}
}  // namespace

bool KeyLess::operator()(const Value& x, const Value& y) const {
  return compareValues(x, y) < 0;
}

bool equal(const Value& x, const Value& y) {
  if (x.t != y.t || x.k != y.k) return false;
  if (x.k == VK::Float) return x.f == y.f;  // IEEE: NaN != NaN
  return compareValues(x, y) == 0;
}

Value* MapObj::find(const Value& k) {
  auto it = index.find(k);
  return it == index.end() ? nullptr : &entries[it->second].val;
}

void MapObj::put(const Value& k, Value v) {
  auto it = index.find(k);
  if (it != index.end()) {
    entries[it->second].val = std::move(v);
    return;
  }
  if (iterators == 0 && entries.size() > 32 && entries.size() > 2 * static_cast<size_t>(live)) {
    compact();
  }
  index.emplace(k, static_cast<uint32_t>(entries.size()));
  entries.push_back(Entry{k, std::move(v), true});
  live++;
  recount();
}

void MapObj::erase(const Value& k) {
  auto it = index.find(k);
  if (it == index.end()) return;
  Entry& e = entries[it->second];
  e.live = false;
  e.val = Value();
  index.erase(it);
  live--;
  recount();
}

void MapObj::compact() {
  std::vector<Entry> out;
  out.reserve(static_cast<size_t>(live));
  for (auto& e : entries) {
    if (e.live) out.push_back(std::move(e));
  }
  entries = std::move(out);
  index.clear();
  for (uint32_t i = 0; i < entries.size(); i++)
    index.emplace(entries[i].key, i);
  recount();
}

}  // namespace gotimers::program

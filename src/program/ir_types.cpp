#include "program/ir_types.h"

#include <fmt/format.h>

#include <algorithm>

namespace gotimers::program {

namespace {

// The types t holds by value: its underlying type, its fields, its array element.
template <typename F>
void eachValueChild(const std::vector<Type>& types, const Type& t, F&& f) {
  if (t.kind == TK::Named && !t.opaque && t.underlying >= 0) f(t.underlying);
  if (t.kind == TK::Struct || (t.kind == TK::Named && t.opaque)) {
    for (const auto& fl : t.fields)
      f(fl.type);
  }
  if (t.kind == TK::Array && t.elem >= 0) f(t.elem);
  (void)types;
}

}  // namespace

std::string findValueCycle(const std::vector<Type>& types) {
  // Iterative depth-first search: 0 unvisited, 1 on the stack, 2 done.
  std::vector<uint8_t> state(types.size(), 0);
  for (size_t root = 0; root < types.size(); root++) {
    if (state[root] != 0) continue;
    std::vector<std::pair<int32_t, std::vector<int32_t>>> stack;
    auto push = [&](int32_t t) {
      std::vector<int32_t> kids;
      eachValueChild(types, types[static_cast<size_t>(t)], [&](int32_t c) { kids.push_back(c); });
      state[static_cast<size_t>(t)] = 1;
      stack.emplace_back(t, std::move(kids));
    };
    push(static_cast<int32_t>(root));
    while (!stack.empty()) {
      auto& [t, kids] = stack.back();
      if (kids.empty()) {
        state[static_cast<size_t>(t)] = 2;
        stack.pop_back();
        continue;
      }
      int32_t c = kids.back();
      kids.pop_back();
      if (c < 0 || static_cast<size_t>(c) >= types.size()) continue;  // checked elsewhere
      if (state[static_cast<size_t>(c)] == 1) {
        return fmt::format("type {} ({}) contains itself", c, types[static_cast<size_t>(c)].str);
      }
      if (state[static_cast<size_t>(c)] == 0) push(c);
    }
  }
  return "";
}

std::vector<uint64_t> zeroSlots(const std::vector<Type>& types) {
  constexpr uint64_t kCap = kMaxZeroSlots + 1;
  std::vector<uint64_t> slots(types.size(), 0);  // 0: not computed yet
  // Children before parents: repeat until every type is computed (the graph is acyclic, so
  // each round computes at least one more).
  auto slotsOf = [&](int32_t c) -> uint64_t {
    return c < 0 || static_cast<size_t>(c) >= types.size() ? 1 : slots[static_cast<size_t>(c)];
  };
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t i = 0; i < types.size(); i++) {
      if (slots[i] != 0) continue;
      const Type& t = types[i];
      uint64_t n = 1;
      bool ready = true;
      if (t.kind == TK::Named && !t.opaque && t.underlying >= 0) {
        n = slotsOf(t.underlying);
        ready = n != 0;
      } else if (t.kind == TK::Struct || (t.kind == TK::Named && t.opaque)) {
        for (const auto& f : t.fields) {
          uint64_t c = slotsOf(f.type);
          ready = ready && c != 0;
          n = std::min(kCap, n + c);
        }
        if (t.opaque) n = std::min(kCap, n + static_cast<uint64_t>(std::max(t.nslots, 0)));
      } else if (t.kind == TK::Array) {
        uint64_t c = slotsOf(t.elem);
        ready = c != 0;
        uint64_t len = static_cast<uint64_t>(std::max(t.len, 0));
        n = len != 0 && c > kCap / len ? kCap : std::min(kCap, 1 + len * c);
      }
      if (ready) {
        slots[i] = n;
        changed = true;
      }
    }
  }
  for (auto& s : slots) {
    if (s == 0) s = kCap;  // unreachable when acyclic
  }
  return slots;
}

}  // namespace gotimers::program

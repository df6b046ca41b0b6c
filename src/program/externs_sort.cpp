// Package sort for Go programs. sort.Slice, SliceStable and Search call the program's func
// back on the calling goroutine (VM::callSync: a nested frame loop that must not block).
// Slice and SliceStable sort a permutation of the original indices with less(i, j) on the
// unchanged slice, then permute it: both are stable, so elements that compare equal may end
// in another order than Go's pdqsort leaves them (docs/go-programs.md).
#include <algorithm>
#include <cmath>

#include "go/go.h"
#include "program/externs.h"
#include "program/vm.h"
#include "program/vm_internal.h"

namespace gotimers::program {

namespace {

template <typename Less>
void sortSlice(const Value& s, Less less) {
  if (s.k != VK::Slice) return;
  auto* b = s.as<Box>();
  auto first = b->v.begin() + s.a;
  std::stable_sort(first, first + s.b, less);
}
void Ints(ExternCtx& c) {
  sortSlice(c.arg(0), [](const Value& x, const Value& y) { return x.i < y.i; });
}
void Float64s(ExternCtx& c) {
  sortSlice(c.arg(0), [](const Value& x, const Value& y) {
    return x.f < y.f || (std::isnan(x.f) && !std::isnan(y.f));
  });
}
void Strings(ExternCtx& c) {
  sortSlice(c.arg(0), [](const Value& x, const Value& y) { return strOf(x) < strOf(y); });
}
bool callBool(ExternCtx& c, const Value& f, std::vector<Value> args) {
  CallRec call;
  call.fn = f;
  call.pos = c.pos;
  call.args = std::move(args);
  return c.vm.callSync(c.g, std::move(call)).i != 0;
}
void Slice(ExternCtx& c) {
  const Value& s = c.arg(0);  // an interface{} holding the slice
  if (s.k != VK::Slice) return;
  std::vector<int64_t> perm(static_cast<size_t>(s.b));
  for (size_t i = 0; i < perm.size(); i++)
    perm[i] = static_cast<int64_t>(i);
  const Value less = c.arg(1);
  std::stable_sort(perm.begin(), perm.end(), [&](int64_t i, int64_t j) {
    return callBool(c, less, {Value::Int(i), Value::Int(j)});
  });
  auto* b = s.as<Box>();
  std::vector<Value> old(b->v.begin() + s.a, b->v.begin() + s.a + s.b);
  for (size_t i = 0; i < perm.size(); i++)
    b->v[static_cast<size_t>(s.a) + i] = std::move(old[static_cast<size_t>(perm[i])]);
}
void Search(ExternCtx& c) {
  int64_t i = 0, j = c.i(0);
  while (i < j) {
    int64_t h = static_cast<int64_t>(static_cast<uint64_t>(i + j) >> 1);
    if (!callBool(c, c.arg(1), {Value::Int(h)})) {
      i = h + 1;
    } else {
      j = h;
    }
  }
  c.result = Value::Int(i);
}

}  // namespace

void registerSortExterns(ExternTable& t) {
  t["sort.Ints"] = {Ints, nullptr};
  t["sort.Float64s"] = {Float64s, nullptr};
  t["sort.Strings"] = {Strings, nullptr};
  t["sort.Slice"] = {Slice, nullptr};
  t["sort.SliceStable"] = {Slice, nullptr};
  t["sort.Search"] = {Search, nullptr};
}

}  // namespace gotimers::program

// Heap4 (eras/heap4.h) alone: Go's 4-ary timer heap on plain keys, with no runtime, no
// timers and no program around it. The era-instrumented heap (TimerHeap: charges, events,
// references, --check) is tested in test_timer_heap.cpp on the same sequences.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "eras/heap4.h"
#include "sim/rng.h"

using gotimers::eras::Heap4;

namespace {

struct Elem {
  int id = 0;
  int64_t when = 0;
  size_t i = 0;  // where the heap last placed it (Go <= 1.13's t.i)
};

struct Step {
  int id;
  size_t from, to;
  bool operator==(const Step&) const = default;
};

// Records every placement (into the element) and every sift level.
struct Ops {
  std::vector<Step>* steps = nullptr;
  int64_t when(const Elem& e) const { return e.when; }
  void placed(Elem& e, size_t i) { e.i = i; }
  void step(const Elem& moving, size_t from, size_t to, const Elem&) {
    if (steps) steps->push_back({moving.id, from, to});
  }
};

using Heap = Heap4<Elem, Ops>;

std::vector<int64_t> whens(const Heap& h) {
  std::vector<int64_t> out;
  for (const Elem& e : h.items())
    out.push_back(e.when);
  return out;
}

std::vector<int> ids(const Heap& h) {
  std::vector<int> out;
  for (const Elem& e : h.items())
    out.push_back(e.id);
  return out;
}

bool indicesRecorded(const Heap& h) {
  for (size_t i = 0; i < h.size(); i++)
    if (h[i].i != i) return false;
  return true;
}

// time.go@go1.23rc1's timers.siftDown loop, written as Go writes it: the first child with
// when < w, w starting at the moving element's key. Returns the steps it takes.
std::vector<Step> go123SiftDown(std::vector<Elem> heap, size_t i) {
  std::vector<Step> steps;
  size_t n = heap.size();
  if (i * 4 + 1 >= n) return steps;
  Elem tw = heap[i];
  int64_t when = tw.when;
  for (;;) {
    size_t leftChild = i * 4 + 1;
    if (leftChild >= n) break;
    int64_t w = when;
    size_t c = n;
    for (size_t j = leftChild; j < std::min(leftChild + 4, n); j++) {
      if (heap[j].when < w) {
        w = heap[j].when;
        c = j;
      }
    }
    if (c == n) break;
    steps.push_back({tw.id, i, c});
    heap[i] = heap[c];
    i = c;
  }
  return steps;
}

}  // namespace

TEST_CASE("heap4: pushes, a removal, a pop and re-armed roots give Go's layouts") {
  // The same sequence as test_timer_heap.cpp's, whose comment derives each layout by hand
  // from siftupTimer / siftdownTimer of runtime/time.go@go1.9.
  std::vector<Step> steps;
  Heap h(Ops{&steps});
  int id = 0;
  for (int64_t w : {20, 48, 10, 37, 5, 30, 15, 50, 25, 12, 11})
    h.push({id++, w, 0});
  CHECK(whens(h) == std::vector<int64_t>{5, 15, 11, 37, 10, 48, 30, 50, 25, 20, 12});
  CHECK(indicesRecorded(h));
  CHECK(steps.size() == 6);

  Elem removed = h.removeAt(5);
  CHECK(removed.when == 48);
  CHECK(whens(h) == std::vector<int64_t>{5, 12, 11, 37, 10, 15, 30, 50, 25, 20});

  Elem popped = h.popRoot();
  CHECK(popped.when == 5);
  CHECK(whens(h) == std::vector<int64_t>{10, 12, 11, 37, 20, 15, 30, 50, 25});

  h.raw(0).when = 40;  // a ticker at the root re-armed: siftdownTimer(0)
  CHECK(h.siftDown(0) == 2);
  CHECK(whens(h) == std::vector<int64_t>{11, 12, 40, 37, 20, 15, 30, 50, 25});
  h.raw(0).when = 45;
  CHECK(h.siftDown(0) == 5);
  CHECK(whens(h) == std::vector<int64_t>{12, 15, 40, 37, 20, 45, 30, 50, 25});
  CHECK(indicesRecorded(h));
  CHECK(steps.size() == 11);
  CHECK(h.firstViolation() == h.size());
}

TEST_CASE(
    "heap4: tie rules — equal keys never move up; siftdown takes the leftmost, stops on equal") {
  Heap h;
  h.push({1, 10, 0});
  h.push({2, 10, 0});
  h.push({3, 10, 0});
  CHECK(ids(h) == std::vector<int>{1, 2, 3});  // a pushed equal key stays where it lands

  // root 50 over children 7, 7, 9, 9: the leftmost 7 (index 1) wins
  Heap d;
  for (auto [i, w] : std::vector<std::pair<int, int64_t>>{{0, 1}, {1, 7}, {2, 7}, {3, 9}, {4, 9}})
    d.push({i, w, 0});
  d.raw(0).when = 50;
  CHECK(d.siftDown(0) == 1);
  CHECK(ids(d) == std::vector<int>{1, 0, 2, 3, 4});

  // children 9, 9, 7, 7: the leftmost of the second pair (index 3) wins
  Heap m;
  for (auto [i, w] : std::vector<std::pair<int, int64_t>>{{0, 1}, {1, 9}, {2, 9}, {3, 7}, {4, 7}})
    m.push({i, w, 0});
  m.raw(0).when = 50;
  CHECK(m.siftDown(0) == 3);
  CHECK(ids(m) == std::vector<int>{3, 1, 2, 0, 4});

  // the moving key equals the smallest child: it stays
  Heap s;
  for (auto [i, w] : std::vector<std::pair<int, int64_t>>{{0, 1}, {1, 7}, {2, 8}})
    s.push({i, w, 0});
  s.raw(0).when = 7;
  CHECK(s.siftDown(0) == 0);
  CHECK(ids(s) == std::vector<int>{0, 1, 2});
}

TEST_CASE("heap4: random operations keep the invariant and recorded indices; pops come in order") {
  gotimers::sim::Rng rng(20261206);
  for (int round = 0; round < 50; round++) {
    Heap h;
    int id = 0;
    for (int op = 0; op < 400; op++) {
      uint64_t r = rng.next64();
      if (h.empty() || r % 3 != 0) {
        h.push({id++, static_cast<int64_t>(rng.next64() % 64), 0});  // small keys: many ties
      } else if (r % 2 == 0) {
        h.removeAt(rng.next64() % h.size());
      } else {
        h.popRoot();
      }
      REQUIRE(h.firstViolation() == h.size());
      REQUIRE(indicesRecorded(h));
    }
    int64_t prev = INT64_MIN;
    while (!h.empty()) {
      Elem e = h.popRoot();
      REQUIRE(e.when >= prev);
      prev = e.when;
    }
  }
}

TEST_CASE("heap4: siftDown takes the same steps as go1.23's loop over the children") {
  gotimers::sim::Rng rng(123);
  int compared = 0;
  for (int round = 0; round < 500; round++) {
    Heap h;
    size_t n = 1 + rng.next64() % 40;
    for (size_t k = 0; k < n; k++)
      h.push({static_cast<int>(k), static_cast<int64_t>(1 + rng.next64() % 8), 0});
    size_t i = rng.next64() % n;
    h.raw(i).when = static_cast<int64_t>(1 + rng.next64() % 10);  // a modified key at i
    std::vector<Elem> before = h.items();
    std::vector<Step> want = go123SiftDown(before, i);
    std::vector<Step> got;
    h.ops().steps = &got;
    h.siftDown(i);
    REQUIRE(got == want);
    compared += static_cast<int>(want.size());
  }
  CHECK(compared > 100);  // the rounds did move elements
}

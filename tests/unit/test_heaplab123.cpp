// The heap lab on the go1.23 era (eras/go1_23, time.go@go1.23rc1): Stop leaves a zombie in
// the heap, cleanHead drops zombies at the root and the tail on the next add, Reset sets
// timerModified and leaves the heap's own key behind until updateHeap/adjust, and ts.check
// forces a sweep (adjust) when zombies > len/4. Statuses are state-bit sets.
#include <doctest/doctest.h>

#include <algorithm>

#include "eras/registry.h"
#include "heaplab/lab.h"
#include "heaplab/ops.h"

using namespace gotimers::heaplab;

namespace {

LabResult lab123(const std::string& ops, const std::string& era = "go1.23") {
  ParseResult p = parseOps(ops);
  REQUIRE_MESSAGE(!p.error, (p.error ? p.error->format() : ""));
  LabOutcome o = runLab(p.ops, era);
  REQUIRE_MESSAGE(!o.error, (o.error ? o.error->format() : ""));
  return *o.result;
}

// The timer named n after step `step`, or nullptr if it is in no heap.
const TimerSnap* find(const LabResult& r, size_t step, const std::string& n) {
  for (const TimerSnap& t : r.steps.at(step).heaps.at(0).t) {
    if (t.name == n) return &t;
  }
  return nullptr;
}

std::vector<std::string> names(const LabResult& r, size_t step) {
  std::vector<std::string> out;
  for (const TimerSnap& t : r.steps.at(step).heaps.at(0).t)
    out.push_back(t.name);
  return out;
}

bool isHeap(const HeapSnap& h) {
  for (size_t i = 1; i < h.t.size(); i++) {
    if (h.t[(i - 1) / 4].when > h.t[i].when) return false;
  }
  return true;
}

bool anyFrame(const LabResult& r, const std::string& fn, const std::string& text) {
  for (const Frame& f : r.anim.frames) {
    if ((fn.empty() || f.fn == fn) && f.text.find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("heaplab go1.23: the lab runs, statuses are state-bit sets, code is time.go@go1.23rc1") {
  LabResult r = lab123("add a=20 b=48 c=10 d=37; del b; pop");
  CHECK(r.goMinor == 23);
  CHECK(r.mismatches == 0);
  CHECK(r.anim.layout == "perP");
  CHECK(r.anim.statuses == std::vector<std::string>{"none", "heaped", "heaped|modified",
                                                    "heaped|zombie", "heaped|modified|zombie"});
  for (const TimerSnap& t : r.steps[0].heaps[0].t)
    CHECK(t.status == "heaped");
  std::vector<std::string> fns;
  for (const CodeFn& f : r.anim.code) {
    fns.push_back(f.name);
    CHECK(f.tag == "go1.23rc1");
  }
  for (const char* fn : {"modify", "stop", "cleanHead", "siftUp", "siftDown", "deleteMin"})
    CHECK(std::find(fns.begin(), fns.end(), fn) != fns.end());
  // every frame's function is one the code pane has, and its line exists
  for (const Frame& f : r.anim.frames) {
    if (f.fn.empty()) continue;
    auto it = std::find_if(r.anim.code.begin(), r.anim.code.end(),
                           [&](const CodeFn& c) { return c.name == f.fn; });
    REQUIRE_MESSAGE(it != r.anim.code.end(), f.fn);
    std::string where = f.fn + ": " + f.text;
    CHECK_MESSAGE(f.line >= 0, where);
    CHECK(f.line < static_cast<int>(it->lines.size()));
  }
  CHECK(r.steps[2].result == "ran c");
}

TEST_CASE("heaplab go1.23: Stop marks a zombie that stays in the heap") {
  LabResult r = lab123("add a=5 b=10 c=20 d=30; del b; add e=40");
  CHECK(r.steps[1].result == "Stop(b) = true");
  REQUIRE(find(r, 1, "b"));
  CHECK(find(r, 1, "b")->status.find("zombie") != std::string::npos);
  CHECK(r.steps[1].heaps[0].t.size() == 4);
  CHECK(anyFrame(r, "stop", "b: heaped -> heaped|modified|zombie"));
  // the next add's cleanHead only looks at the tail (d) and the root (a): b stays
  REQUIRE(find(r, 2, "b"));
  CHECK(find(r, 2, "b")->status.find("zombie") != std::string::npos);
  CHECK(r.steps[2].heaps[0].t.size() == 5);
  // Stop again: no longer pending
  LabResult s = lab123("add a=5 b=10; del b; del b");
  CHECK(s.steps[2].result == "Stop(b) = false");
  CHECK(s.mismatches == 0);
}

TEST_CASE("heaplab go1.23: cleanHead removes a zombie root, and a zombie tail, on the next add") {
  LabResult r = lab123("add a=5 b=10 c=20; del a; add d=30");
  CHECK(find(r, 1, "a") != nullptr);
  CHECK(find(r, 2, "a") == nullptr);
  CHECK(names(r, 2).size() == 3);  // b, c, d
  CHECK(find(r, 2, "b") == &r.steps[2].heaps[0].t[0]);
  CHECK(anyFrame(r, "deleteMin", "deleteMin: a"));
  CHECK(r.mismatches == 0);

  LabResult t = lab123("add a=5 b=10 c=20; del c; add d=30");
  CHECK(find(t, 2, "c") == nullptr);
  CHECK(anyFrame(t, "cleanHead", "cleanHead: the zombie c at the tail"));
  CHECK(t.mismatches == 0);
}

TEST_CASE(
    "heaplab go1.23: Reset sets timerModified; the heap key differs from when until "
    "updateHeap") {
  // earlier: the entry keeps key 20, the pending when is 1; ts.check's adjust applies it
  LabResult e = lab123("add a=5 b=10 c=20; reset c=1; run 3");
  CHECK(e.steps[1].result == "Reset(c) = true");
  const TimerSnap* c = find(e, 1, "c");
  REQUIRE(c);
  CHECK(c->status == "heaped|modified");
  CHECK(c->when == 20);
  CHECK(c->nextwhen == 1);
  CHECK(e.steps[2].result == "ran c");
  CHECK(e.mismatches == 0);

  // later: the root keeps key 5 until run finds it due, updateHeap moves it down unrun
  LabResult l = lab123("add a=5 b=10; reset a=50; run 7");
  const TimerSnap* a = find(l, 1, "a");
  REQUIRE(a);
  CHECK(a->status == "heaped|modified");
  CHECK(a->when == 5);
  CHECK(a->nextwhen == 50);
  CHECK(names(l, 1) == std::vector<std::string>{"a", "b"});
  CHECK(l.steps[2].result == "nothing ran");
  a = find(l, 2, "a");
  REQUIRE(a);
  CHECK(a->status == "heaped");
  CHECK(a->when == 50);
  CHECK(a->nextwhen == -1);
  CHECK(names(l, 2) == std::vector<std::string>{"b", "a"});
  CHECK(anyFrame(l, "updateHeap", "a: heaped|modified -> heaped"));
  CHECK(l.mismatches == 0);
  for (const LabStep& s : l.steps)
    CHECK(isHeap(s.heaps[0]));
}

TEST_CASE("heaplab go1.23: ts.check forces a sweep when zombies > len/4") {
  // 2 zombies of 5 > 5/4: adjust removes both, though none is due and neither is at the root
  LabResult f = lab123("add a=5 b=10 c=20 d=30 e=40; del c; del d; run 1");
  CHECK(f.steps[3].result == "nothing ran");
  CHECK(names(f, 3).size() == 3);
  CHECK(find(f, 3, "c") == nullptr);
  CHECK(find(f, 3, "d") == nullptr);
  CHECK(anyFrame(f, "adjust", "adjust: the zombie"));
  CHECK(f.mismatches == 0);
  // 1 zombie of 5 is not > 5/4: it stays
  LabResult k = lab123("add a=5 b=10 c=20 d=30 e=40; del d; run 1");
  CHECK(find(k, 2, "d") != nullptr);
  CHECK(k.mismatches == 0);
}

TEST_CASE("heaplab: every registered era runs the lab with frames that match its heaps") {
  std::string ops = "add a=3 b=3 c=1 d=2 e=3; del c; reset b=0; run 2; add f=2; pop";
  for (const auto& era : gotimers::eras::allEras()) {
    CAPTURE(era.name);
    LabResult r = lab123(ops, era.name);
    CHECK(r.mismatches == 0);
    CHECK(r.steps.size() == 6);
    CHECK(toJson(r.anim).dump() == toJson(lab123(ops, era.name).anim).dump());
  }
}

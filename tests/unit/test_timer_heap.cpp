// TimerHeap: Go's 4-ary timer heap (siftupTimer / siftdownTimer / deltimer of
// runtime/time.go@go1.9).
//
// TimerHeap charges its sift steps to the current M and emits heap.sift events, so every test
// runs its heap inside the main goroutine of a program (go::runProgram), where
// rt::Runtime::current() and curm() are set. The heap has its own id (kHeapId) so its events
// are told apart from the era's heap (which these programs never touch).
#include <fmt/format.h>

#include <map>
#include <set>
#include <stdexcept>

#include "eras/timer_heap.h"
#include "harness.h"
#include "runtime/timer_backend.h"
#include "sim/rng.h"

using namespace gotimers;
using namespace gotimers::go;
using gotimers::testing::options;
using gotimers::testing::run;
using trace::Kind;

namespace {

constexpr int kHeapId = 42;

// The heaps below track indices (trackIndex, as go1.9 and go1.13 do): their timers are
// indexedTimer, whatever era the run has.
rt::Ref<rt::timer> newTimer(int64_t when) {
  rt::Ref<rt::timer> t(new eras::indexedTimer());
  t->when = when;
  t->id = RT().nextTimerId();
  return t;
}

std::vector<int64_t> whens(const eras::TimerHeap& h) {
  std::vector<int64_t> out;
  for (const rt::timer* t : h.items())
    out.push_back(t->when);
  return out;
}

// "" if h is a valid 4-ary min-heap whose timers record their own index; else the violation.
std::string heapViolation(const eras::TimerHeap& h) {
  for (size_t i = 0; i < h.size(); i++) {
    const eras::indexedTimer* t = eras::asIndexed(h.at(i));
    if (t->i != static_cast<int32_t>(i)) return fmt::format("t[{}]->i == {}", i, t->i);
    if (i > 0 && h.at((i - 1) / 4)->when > h.at(i)->when) {
      return fmt::format("t[{}].when {} > child t[{}].when {}", (i - 1) / 4,
                         h.at((i - 1) / 4)->when, i, h.at(i)->when);
    }
  }
  return "";
}

struct Sift {
  int64_t timer, from, to, moved, compared;
  bool operator==(const Sift&) const = default;
};

std::vector<Sift> siftsOf(const trace::MemorySink& s) {
  std::vector<Sift> out;
  for (const auto& e : s.events) {
    if (e.kind == Kind::HeapSiftStep && e.a[0] == kHeapId) {
      out.push_back({e.a[1], e.a[2], e.a[3], e.a[4], e.a[5]});
    }
  }
  return out;
}

// Checks, at the moment each sift step is emitted (before the move is applied), that the
// step is the one Go's code takes:
//  - siftup (to < from): to is the parent (from-1)/4 and the moving key is strictly smaller
//    than the parent's (`if when >= t[p].when { break }`: equal keys never move up);
//  - siftdown (to > from): to is the leftmost child of from with the smallest key (`<` in
//    both pair comparisons) and that key is strictly smaller than the moving key
//    (`if w >= when { break }`).
// A step that should have been taken but was not is caught by the heap invariant instead.
class StepChecker : public trace::Sink {
 public:
  const eras::TimerHeap* heap = nullptr;
  uint64_t steps = 0;
  std::string firstError;

  void onEvent(const trace::Event& e) override {
    if (e.kind != Kind::HeapSiftStep || e.a[0] != kHeapId || heap == nullptr) return;
    steps++;
    int64_t from = e.a[2], to = e.a[3], moved = e.a[4], compared = e.a[5];
    const auto& t = heap->items();
    auto n = static_cast<int64_t>(t.size());
    std::string err;
    if (to < from) {
      if (to != (from - 1) / 4) err = "siftup to a non-parent";
      if (t[to]->when != compared) err = "siftup compared key is not the parent's";
      if (!(moved < compared)) err = "siftup moved a key that is not strictly smaller";
    } else {
      int64_t best = -1;
      for (int64_t c = 4 * from + 1; c <= 4 * from + 4 && c < n; c++) {
        if (best < 0 || t[c]->when < t[best]->when) best = c;
      }
      if (to != best)
        err = fmt::format("siftdown chose child {} not leftmost smallest {}", to, best);
      if (best >= 0 && t[best]->when != compared) err = "siftdown compared key is not the child's";
      if (!(compared < moved)) err = "siftdown moved past a key that is not strictly smaller";
    }
    if (!err.empty() && firstError.empty()) {
      firstError = fmt::format("step {} (from {} to {}, moved {}, compared {}): {}", steps, from,
                               to, moved, compared, err);
    }
  }
};

}  // namespace

TEST_CASE("timer heap: hand-computed layouts, sift events and costs (Go 1.9 siftup/siftdown)") {
  // Derivation by hand from runtime/time.go@go1.9 (parent (i-1)/4, children 4i+1..4i+4):
  //
  // push 20: [20]
  // push 48: i=1, parent 0 (20): 48 >= 20 stop          [20,48]
  // push 10: i=2, parent 0 (20): 10 < 20 -> 2->0         [10,48,20]
  // push 37: i=3, parent 0 (10): stop                    [10,48,20,37]
  // push  5: i=4, parent 0 (10): 5 < 10 -> 4->0          [5,48,20,37,10]
  // push 30: i=5, parent 1 (48): 30 < 48 -> 5->1; parent 0 (5): stop
  //                                                      [5,30,20,37,10,48]
  // push 15: i=6, parent 1 (30): 15 < 30 -> 6->1; parent 0 (5): stop
  //                                                      [5,15,20,37,10,48,30]
  // push 50: i=7, parent 1 (15): stop; push 25: i=8, parent 1 (15): stop
  //                                                      [5,15,20,37,10,48,30,50,25]
  // push 12: i=9, parent 2 (20): 12 < 20 -> 9->2; parent 0 (5): stop
  //                                                      [5,15,12,37,10,48,30,50,25,20]
  // push 11: i=10, parent 2 (12): 11 < 12 -> 10->2; parent 0 (5): stop
  //                                                      [5,15,11,37,10,48,30,50,25,20,12]
  // removeAt(5) (deltimer of the 48): last (12) moves into 5, n=10;
  //   siftupTimer(5): parent 1 (15): 12 < 15 -> 5->1; parent 0 (5): stop
  //   siftdownTimer(5): the 15 now at 5 has no child (21 >= 10)
  //                                                      [5,12,11,37,10,15,30,50,25,20]
  // popRoot (timerproc's pop of the 5): last (20) moves into 0, n=9; siftdownTimer(0):
  //   children 1..4 = 12,11,37,10: pair (12,11) -> 11 at 2; pair (37,10) -> 10 at 4;
  //   10 < 11 -> c=4; 10 < 20 -> 0->4; children of 4 start at 17 >= 9: stop
  //                                                      [10,12,11,37,20,15,30,50,25]
  // re-arm root 10 -> 40, siftdownTimer(0): pair (12,11) -> 11 at 2; pair (37,20) -> 20 at 4;
  //   20 < 11? no -> c=2; 11 < 40 -> 0->2; children of 2 start at 9 >= 9: stop
  //                                                      [11,12,40,37,20,15,30,50,25]
  // re-arm root 11 -> 45, siftdownTimer(0): pair (12,40) -> 12 at 1; pair (37,20) -> 20 at 4;
  //   20 < 12? no -> c=1; 12 < 45 -> 0->1; children of 1 = 15,30,50,25: pair (15,30) -> 15
  //   at 5; pair (50,25) -> 25 at 8; 25 < 15? no -> c=5; 15 < 45 -> 1->5; 21 >= 9: stop
  //                                                      [12,15,40,37,20,45,30,50,25]
  // Sift steps: 6 (pushes) + 1 (removeAt) + 1 (popRoot) + 1 + 2 (re-arms) = 11.
  trace::MemorySink sink;
  ProgramOptions o = options();
  o.sink = &sink;
  std::map<int64_t, int64_t> idOf;  // initial when -> timer id
  std::vector<std::vector<int64_t>> layouts;
  std::vector<int64_t> chargedNs;
  uint64_t siftMetric = 0;
  auto res = run(o, [&]() -> Task<void> {
    eras::TimerHeap h(RT(), kHeapId, /*trackIndex=*/true);
    int64_t t0 = RT().nanotime();
    std::vector<rt::Ref<rt::timer>> keep;
    for (int64_t w : {20, 48, 10, 37, 5, 30, 15, 50, 25, 12, 11}) {
      keep.push_back(newTimer(w));
      idOf[w] = keep.back()->id;
      h.push(keep.back().get(), "addtimerLocked");
      CHECK(heapViolation(h) == "");
    }
    layouts.push_back(whens(h));
    chargedNs.push_back(RT().nanotime() - t0);

    rt::Ref<rt::timer> removed = h.removeAt(5, "deltimer");
    CHECK(removed->when == 48);
    layouts.push_back(whens(h));
    CHECK(heapViolation(h) == "");

    rt::Ref<rt::timer> popped = h.popRoot("timerproc");
    CHECK(popped->when == 5);
    layouts.push_back(whens(h));
    CHECK(heapViolation(h) == "");

    h.root()->when = 40;
    h.siftdownTimer(0);
    layouts.push_back(whens(h));
    CHECK(heapViolation(h) == "");

    CHECK(h.root()->id == idOf[11]);
    h.root()->when = 45;
    h.siftdownTimer(0);
    layouts.push_back(whens(h));
    CHECK(heapViolation(h) == "");
    chargedNs.push_back(RT().nanotime() - t0);
    siftMetric = RT().metrics().siftSteps;
    co_return;
  });
  INFO(res.run.report);
  REQUIRE(res.run.kind == rt::ExitKind::Normal);
  REQUIRE(layouts.size() == 5);
  CHECK(layouts[0] == std::vector<int64_t>{5, 15, 11, 37, 10, 48, 30, 50, 25, 20, 12});
  CHECK(layouts[1] == std::vector<int64_t>{5, 12, 11, 37, 10, 15, 30, 50, 25, 20});
  CHECK(layouts[2] == std::vector<int64_t>{10, 12, 11, 37, 20, 15, 30, 50, 25});
  CHECK(layouts[3] == std::vector<int64_t>{11, 12, 40, 37, 20, 15, 30, 50, 25});
  CHECK(layouts[4] == std::vector<int64_t>{12, 15, 40, 37, 20, 45, 30, 50, 25});

  // Every sift level is one heap.sift event with from/to and both keys, in order.
  std::vector<Sift> want = {
      {idOf[10], 2, 0, 10, 20}, {idOf[5], 4, 0, 5, 10},   {idOf[30], 5, 1, 30, 48},
      {idOf[15], 6, 1, 15, 30}, {idOf[12], 9, 2, 12, 20}, {idOf[11], 10, 2, 11, 12},
      {idOf[12], 5, 1, 12, 15}, {idOf[20], 0, 4, 20, 10}, {idOf[10], 0, 2, 40, 11},
      {idOf[11], 0, 1, 45, 12}, {idOf[11], 1, 5, 45, 15},
  };
  CHECK(siftsOf(sink) == want);
  CHECK(siftMetric == 11);
  CHECK(res.metrics.siftSteps == 11);
  CHECK(res.metrics.heapPushes == 11);
  CHECK(res.metrics.heapRemoves == 2);
  // Pushing charges only its sift steps; the whole sequence charges 11 of them.
  rt::CostModel cm;
  REQUIRE(chargedNs.size() == 2);
  CHECK(chargedNs[0] == 6 * cm.sift_step);
  CHECK(chargedNs[1] == 11 * cm.sift_step);

  // The removal and the pop are events too, with the index and key removed.
  int removes = 0, pops = 0;
  for (const auto& e : sink.events) {
    if (e.kind == Kind::HeapRemove && e.a[0] == kHeapId) {
      removes++;
      CHECK(e.a[1] == idOf[48]);
      CHECK(e.a[2] == 5);
      CHECK(e.a[3] == 48);
    }
    if (e.kind == Kind::HeapPop && e.a[0] == kHeapId) {
      pops++;
      CHECK(e.a[1] == idOf[5]);
      CHECK(e.a[3] == 5);
    }
  }
  CHECK(removes == 1);
  CHECK(pops == 1);
}

TEST_CASE("timer heap: tie rules (equal keys never move up; siftdown leftmost, stops on equal)") {
  struct Out {
    std::vector<uint32_t> pushOrder;      // ids of three equal keys after pushing
    std::vector<uint32_t> downFirstPair;  // ids after a siftdown with a tie in children 1,2
    std::vector<uint32_t> downMidPair;    // ids after a siftdown with a tie in children 3,4
    std::vector<uint32_t> downAcross;     // ids after a siftdown with a tie across pairs
    std::vector<uint32_t> stopOnEqual;    // ids after a siftdown whose key equals the min child
    std::vector<uint32_t> ids[4];         // ids of the timers of each case, in push order
    uint64_t steps = 0;
  } out;
  auto idsOf = [](const eras::TimerHeap& h) {
    std::vector<uint32_t> v;
    for (const rt::timer* t : h.items())
      v.push_back(t->id);
    return v;
  };
  auto res = run(options(), [&]() -> Task<void> {
    std::vector<rt::Ref<rt::timer>> keep;
    auto build = [&](eras::TimerHeap& h, std::vector<int64_t> ws, std::vector<uint32_t>* ids) {
      for (int64_t w : ws) {
        keep.push_back(newTimer(w));
        if (ids) ids->push_back(keep.back()->id);
        h.push(keep.back().get(), "addtimerLocked");
      }
    };
    {
      // Three equal keys: `when >= t[p].when` breaks at once; they stay in push order.
      eras::TimerHeap h(RT(), kHeapId, true);
      std::vector<uint32_t> ids;
      build(h, {10, 10, 10}, &ids);
      out.pushOrder = idsOf(h);
      out.ids[0] = ids;
    }
    {
      // [1 | 5a 5b 9 9] -> root re-armed to 100: pair (5a,5b): 5b < 5a false -> c=1;
      // pair (9,9) -> 3; 9 < 5 false -> c=1 (5a). 5a moves up: [5a 100 5b 9 9].
      eras::TimerHeap h(RT(), kHeapId, true);
      std::vector<uint32_t> ids;
      build(h, {1, 5, 5, 9, 9}, &ids);
      h.root()->when = 100;
      h.siftdownTimer(0);
      out.downFirstPair = idsOf(h);
      out.ids[1] = ids;
    }
    {
      // [1 | 9 9 5a 5b] -> root re-armed to 100: pair (9,9) -> c=1; pair (5a,5b) -> c3=3;
      // 5 < 9 -> c=3 (5a). [5a 9 9 100 5b].
      eras::TimerHeap h(RT(), kHeapId, true);
      std::vector<uint32_t> ids;
      build(h, {1, 9, 9, 5, 5}, &ids);
      h.root()->when = 100;
      h.siftdownTimer(0);
      out.downMidPair = idsOf(h);
      out.ids[2] = ids;
    }
    {
      // [1 | 7 5a 5b 6] -> root re-armed to 100: pair (7,5a) -> c=2; pair (5b,6) -> c3=3;
      // 5 < 5 false -> c=2 (5a, the leftmost of the two 5s). [5a 7 100 5b 6].
      eras::TimerHeap h(RT(), kHeapId, true);
      std::vector<uint32_t> ids;
      build(h, {1, 7, 5, 5, 6}, &ids);
      h.root()->when = 100;
      h.siftdownTimer(0);
      out.downAcross = idsOf(h);
      out.ids[3] = ids;
    }
    uint64_t before = RT().metrics().siftSteps;
    {
      // [1 | 7 5 6 8] -> root re-armed to 5: min child 5; `w >= when` (5 >= 5) breaks: the
      // root stays, no step.
      eras::TimerHeap h(RT(), kHeapId, true);
      build(h, {1, 7, 5, 6, 8}, nullptr);
      std::vector<uint32_t> ids = idsOf(h);
      h.root()->when = 5;
      h.siftdownTimer(0);
      out.stopOnEqual = idsOf(h);
      CHECK(out.stopOnEqual == ids);
    }
    out.steps = RT().metrics().siftSteps - before;
    co_return;
  });
  REQUIRE(res.run.kind == rt::ExitKind::Normal);
  CHECK(out.pushOrder == out.ids[0]);
  const auto& a = out.ids[1];
  CHECK(out.downFirstPair == std::vector<uint32_t>{a[1], a[0], a[2], a[3], a[4]});
  const auto& b = out.ids[2];
  CHECK(out.downMidPair == std::vector<uint32_t>{b[3], b[1], b[2], b[0], b[4]});
  const auto& c = out.ids[3];
  CHECK(out.downAcross == std::vector<uint32_t>{c[2], c[1], c[0], c[3], c[4]});
  CHECK(out.steps == 0);  // re-arming to an equal key moved nothing
}

TEST_CASE("timer heap: siftup stops on an equal parent, in push and in removeAt") {
  //   push 9:  [9]; push 20: [9 20]; push 30: [9 20 30]; push 40: [9 20 30 40]
  //   push 5:   i=4, parent 0 (9): 5 < 9 -> 4->0            [5 20 30 40 9]
  //   push 9':  i=5, parent 1 (20): 9 < 20 -> 5->1; parent 0 (5): stop
  //                                                          [5 9' 30 40 9 20]
  //   push 9'': i=6, parent 1 (9'): 9 >= 9 stop              [5 9' 30 40 9 20 9'']
  //   removeAt(5) (the 20): 9'' into 5; siftupTimer(5): parent 1 (9'): 9 >= 9 stop;
  //   siftdownTimer(5): children start at 21 >= 6: stop      [5 9' 30 40 9 9'']
  // Sift steps: 2 (pushes of 5 and 9').
  std::vector<int64_t> layout;
  std::vector<uint32_t> ids, want;
  uint64_t steps = 0;
  auto res = run(options(), [&]() -> Task<void> {
    eras::TimerHeap h(RT(), kHeapId, true);
    std::vector<rt::Ref<rt::timer>> keep;
    for (int64_t w : {9, 20, 30, 40, 5, 9, 9}) {
      keep.push_back(newTimer(w));
      h.push(keep.back().get(), "addtimerLocked");
    }
    (void)h.removeAt(5, "deltimer");
    layout = whens(h);
    for (const rt::timer* t : h.items())
      ids.push_back(t->id);
    want = {keep[4]->id, keep[5]->id, keep[2]->id, keep[3]->id, keep[0]->id, keep[6]->id};
    steps = RT().metrics().siftSteps;
    co_return;
  });
  REQUIRE(res.run.kind == rt::ExitKind::Normal);
  CHECK(layout == std::vector<int64_t>{5, 9, 30, 40, 9, 9});
  CHECK(ids == want);
  CHECK(steps == 2);
}

TEST_CASE("timer heap: invariant after every operation in long seeded random sequences") {
  // Operations: push (keys from a narrow range, to make many ties, or a wide one), removeAt
  // at any index, popRoot, and re-arm the root (when += period) + siftdownTimer(0), as
  // timerproc does for a ticker. After every operation: the heap property, t[i]->i == i, and
  // the contents equal a reference multiset; popRoot returns a minimal key. StepChecker
  // checks every single sift step against Go's comparison rules as it happens.
  for (uint64_t seed : {1, 2, 3, 4, 5, 6}) {
    CAPTURE(seed);
    StepChecker checker;
    ProgramOptions o = options(1, seed);
    o.sink = &checker;
    std::string firstViolation;
    uint64_t ops = 0, siftMetric = 0, pushes = 0, removes = 0;
    size_t maxSize = 0;
    auto res = run(o, [&]() -> Task<void> {
      eras::TimerHeap h(RT(), kHeapId, true);
      checker.heap = &h;
      sim::Rng rng(seed * 7919);
      std::map<uint32_t, rt::Ref<rt::timer>> model;  // id -> timer in the heap
      auto fail = [&](const std::string& what) {
        if (firstViolation.empty()) firstViolation = fmt::format("op {}: {}", ops, what);
      };
      int64_t range = seed % 2 ? 16 : 1'000'000;
      for (ops = 0; ops < 4000; ops++) {
        uint32_t r = rng.uintn(100);
        if (h.empty() || r < 45) {
          auto t = newTimer(static_cast<int64_t>(rng.uintn(static_cast<uint32_t>(range))));
          h.push(t.get(), "addtimerLocked");
          model[t->id] = t;
        } else if (r < 70) {
          int i = static_cast<int>(rng.uintn(static_cast<uint32_t>(h.size())));
          rt::timer* want = h.at(i);
          rt::Ref<rt::timer> got = h.removeAt(i, "deltimer");
          if (got.get() != want) fail("removeAt returned another timer");
          model.erase(got->id);
        } else if (r < 85) {
          int64_t minKey = h.root()->when;
          for (const rt::timer* t : h.items())
            minKey = std::min(minKey, t->when);
          rt::Ref<rt::timer> got = h.popRoot("timerproc");
          if (got->when != minKey) fail("popRoot returned a non-minimal key");
          model.erase(got->id);
        } else {
          h.root()->when += 1 + static_cast<int64_t>(rng.uintn(static_cast<uint32_t>(range)));
          h.siftdownTimer(0);
        }
        maxSize = std::max(maxSize, h.size());
        if (std::string v = heapViolation(h); !v.empty()) fail(v);
        if (h.size() != model.size()) fail("size differs from the model");
        for (const rt::timer* t : h.items()) {
          if (!model.count(t->id)) fail(fmt::format("timer {} should not be in the heap", t->id));
        }
        if (!firstViolation.empty()) break;
      }
      siftMetric = RT().metrics().siftSteps;
      pushes = RT().metrics().heapPushes;
      removes = RT().metrics().heapRemoves;
      checker.heap = nullptr;
      co_return;
    });
    REQUIRE(res.run.kind == rt::ExitKind::Normal);
    CHECK(firstViolation == "");
    CHECK(checker.firstError == "");
    CHECK(ops == 4000);
    CHECK(maxSize >= 100);  // the sequence grows a heap of several levels
    CHECK(checker.steps > 1000);
    CHECK(siftMetric == checker.steps);  // metrics().siftSteps counts every heap.sift event
    CHECK(pushes > 0);
    CHECK(removes > 0);
  }
}

TEST_CASE("timer: arg's object is kept alive while the timer holds it (setArg, holdArg)") {
  // rt::timer keeps t.arg's object (a channel, AfterFunc's func) alive with one bit beside
  // arg, not a Ref of its own (runtime2.h): the reference it takes and gives back.
  struct Probe : rt::RefCounted {
    bool* gone;
    explicit Probe(bool* g) : gone(g) {}
    ~Probe() override { *gone = true; }
  };
  for (const char* era : {"go1.9", "go1.13", "go1.14", "go1.23"}) {
    CAPTURE(era);
    bool gone = false, otherGone = false, threw = false, aliveWhileHeld = false;
    uint32_t refsHeld = 0;
    auto res = run(options(1, 1, era), [&]() -> Task<void> {
      rt::Ref<rt::timer> t = RT().era().allocTimer();
      {
        rt::Ref<Probe> p(new Probe(&gone));
        t->setArg(p.get(), p.get());
        refsHeld = p->refs();  // ours and the timer's
      }
      t->replaceArg(t->arg);  // the same arg: still held
      aliveWhileHeld = !gone && t->argRef() != nullptr;
      {
        rt::Ref<Probe> other(new Probe(&otherGone));
        try {
          t->setArg(&threw, other.get());  // not one object: refused, nothing changed
        } catch (const std::logic_error&) {
          threw = true;
        }
      }
      t->setArg(nullptr);  // drops the hold: the first Probe goes
      co_return;
    });
    REQUIRE(res.run.kind == rt::ExitKind::Normal);
    CHECK(refsHeld == 2);
    CHECK(aliveWhileHeld);
    CHECK(threw);
    CHECK(otherGone);  // the refused one was not retained
    CHECK(gone);
  }
}

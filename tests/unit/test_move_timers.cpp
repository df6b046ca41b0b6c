// go1.14's moveTimers: when runtime.GOMAXPROCS drops a P, (*p).destroy moves its timers to
// the P that called it, each version option with its own tag's status transitions
// (time.go@go1.14:598-644, @go1.15:591-633, @go1.16:606-654). They differ for a waiting
// timer: 1.14 and 1.15 re-add it without a status change, 1.16+ passes it through
// timerMoving. A port that used one version's transitions for every option fails here.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "eras/go1_14/go1_14.h"
#include "go/program.h"
#include "go/time.h"

using namespace gotimers;
using namespace gotimers::go;

namespace {

// A go1.14 timer's own fields (eras/go1_14/go1_14.h; std::bad_cast if t is not one).
const eras::timer114& T114(const rt::Ref<rt::timer>& t) {
  return dynamic_cast<const eras::timer114&>(*t);
}

using Transition = std::pair<int, int>;

// Status transitions (from, to) of timer id among events [from, to) of the sink.
std::vector<Transition> transitions(const trace::MemorySink& sink, uint32_t id, size_t from,
                                    size_t to) {
  std::vector<Transition> out;
  for (size_t i = from; i < to && i < sink.events.size(); i++) {
    const trace::Event& e = sink.events[i];
    if (e.kind == trace::Kind::TimerStatus && e.a[1] == static_cast<int64_t>(id)) {
      out.emplace_back(static_cast<int>(e.a[2]), static_cast<int>(e.a[3]));
    }
  }
  return out;
}

// What the program saw, read after the run.
struct Seen {
  int pid = -1;     // the P the timers were added on
  size_t from = 0;  // sink events before GOMAXPROCS(1)
  size_t to = 0;    // and after it
  std::vector<uint32_t> waiting;
  uint32_t modified = 0;         // a timer reset to a later time: timerModifiedLater
  uint32_t deleted = 0;          // a stopped timer: timerDeleted
  std::vector<int> statusAfter;  // status of waiting..., modified, deleted after the move
  std::vector<int> ppAfter;
};

}  // namespace

TEST_CASE("go1.14: moveTimers takes each version option's own status transitions") {
  for (const char* era : {"go1.14@go1.14", "go1.14@go1.15", "go1.14@go1.16"}) {
    CAPTURE(era);
    trace::MemorySink sink;
    ProgramOptions o;
    o.era = era;
    o.config.gomaxprocs = 2;
    o.sink = &sink;
    o.checkInvariants = true;  // heaps and counters consistent at exit (timer0When included)
    auto seen = std::make_shared<Seen>();
    auto res = runProgram(o, [&sink, seen]() -> Task<void> {
      std::vector<time::TimerPtr> timers;
      WaitGroup wg;
      co_await wg.Add(1);
      // Declared once, outside any loop: the goroutine reads its captures through it.
      auto body = [&]() -> Task<void> {
        co_await Work(1 * time::Millisecond);  // main keeps P0 busy: P1's M takes this G
        seen->pid = RT().curp()->id;
        for (int i = 1; i <= 8; i++)
          timers.push_back(co_await time::NewTimer(i * time::Hour));
        // One modified later (1.14: deltimer + resettimer; 1.15+: modtimer) and one deleted:
        // 1 deleted of 8 stays below clearDeletedTimers' len/4, so both wait in P1's heap.
        (void)co_await timers[5]->Reset(10 * time::Hour);
        (void)co_await timers[6]->Stop();
        co_await wg.Done();
      };
      co_await Go(body());
      co_await Work(2 * time::Millisecond);
      co_await wg.Wait();
      for (size_t i = 0; i < timers.size(); i++) {
        if (i == 5 || i == 6) continue;
        seen->waiting.push_back(timers[i]->r->id);
        CHECK(T114(timers[i]->r).status == eras::timerWaiting);
      }
      seen->modified = timers[5]->r->id;
      seen->deleted = timers[6]->r->id;
      CHECK(T114(timers[5]->r).status == eras::timerModifiedLater);
      CHECK(T114(timers[6]->r).status == eras::timerDeleted);
      seen->from = sink.events.size();
      CHECK(co_await GOMAXPROCS(1) == 2);
      seen->to = sink.events.size();
      for (auto& t : timers) {
        seen->statusAfter.push_back(T114(t->r).status);
        seen->ppAfter.push_back(T114(t->r).pp);
      }
      CHECK(eras::go114PTimers(RT().era(), 0).len == 7);
      for (auto& t : timers)
        (void)co_await t->Stop();
    });
    INFO(res.run.report);
    REQUIRE(res.run.kind == rt::ExitKind::Normal);
    REQUIRE(seen->pid == 1);  // the timers were on the P that GOMAXPROCS(1) destroys
    const bool v16 = std::string(era) == "go1.14@go1.16";
    std::vector<Transition> waitingWant;
    if (v16) {
      // time.go@go1.16:611-620: Waiting -> Moving, doaddtimer, Moving -> Waiting.
      waitingWant = {{eras::timerWaiting, eras::timerMoving},
                     {eras::timerMoving, eras::timerWaiting}};
    }  // time.go@go1.14:603-608, @go1.15:596-599: t.pp = 0; doaddtimer: no transition
    REQUIRE(seen->waiting.size() == 6);
    for (uint32_t id : seen->waiting) {
      CAPTURE(id);
      CHECK(transitions(sink, id, seen->from, seen->to) == waitingWant);
    }
    // Every option: ModifiedLater -> Moving (when = nextwhen) -> Waiting, Deleted -> Removed.
    CHECK(transitions(sink, seen->modified, seen->from, seen->to) ==
          std::vector<Transition>{{eras::timerModifiedLater, eras::timerMoving},
                                  {eras::timerMoving, eras::timerWaiting}});
    CHECK(transitions(sink, seen->deleted, seen->from, seen->to) ==
          std::vector<Transition>{{eras::timerDeleted, eras::timerRemoved}});
    // After the move: every live timer waits in P0's heap; the deleted one is in none.
    REQUIRE(seen->statusAfter.size() == 8);
    for (size_t i = 0; i < 8; i++) {
      CAPTURE(i);
      CHECK(seen->statusAfter[i] == (i == 6 ? eras::timerRemoved : eras::timerWaiting));
      CHECK(seen->ppAfter[i] == (i == 6 ? -1 : 0));
    }
  }
}

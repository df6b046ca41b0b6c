// runtime.GOMAXPROCS: procresize with the world stopped, on every era.
#include <doctest/doctest.h>

#include <set>

#include "eras/registry.h"
#include "go/program.h"
#include "go/time.h"

using namespace gotimers;
using namespace gotimers::go;

namespace {
int curP() {
  return rt::Runtime::current().curp()->id;
}
}  // namespace

TEST_CASE("GOMAXPROCS grows: new Ps run goroutines") {
  for (const auto& era : eras::allEras()) {
    INFO(era.name);
    ProgramOptions o;
    o.era = era.name;
    std::set<int> ps;
    auto res = runProgram(o, [&]() -> Task<void> {
      int prev = co_await GOMAXPROCS(4);
      CHECK(prev == 1);
      int now = co_await GOMAXPROCS(0);
      CHECK(now == 4);
      WaitGroup wg;
      co_await wg.Add(4);
      // A coroutine lambda's frame reads its captures through the closure object, so the
      // closure must outlive the goroutines: declared once, outside the loop.
      auto body = [&ps, &wg]() -> Task<void> {
        co_await Work(2 * time::Millisecond);
        ps.insert(curP());
        co_await wg.Done();
      };
      for (int i = 0; i < 4; i++)
        co_await Go(body());
      co_await wg.Wait();
    });
    CHECK(res.run.kind == rt::ExitKind::Normal);
    CHECK(ps.size() >= 3);  // the busy goroutines spread over the new Ps
    CHECK(*ps.rbegin() == 3);
  }
}

TEST_CASE("GOMAXPROCS shrinks: goroutines of dying Ps and timers added on them still run") {
  for (const auto& era : eras::allEras()) {
    INFO(era.name);
    ProgramOptions o;
    o.era = era.name;
    o.config.gomaxprocs = 4;
    o.checkInvariants = true;  // heaps and counters consistent at exit
    std::set<int> before, after;
    int fired = 0;
    auto res = runProgram(o, [&]() -> Task<void> {
      WaitGroup wg;
      co_await wg.Add(4);
      // declared outside the loop: the goroutines read the captures through it
      auto body = [&]() -> Task<void> {
        co_await Work(1 * time::Millisecond);
        before.insert(curP());
        // a timer added on this P (its bucket / its heap)
        auto t = co_await time::NewTimer(5 * time::Millisecond);
        co_await Work(4 * time::Millisecond);
        (void)co_await t->C.Recv();
        fired++;
        after.insert(curP());
        co_await wg.Done();
      };
      for (int i = 0; i < 4; i++)
        co_await Go(body());
      co_await time::Sleep(2 * time::Millisecond);
      int prev = co_await GOMAXPROCS(1);
      CHECK(prev == 4);
      co_await wg.Wait();
    });
    CHECK(res.run.kind == rt::ExitKind::Normal);
    INFO(res.run.report);
    CHECK(before.size() >= 2);
    CHECK(fired == 4);
    CHECK(after == std::set<int>{0});
  }
}

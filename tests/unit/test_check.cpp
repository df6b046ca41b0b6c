// --check (RunConfig::check): a corrupted heap, a lock held across events or released by
// another M, and virtual time going back each stop the run with the event number and a dump
// of the heaps; a checked run is otherwise identical to an unchecked one.
#include <doctest/doctest.h>

#include <string>

#include "harness.h"
#include "runtime/timer_backend.h"

namespace rt = gotimers::rt;
using namespace gotimers::go;
using gotimers::testing::contains;
using gotimers::testing::options;
using gotimers::testing::run;

namespace {
rt::timer* heapTimer(size_t i) {
  return const_cast<rt::timer*>(RT().era().heaps().at(0).t.at(i));
}
}  // namespace

TEST_CASE("--check: a heap corrupted behind the heap's back is found after the event") {
  for (const char* era : {"go1.9", "go1.14"}) {
    CAPTURE(std::string(era));
    auto o = options(1, 1, era);
    o.config.check = true;
    auto res = run(o, []() -> Task<void> {
      auto a = co_await time::NewTimer(1 * time::Second);
      auto b = co_await time::NewTimer(2 * time::Second);
      auto c = co_await time::NewTimer(3 * time::Second);
      heapTimer(2)->when = 1;  // now earlier than its parent, the root
      // No heap operation touches it: the era check after the event finds it.
      co_await Work(2 * time::Second);
    });
    CHECK(res.run.kind == rt::ExitKind::CheckFailed);
    CHECK(res.run.exitCode == 2);
    const std::string& r = res.run.report;
    INFO(r);
    if (std::string(era) == "go1.14") {
      // sysmon's events split the run: found after the event in which it happened
      CHECK(r.starts_with("gotimers --check: invariant violated at virtual time "));
      CHECK(contains(r, " (event "));
      CHECK(contains(r, "): P0: heap property violated at index 2 (when 1 < parent "));
    } else {
      // go1.9 with one P runs this program in one event: found when the run is over
      CHECK(
          r.starts_with("gotimers --check: invariant violated at the end of the run: timers: "
                        "heap property violated at index 2 (when 1 < parent "));
    }
    CHECK(contains(r, "  [2] timer 3 when=1 period=0"));  // the dump
  }
}

TEST_CASE("--check: a heap operation on a corrupted heap is stopped at that operation") {
  auto o = options(1, 1, "go1.9");
  o.config.check = true;
  auto res = run(o, []() -> Task<void> {
    auto a = co_await time::NewTimer(1 * time::Second);
    auto b = co_await time::NewTimer(2 * time::Second);
    auto c = co_await time::NewTimer(3 * time::Second);
    heapTimer(0)->when = 10 * time::Hour;                // the root is now later than its children
    auto d = co_await time::NewTimer(5 * time::Second);  // sifts up to the root
  });
  CHECK(res.run.kind == rt::ExitKind::CheckFailed);
  const std::string& r = res.run.report;
  INFO(r);
  CHECK(contains(r, ": timer heap 0 after push of timer 4: index "));
  CHECK(contains(r, " is before its parent index 0 (timer 4, when 5000"));
  CHECK(contains(r, "heap timers (4 timers):\n  [0] timer 4 when=5000"));
}

TEST_CASE("--check: lock ownership") {
  rt::mutex l;
  auto o = options(1, 1, "go1.9");
  o.config.check = true;
  auto held = run(o, [&l]() -> Task<void> {
    RT().registerLock(l, "test.lock");
    RT().lock(l);
    co_await time::Sleep(time::Millisecond);  // parks holding it
  });
  CHECK(held.run.kind == rt::ExitKind::CheckFailed);
  CHECK(contains(held.run.report, ": test.lock is still held by M0 between events (acquired at "));

  rt::mutex l2;
  auto other = run(o, [&l2]() -> Task<void> {
    RT().registerLock(l2, "test.lock");
    RT().lock(l2);
    l2.tl->cur.m = 7;  // as if M7 held it
    RT().unlock(l2);
    co_return;
  });
  CHECK(other.run.kind == rt::ExitKind::CheckFailed);
  CHECK(contains(other.run.report, ": test.lock released by M0 but held by M7\n"));
}

TEST_CASE("--check: the kernel notices an event before one already processed") {
  struct Noop : gotimers::sim::Actor {
    void step(gotimers::Time) override {}
  } a;
  gotimers::sim::Kernel k;
  k.schedule(10, &a);
  k.schedule(20, &a);
  CHECK_FALSE(k.goesBack());
  k.runOne();  // now 10
  CHECK_FALSE(k.goesBack());
  k.schedule(5, &a);
  CHECK(k.goesBack());
}

TEST_CASE("--check changes nothing in a correct run") {
  for (const char* era : {"go1.9", "go1.13", "go1.14"}) {
    CAPTURE(std::string(era));
    auto body = []() -> Task<void> {
      WaitGroup wg;
      for (int i = 0; i < 20; i++) {
        co_await wg.Add(1);
        co_await Go(gotimers::testing::closure([&wg, i]() -> Task<void> {
          auto t = co_await time::NewTimer((i % 7 + 1) * time::Millisecond);
          if (i % 3 == 0)
            co_await t->Stop();
          else
            co_await t->C.Recv();
          co_await wg.Done();
        }));
      }
      co_await wg.Wait();
    };
    auto on = options(4, 3, era);
    on.config.check = true;
    on.fingerprint = true;
    auto off = on;
    off.config.check = false;
    auto a = run(on, body);
    auto b = run(off, body);
    CHECK(a.run.kind == rt::ExitKind::Normal);
    CHECK(a.fingerprint == b.fingerprint);
    CHECK(a.output == b.output);
  }
}

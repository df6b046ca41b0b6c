// Go's locking rules as --check assertions (Runtime::assertLockHeld, assertLockNotHeld,
// assertWorldStopped): a ported function called against its rule stops a checked run with
// an invariant violation naming the lock; unchecked, the rule costs nothing and fires never.
// The rest of the suite runs checked (tests/unit/main.cpp), so every rule holds wherever
// the simulator itself calls these functions.
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "eras/go1_14/go1_14.h"
#include "eras/go1_23/go1_23.h"
#include "eras/timerproc/timers_bucket.h"
#include "go/program.h"
#include "go/time.h"

using namespace gotimers;
using namespace gotimers::go;

namespace {

ProgramOptions opts(const std::string& era, int procs = 1, bool check = true) {
  ProgramOptions o;
  o.era = era;
  o.config.gomaxprocs = procs;
  o.config.check = check;
  return o;
}

bool has(const std::string& s, const std::string& sub) {
  return s.find(sub) != std::string::npos;
}

// Runs addtimerLocked ("Timers are locked": time.go@go1.9:99) on a bucket of its own,
// holding the bucket's lock or not. The bucket outlives the run: its lock is registered
// with the runtime, which checks every registered lock between events.
ProgramResult addtimerLocked(bool holdLock, bool check) {
  std::unique_ptr<eras::TimersBucket> bucket;
  rt::Ref<rt::timer> t;
  auto res = runProgram(opts("go1.9", 1, check), [&]() -> Task<void> {
    bucket = std::make_unique<eras::TimersBucket>(RT(), 7, "test", eras::BucketRules{});
    t = RT().era().allocTimer();  // go1.9's timer: an eras::indexedTimer
    t->when = RT().nanotime() + time::Hour;
    if (holdLock) RT().lock(bucket->lock);
    bucket->addtimerLocked(eras::asIndexed(t.get()));
    if (holdLock) RT().unlock(bucket->lock);
    co_return;
  });
  return res;
}

}  // namespace

TEST_CASE("lock rules: a must-hold function called without its lock fails --check") {
  auto bad = addtimerLocked(/*holdLock=*/false, /*check=*/true);
  CHECK(bad.run.kind == rt::ExitKind::CheckFailed);
  CHECK(has(bad.run.report, "not holding required lock! M0 requires test.lock (unlocked)"));
  // With the lock held the same call is fine, and without --check nothing is asserted.
  CHECK(addtimerLocked(/*holdLock=*/true, /*check=*/true).run.kind == rt::ExitKind::Normal);
  CHECK(addtimerLocked(/*holdLock=*/false, /*check=*/false).run.kind == rt::ExitKind::Normal);
}

TEST_CASE("lock rules: (*p).destroy needs sched.lock and a stopped world") {
  for (const char* era : {"go1.14@go1.14", "go1.14", "go1.23"}) {
    CAPTURE(era);
    // The era's procresize hook called from a goroutine, outside a stop-the-world: first
    // without sched.lock, then with it but with the world running.
    auto noLock = runProgram(opts(era), []() -> Task<void> {
      RT().era().procresize(1, 1, RT().curp());
      co_return;
    });
    CHECK(noLock.run.kind == rt::ExitKind::CheckFailed);
    CHECK(has(noLock.run.report, "not holding required lock! M0 requires sched.lock"));
    auto running = runProgram(opts(era), []() -> Task<void> {
      RT().lock(RT().sched().lock);
      RT().era().procresize(1, 1, RT().curp());
      RT().unlock(RT().sched().lock);
      co_return;
    });
    CHECK(running.run.kind == rt::ExitKind::CheckFailed);
    CHECK(has(running.run.report, "world not stopped"));
    // runtime.GOMAXPROCS calls it as Go does: sched.lock held, the world stopped.
    auto resize = runProgram(opts(era, 2), []() -> Task<void> {
      CHECK_FALSE(RT().worldStopped());
      CHECK(co_await GOMAXPROCS(3) == 2);
      CHECK(co_await GOMAXPROCS(1) == 3);
      CHECK_FALSE(RT().worldStopped());
    });
    CHECK(resize.run.kind == rt::ExitKind::Normal);
  }
}

TEST_CASE("lock rules: go1.23's channel hooks hold c.lock and not t.mu") {
  // blockTimerChan: "The caller holds the channel lock for c" (time.go@go1.23rc1:1265).
  auto unlocked = runProgram(opts("go1.23"), []() -> Task<void> {
    auto t = co_await time::NewTimer(time::Hour);
    RT().era().blockTimerChan(t->C.raw());
    co_return;
  });
  CHECK(unlocked.run.kind == rt::ExitKind::CheckFailed);
  CHECK(has(unlocked.run.report, "not holding required lock! M0 requires chan (unlocked)"));
  // maybeRunChan: "The timer must not be locked" (time.go@go1.23rc1:1242).
  auto locked = runProgram(opts("go1.23"), []() -> Task<void> {
    auto t = co_await time::NewTimer(time::Hour);
    auto* t123 = static_cast<eras::timer123*>(t->r.get());
    RT().lock(t123->mu);
    RT().era().maybeRunChan(t123);
    RT().unlock(t123->mu);
    co_return;
  });
  CHECK(locked.run.kind == rt::ExitKind::CheckFailed);
  CHECK(has(locked.run.report, "M0 must not hold timer.mu here"));
}

TEST_CASE("lock rules: nothing else runs while GOMAXPROCS has the world stopped") {
  // Four Ps with a timer each, then GOMAXPROCS(1): go1.14's (*p).destroy takes the
  // timersLocks of two Ps. An M that reaches lock() with its clock past the next event parks
  // until it is the earliest again (syncBeforeLock); with the world stopped it must not
  // (proc.go holds sched.lock across procresize), or other Ms would run on half-resized Ps.
  for (const char* era : {"go1.14@go1.14", "go1.14@go1.15", "go1.14", "go1.23"}) {
    CAPTURE(era);
    trace::MemorySink sink;
    ProgramOptions o = opts(era, 4);
    o.sink = &sink;
    size_t from = 0, to = 0;
    int32_t caller = -1;
    auto res = runProgram(o, [&]() -> Task<void> {
      WaitGroup wg;
      co_await wg.Add(4);
      // Declared once, outside the loop: the goroutines read their captures through it.
      auto body = [&wg]() -> Task<void> {
        co_await Work(1 * time::Millisecond);
        auto t = co_await time::NewTimer(20 * time::Millisecond);
        (void)co_await t->C.Recv();
        co_await wg.Done();
      };
      for (int i = 0; i < 4; i++)
        co_await Go(body());
      co_await time::Sleep(5 * time::Millisecond);
      from = sink.events.size();
      caller = RT().curm()->id;
      CHECK(co_await GOMAXPROCS(1) == 4);
      to = sink.events.size();
      co_await wg.Wait();
    });
    INFO(res.run.report);
    REQUIRE(res.run.kind == rt::ExitKind::Normal);
    // From the stop to the caller's last event of the call (after it, GOMAXPROCS may let the
    // other Ms catch up before returning), every event is the caller's.
    size_t last = from;
    for (size_t i = from; i < to; i++) {
      if (sink.events[i].m == caller) last = i;
    }
    REQUIRE(last > from);
    for (size_t i = from; i <= last; i++) {
      CAPTURE(i);
      CHECK(sink.events[i].m == caller);
    }
  }
}

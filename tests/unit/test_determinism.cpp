// Determinism: a run is a pure function of (program, era, config, seed). The same program
// run twice emits the same event stream (fingerprint) and output; select's random choice
// comes from the seed, so a program whose output depends on a select race changes with it.
#include <fmt/format.h>

#include "eras/registry.h"
#include "harness.h"

using namespace gotimers;
using namespace gotimers::go;
using gotimers::testing::closure;
using gotimers::testing::options;
using gotimers::testing::run;

namespace {

// GOMAXPROCS 4, 16 workers: each arms a short timer, sleeps past its deadline, then selects
// between that timer's channel, a shared channel a producer keeps non-empty and a ticker,
// so several cases are often ready at once (the seeded select order matters); timers are
// stopped and reset; the work is spread over the Ps.
Task<void> busyProgram() {
  auto shared = Make<int64_t>(64);
  WaitGroup wg;
  auto ticker = co_await time::NewTicker(30 * time::Microsecond);
  co_await Go(closure([shared]() -> Task<void> {
    for (int64_t i = 0;; i++) {
      co_await shared.Send(i);
      co_await time::Sleep(3 * time::Microsecond);
    }
  }));
  for (int w = 0; w < 16; w++) {
    co_await wg.Add(1);
    co_await Go(closure([&wg, shared, ticker, w]() -> Task<void> {
      std::string log;
      for (int i = 0; i < 25; i++) {
        auto t = co_await time::NewTimer((1 + (w * 5 + i * 3) % 7) * time::Microsecond);
        co_await time::Sleep(8 * time::Microsecond);  // past t's deadline
        co_await Work(300);
        int64_t v = -1;
        go::Time at{};
        int k = co_await Select({Recv(t->C, &at), Recv(shared, &v), Recv(ticker->C, &at)});
        if (k != 0 && !(co_await t->Stop())) (void)co_await t->C.Recv();
        if (i % 5 == 4) (void)co_await t->Reset(time::Microsecond);
        log += fmt::format("{}", k);
      }
      co_await Println(fmt::format("w{} {} at {}", w, log, time::Now().ns));
      co_await wg.Done();
    }));
  }
  co_await wg.Wait();
  co_await ticker->Stop();
}

// A select race: two channels always ready; the printed choices come only from the seed.
Task<void> raceProgram() {
  auto a = Make<int64_t>(1);
  auto b = Make<int64_t>(1);
  std::string choices;
  for (int i = 0; i < 64; i++) {
    if (a.Len() == 0) co_await a.Send(0);
    if (b.Len() == 0) co_await b.Send(1);
    int k = co_await Select({Recv(a), Recv(b)});
    choices += static_cast<char>('0' + k);
  }
  co_await Println(choices);
}

ProgramResult runFp(const std::string& era, uint64_t seed, Task<void> (*body)()) {
  ProgramOptions o = options(4, seed, era);
  o.fingerprint = true;
  return run(o, body);
}

}  // namespace

TEST_CASE("determinism: the same program and seed give the same fingerprint and output") {
  for (const auto& era : eras::allEras()) {
    CAPTURE(era.name);
    ProgramResult a = runFp(era.name, 7, busyProgram);
    ProgramResult b = runFp(era.name, 7, busyProgram);
    INFO(a.run.report);
    CHECK(a.run.kind == rt::ExitKind::Normal);
    CHECK(b.run.kind == rt::ExitKind::Normal);
    CHECK(gotimers::testing::count(a.output, "\n") == 16);
    CHECK(a.metrics.timersFired > 100);
    CHECK(a.metrics.threadsCreated >= 3);  // the work really ran on several Ms
    CHECK(a.fingerprint == b.fingerprint);
    CHECK(a.output == b.output);
    CHECK(a.events == b.events);
    CHECK(a.run.endTime == b.run.endTime);
    CHECK(a.metrics.siftSteps == b.metrics.siftSteps);
    CHECK(a.metrics.lateness == b.metrics.lateness);
    // the select races are real: another seed changes the choices
    ProgramResult other = runFp(era.name, 8, busyProgram);
    CHECK(other.output != a.output);
  }
}

TEST_CASE("determinism: a different seed changes a select race's outcome and fingerprint") {
  ProgramResult s1 = runFp("go1.9", 1, raceProgram);
  ProgramResult s1again = runFp("go1.9", 1, raceProgram);
  ProgramResult s2 = runFp("go1.9", 2, raceProgram);
  REQUIRE(s1.run.kind == rt::ExitKind::Normal);
  REQUIRE(s2.run.kind == rt::ExitKind::Normal);
  CHECK(s1.output == s1again.output);
  CHECK(s1.fingerprint == s1again.fingerprint);
  // 64 fair binary choices: the two seeds agree on all of them with probability 2^-64. The
  // printed line is part of the event stream, so the fingerprints differ too.
  CHECK(s1.output != s2.output);
  CHECK(s1.fingerprint != s2.fingerprint);
  // Both cases won a fair share.
  size_t ones = gotimers::testing::count(s1.output, "1");
  CHECK(ones > 16);
  CHECK(ones < 48);
}

// A lock borrows its timeline while some M may still meet one of its holds, and gives it back
// at a sweep (lock_futex.h, LockTimelines). Lending is storage only: sweeping at every lock()
// or never gives the same run.
TEST_CASE("determinism: lending lock timelines changes nothing (sweep at every lock, or never)") {
  auto withSweepAt = [](const std::string& era, size_t at) {
    ProgramOptions o = options(4, 7, era);
    o.fingerprint = true;
    return run(o, [at]() -> Task<void> {
      RT().lockTimelines().fixSweepAt(at);
      co_await busyProgram();
    });
  };
  for (const auto& era : eras::allEras()) {
    CAPTURE(era.name);
    ProgramResult every = withSweepAt(era.name, 0);
    ProgramResult never = withSweepAt(era.name, SIZE_MAX);
    REQUIRE(every.run.kind == rt::ExitKind::Normal);
    CHECK(every.fingerprint == never.fingerprint);
    CHECK(every.output == never.output);
    CHECK(every.run.endTime == never.run.endTime);
    REQUIRE(every.locks.size() == never.locks.size());
    for (size_t i = 0; i < every.locks.size(); i++) {
      CAPTURE(every.locks[i].name);
      CHECK(every.locks[i].stats.acquisitions == never.locks[i].stats.acquisitions);
      CHECK(every.locks[i].stats.contended == never.locks[i].stats.contended);
      CHECK(every.locks[i].stats.waitTotal() == never.locks[i].stats.waitTotal());
      CHECK(every.locks[i].stats.holdTotal == never.locks[i].stats.holdTotal);
    }
  }
}

// go1.23 takes every timer's t.mu when it starts the timer: 2000 live timers have used 2000
// locks, but only the locks still in use keep a timeline.
TEST_CASE("lock timelines: quiet locks give theirs back") {
  for (size_t at : {size_t{64}, SIZE_MAX}) {
    CAPTURE(at);
    size_t lent = 0;
    auto res = run(options(1, 1, "go1.23"), [&lent, at]() -> Task<void> {
      if (at != 64) RT().lockTimelines().fixSweepAt(at);
      std::vector<time::TimerPtr> ts;
      for (int i = 0; i < 2000; i++)
        ts.push_back(co_await time::AfterFunc(time::Hour, nullptr));
      lent = RT().lockTimelines().lent();
      for (auto& t : ts)
        (void)co_await t->Stop();
    });
    REQUIRE(res.run.kind == rt::ExitKind::Normal);
    if (at == SIZE_MAX) {
      CHECK(lent >= 2000);  // never swept: every t.mu keeps its last hold
    } else {
      CHECK(lent <= 130);  // at most twice what a sweep kept, and 64
    }
  }
}

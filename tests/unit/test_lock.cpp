// The lock model of lock_futex.cpp (runtime/lock_futex.go@go1.9 replayed against a timeline
// of holds).
//
// Go's lock(): Xchg(mutex_locked); on a multiprocessor, active_spin=4 rounds of "check, then
// procyield(active_spin_cnt=30)"; then passive_spin=1 round of "check, then osyield"; then
// Xchg(mutex_sleeping) + futexsleep until an unlock that sees mutex_sleeping futexwakeups
// it, and the loop again. On a uniprocessor (ncpu == 1) `spin` is 0. With one hold on the
// timeline, released W ns after the arrival (R = procyield_round, Y = osyield,
// S = futex_sleep):
//   W <= 0                    CAS          lock_cas
//   0 < W <= 4R               ActiveSpin   the check after ceil(W/R) procyields, lock_cas
//   4R < W <= 4R+Y            PassiveSpin  the Xchg(mutex_sleeping) after the osyield
//   4R+Y < W <= 4R+Y+S        FutexSleep   the release came while entering futexsleep: it
//                                          returns at once (EAGAIN) after S
//   beyond                    FutexSleep   woken by that release: W + wake_latency +
//                                          context_switch
// The first tests drive Runtime::lock directly with a controlled timeline; the last ones
// create real contention on "timers.lock" from goroutines on 4 Ps.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <numeric>

#include "harness.h"

using namespace gotimers;
using namespace gotimers::go;
using gotimers::testing::closure;
using gotimers::testing::options;
using gotimers::testing::run;

namespace {

struct Acq {
  int64_t waited;       // clock advance of the acquiring M across lock()
  rt::LockPhase phase;  // from the lock.acquire event
  int64_t eventWait;    // the wait the event reports
};

// Acquires l as if M lastM held it until W ns from now, then releases it.
Acq acquireAfter(rt::mutex& l, int64_t W, int lastM, trace::MemorySink& sink) {
  rt::Runtime& r = RT();
  int64_t t0 = r.nanotime();
  rt::LockHold h;
  h.m = lastM;
  h.claim = h.acq = h.awake = std::min(t0, t0 + W) - 1;
  h.rel = t0 + W;
  r.lockTimelines().attach(l);
  l.commit(h);
  size_t n = sink.events.size();
  r.lock(l);
  int64_t waited = r.nanotime() - t0;
  r.unlock(l);
  Acq a{waited, rt::LockPhase::CAS, -1};
  for (size_t i = n; i < sink.events.size(); i++) {
    if (sink.events[i].kind == trace::Kind::LockAcquire) {
      a.phase = static_cast<rt::LockPhase>(sink.events[i].a[1]);
      a.eventWait = sink.events[i].a[2];
    }
  }
  return a;
}

}  // namespace

TEST_CASE("lock: every phase at its boundaries, with Go's spin budget (ncpu > 1)") {
  trace::MemorySink sink;
  ProgramOptions o = options();
  o.sink = &sink;
  REQUIRE(o.config.cost.cpu_threads > 1);
  const rt::CostModel c = o.config.cost;
  const int64_t active = 4 * c.procyield_round;
  const int64_t passive = active + c.osyield;
  const int64_t woken = c.wake_latency + c.context_switch;
  struct Row {
    int64_t W;
    rt::LockPhase phase;
    int64_t waited;
  };
  using P = rt::LockPhase;
  std::vector<Row> rows = {
      {-500, P::CAS, c.lock_cas},
      {0, P::CAS, c.lock_cas},
      {1, P::ActiveSpin, c.procyield_round + c.lock_cas},
      {c.procyield_round, P::ActiveSpin, c.procyield_round + c.lock_cas},
      {c.procyield_round + 1, P::ActiveSpin, 2 * c.procyield_round + c.lock_cas},
      {active, P::ActiveSpin, active + c.lock_cas},
      {active + 1, P::PassiveSpin, passive + c.lock_cas},
      {passive, P::PassiveSpin, passive + c.lock_cas},
      {passive + 1, P::FutexSleep, passive + c.futex_sleep + c.lock_cas},
      {passive + c.futex_sleep, P::FutexSleep, passive + c.futex_sleep + c.lock_cas},
      {passive + c.futex_sleep + 1, P::FutexSleep,
       passive + c.futex_sleep + 1 + woken + c.lock_cas},
      {50'000, P::FutexSleep, 50'000 + woken + c.lock_cas},
  };
  std::vector<Acq> got;
  rt::LockStats stats;
  rt::mutex l;  // registered: outlives the run
  auto res = run(o, [&]() -> Task<void> {
    RT().registerLock(l, "test.lock");
    for (const Row& row : rows)
      got.push_back(acquireAfter(l, row.W, /*lastM=*/-1, sink));
    stats = RT().lockStats(l);
    co_return;
  });
  REQUIRE(res.run.kind == rt::ExitKind::Normal);
  REQUIRE(got.size() == rows.size());
  for (size_t i = 0; i < rows.size(); i++) {
    CAPTURE(rows[i].W);
    CHECK(got[i].phase == rows[i].phase);
    CHECK(got[i].waited == rows[i].waited);
    CHECK(got[i].eventWait == rows[i].waited);
  }
  CHECK(stats.acquisitions == rows.size());
  CHECK(stats.byPhase[static_cast<int>(P::CAS)] == 2);
  CHECK(stats.byPhase[static_cast<int>(P::ActiveSpin)] == 4);
  CHECK(stats.byPhase[static_cast<int>(P::PassiveSpin)] == 2);
  CHECK(stats.byPhase[static_cast<int>(P::FutexSleep)] == 4);
  CHECK(stats.contended == 10);
  CHECK(stats.futexSleeps == 4);
  // Every acquisition that went as far as Xchg(mutex_sleeping) holds the lock with
  // mutex_sleeping, so its own unlock calls futexwakeup (6); each futexsleep was ended by
  // the test hold's release, which futexwakeups too (4).
  CHECK(stats.futexWakes == 6 + 4);
  CHECK(stats.overlaps == 0);
  REQUIRE(stats.waits.count() == 10);
  std::vector<int64_t> wantWaits;
  for (size_t i = 2; i < rows.size(); i++)
    wantWaits.push_back(rows[i].waited);
  CHECK(stats.waits.exactSamples() == wantWaits);
  CHECK(stats.releases == rows.size());
  CHECK(stats.holdMax > 0);
  CHECK(stats.holdMax <= stats.holdTotal);
  CHECK(stats.waitTotal() == std::accumulate(wantWaits.begin(), wantWaits.end(), int64_t{0}));
  CHECK(stats.waitMax() == 50'000 + woken + c.lock_cas);
}

TEST_CASE("lock: the lock word's cache line, and the futexwakeup the releasing M owes") {
  ProgramOptions o = options();
  const rt::CostModel c = o.config.cost;
  trace::MemorySink sink;
  o.sink = &sink;
  std::vector<int64_t> waited;
  rt::mutex l;  // registered: outlives the run
  auto res = run(o, [&]() -> Task<void> {
    RT().registerLock(l, "test.lock");
    // lastM is this M (M0): no transfer; another M (7, not running): a cache-line transfer.
    waited.push_back(acquireAfter(l, 0, 0, sink).waited);
    waited.push_back(acquireAfter(l, 0, 7, sink).waited);
    // A futex sleep makes the releasing holder pay futexwakeup as a debt on its next charge
    // (it had not seen mutex_sleeping). Here that holder is this very M, so the debt lands
    // in this lock's own charge.
    waited.push_back(acquireAfter(l, 5000, 0, sink).waited);
    // The acquisition after the sleep held the lock with mutex_sleeping, so its unlock paid
    // a futexwakeup of its own, after the release; nothing is owed by the next lock.
    waited.push_back(acquireAfter(l, 0, 0, sink).waited);
    co_return;
  });
  REQUIRE(res.run.kind == rt::ExitKind::Normal);
  const int64_t woken = c.wake_latency + c.context_switch;
  CAPTURE(fmt::format("{}", fmt::join(waited, " ")));
  CHECK(waited == std::vector<int64_t>{c.lock_cas, c.lock_cas + c.cacheline_transfer,
                                       5000 + woken + c.lock_cas + c.futex_wake, c.lock_cas});
}

TEST_CASE("lock: ncpu == 1 skips the active spin (spin = 0) but keeps the osyield round") {
  ProgramOptions o = options();
  o.config.cost.cpu_threads = 1;
  trace::MemorySink sink;
  o.sink = &sink;
  const rt::CostModel c = o.config.cost;
  std::vector<Acq> got;
  rt::LockStats stats;
  rt::mutex l;  // registered: outlives the run
  auto res = run(o, [&]() -> Task<void> {
    RT().registerLock(l, "test.lock");
    for (int64_t W : {int64_t{1}, c.procyield_round, c.osyield, c.osyield + 1, int64_t{10'000}})
      got.push_back(acquireAfter(l, W, -1, sink));
    stats = RT().lockStats(l);
    co_return;
  });
  REQUIRE(res.run.kind == rt::ExitKind::Normal);
  REQUIRE(got.size() == 5);
  using P = rt::LockPhase;
  // A wait an active spin would have covered on a multiprocessor goes to osyield instead.
  CHECK(got[0].phase == P::PassiveSpin);
  CHECK(got[0].waited == c.osyield + c.lock_cas);
  CHECK(got[1].phase == P::PassiveSpin);
  CHECK(got[2].phase == P::PassiveSpin);
  CHECK(got[3].phase == P::FutexSleep);
  CHECK(got[3].waited == c.osyield + c.futex_sleep + c.lock_cas);
  CHECK(got[4].phase == P::FutexSleep);
  CHECK(got[4].waited == 10'000 + c.wake_latency + c.context_switch + c.lock_cas);
  CHECK(stats.byPhase[static_cast<int>(P::ActiveSpin)] == 0);
  CHECK(stats.byPhase[static_cast<int>(P::PassiveSpin)] == 3);
  CHECK(stats.byPhase[static_cast<int>(P::FutexSleep)] == 2);
  CHECK(stats.futexSleeps == 2);
}

TEST_CASE("lock: a later M uses the gap a futex sleeper leaves, not the one a spinner claims") {
  // M5 held both locks over [0, 10000). On `spun`, M7 was awake and spinning from 9000, so
  // the release at 10000 is claimed by it (it took the lock at its next check, 10050). On
  // `slept`, M6 was asleep and is woken into [16000, 17000), so [10000, 16000) is free.
  ProgramOptions o = options();
  const rt::CostModel c = o.config.cost;
  std::vector<int64_t> waited;
  std::vector<uint64_t> spins;
  rt::mutex spun, slept;  // registered: outlive the run
  auto res = run(o, [&]() -> Task<void> {
    rt::Runtime& r = RT();
    r.registerLock(spun, "spun");
    r.registerLock(slept, "slept");
    r.lockTimelines().attach(spun);
    r.lockTimelines().attach(slept);
    int64_t t0 = r.nanotime();
    spun.commit(rt::LockHold{5, t0, t0, t0, t0 + 10'000, false, false, false});
    spun.commit(
        rt::LockHold{7, t0 + 9'000, t0 + 10'000, t0 + 10'050, t0 + 10'500, false, false, false});
    slept.commit(rt::LockHold{5, t0, t0, t0, t0 + 10'000, false, false, false});
    slept.commit(
        rt::LockHold{6, t0 + 16'000, t0 + 16'000, t0 + 16'000, t0 + 17'000, true, false, false});
    co_await Work(10'020);
    int64_t t1 = r.nanotime();
    r.lock(spun);  // 10020 is claimed by M7: spin until its release at 10500
    waited.push_back(r.nanotime() - t1);
    r.unlock(spun);
    co_await Work(12'000 - (r.nanotime() - t0));
    int64_t t2 = r.nanotime();
    r.lock(slept);  // 12000 is free: M6 is still asleep
    waited.push_back(r.nanotime() - t2);
    r.unlock(slept);
    spins.push_back(r.lockStats(spun).contended);
    spins.push_back(r.lockStats(slept).contended);
    co_return;
  });
  REQUIRE(res.run.kind == rt::ExitKind::Normal);
  // spun: checks at 10020 + k*R (k = 0..4) fail while 4R < 480, the osyield ends past 10500
  // and the Xchg(mutex_sleeping) takes it; one line transfer (M7 released it and was the
  // only other M on the line). slept: a CAS with one transfer (from M5).
  REQUIRE(4 * c.procyield_round < 480);
  REQUIRE(4 * c.procyield_round + c.osyield >= 480);
  CHECK(waited ==
        std::vector<int64_t>{4 * c.procyield_round + c.osyield + c.lock_cas + c.cacheline_transfer,
                             c.lock_cas + c.cacheline_transfer});
  CHECK(spins == std::vector<uint64_t>{1, 0});
}

// A lock destroyed while held (a run torn down inside a critical section) leaves its timeline
// marked held; a sweep takes it back, and the next lock it is lent to must be free.
TEST_CASE("lock: a timeline taken back from a lock destroyed while held is lent out free") {
  bool lockedAfter = true;
  auto res = run(options(), [&]() -> Task<void> {
    rt::Runtime& r = RT();
    r.lockTimelines().fixSweepAt(SIZE_MAX);  // no sweep yet: two orphans at once
    for (int i = 0; i < 2; i++) {
      rt::mutex held;
      r.lock(held);
      r.curm()->locks--;  // leave the critical section with its lock, as an unwound run would
    }
    r.lockTimelines().fixSweepAt(0);  // sweep at every lock()
    rt::mutex other;
    r.lock(other);  // sweeps: both orphaned timelines go back; other borrows one of them
    r.unlock(other);
    rt::mutex fresh;
    r.lockTimelines().attach(fresh);  // lent the timeline (as futexsleepLock would)
    lockedAfter = fresh.locked();
    co_return;
  });
  INFO(res.run.report);
  CHECK(res.run.kind == rt::ExitKind::Normal);
  CHECK_FALSE(lockedAfter);
}

TEST_CASE("lock: self-deadlock and unlock of an unlocked lock throw") {
  auto res = run(options(), []() -> Task<void> {
    rt::mutex l(rt::LockKind::TimerMu);
    RT().lock(l);
    RT().lock(l);
    co_return;
  });
  CHECK(res.run.kind == rt::ExitKind::Throw);
  CHECK(res.run.exitCode == 2);
  CHECK(gotimers::testing::contains(res.run.report, "fatal error: lock: timer.mu already held"));
  auto res2 = run(options(), []() -> Task<void> {
    rt::mutex l;
    RT().unlock(l);
    co_return;
  });
  CHECK(res2.run.kind == rt::ExitKind::Throw);
  CHECK(gotimers::testing::contains(res2.run.report, "fatal error: unlock of unlocked lock"));
}

namespace {

// 8 goroutines on GOMAXPROCS=4, each starting and stopping timers in a loop: every op takes
// the single go1.9 timers.lock, so the Ms running them contend for it.
rt::LockStats timersLockUnderLoad(rt::CostModel cost, int ncpu = 8) {
  ProgramOptions o = options(4, 1);
  o.config.cost = cost;
  o.config.cost.cpu_threads = ncpu;
  rt::LockStats stats;
  auto res = run(o, [&]() -> Task<void> {
    WaitGroup wg;
    for (int w = 0; w < 8; w++) {
      co_await wg.Add(1);
      co_await Go(closure([&wg, w]() -> Task<void> {
        for (int i = 0; i < 150; i++) {
          auto t = co_await time::NewTimer((1 + (i * 7 + w) % 13) * time::Second);
          if (i % 3 != 0) (void)co_await t->Stop();
          co_await Work(200);
        }
        co_await wg.Done();
      }));
    }
    co_await wg.Wait();
    if (const rt::LockStats* s = gotimers::testing::lockStats("timers.lock")) stats = *s;
  });
  INFO(res.run.report);
  CHECK(res.run.kind == rt::ExitKind::Normal);
  return stats;
}

void checkConsistent(const rt::LockStats& s) {
  uint64_t sum = 0;
  for (uint64_t n : s.byPhase)
    sum += n;
  CHECK(sum == s.acquisitions);
  CHECK(s.contended == s.acquisitions - s.byPhase[static_cast<int>(rt::LockPhase::CAS)]);
  CHECK(s.waits.count() == s.contended);
  // every acquisition that futex-slept slept at least once, and every futexsleep was ended
  // by a futexwakeup (some futexwakeups find nobody: a former sleeper's own unlock)
  CHECK(s.futexSleeps >= s.byPhase[static_cast<int>(rt::LockPhase::FutexSleep)]);
  CHECK(s.futexWakes >= s.futexSleeps);
  CHECK(s.releases == s.acquisitions);
}

uint64_t phase(const rt::LockStats& s, rt::LockPhase ph) {
  return s.byPhase[static_cast<int>(ph)];
}

}  // namespace

TEST_CASE("lock: goroutines on 4 Ps contend for go1.9's timers.lock") {
  using P = rt::LockPhase;
  SUBCASE("default costs") {
    rt::LockStats s = timersLockUnderLoad(rt::CostModel{});
    MESSAGE(fmt::format("acq {} cas {} active {} passive {} futex {}", s.acquisitions,
                        phase(s, P::CAS), phase(s, P::ActiveSpin), phase(s, P::PassiveSpin),
                        phase(s, P::FutexSleep)));
    CHECK(s.acquisitions >= 8 * 150);
    CHECK(s.contended > 0);
    checkConsistent(s);
  }
  SUBCASE("a huge procyield round: every contended wait ends in the active spin") {
    rt::CostModel c;
    c.procyield_round = 10 * Millisecond;
    rt::LockStats s = timersLockUnderLoad(c);
    CHECK(phase(s, P::ActiveSpin) > 0);
    CHECK(phase(s, P::PassiveSpin) == 0);
    CHECK(phase(s, P::FutexSleep) == 0);
    CHECK(s.futexSleeps == 0);
    CHECK(s.futexWakes == 0);
    checkConsistent(s);
  }
  SUBCASE("a 1ns procyield round and a huge osyield: waits end in the passive spin") {
    rt::CostModel c;
    c.procyield_round = 1;
    c.osyield = 10 * Millisecond;
    rt::LockStats s = timersLockUnderLoad(c);
    CHECK(phase(s, P::PassiveSpin) > 0);
    // (Not every wait: a passive spinner's clock jumps 10ms, so an M far behind it can then
    // find the lock held for longer than a whole spin budget, and futex-sleep.)
    CHECK(phase(s, P::PassiveSpin) > phase(s, P::FutexSleep));
    checkConsistent(s);
  }
  SUBCASE("1ns spins: waits end in futex sleeps, each with a futexwakeup") {
    rt::CostModel c;
    c.procyield_round = 1;
    c.osyield = 1;
    rt::LockStats s = timersLockUnderLoad(c);
    CHECK(phase(s, P::FutexSleep) > 0);
    CHECK(s.futexWakes >= s.futexSleeps);
    checkConsistent(s);
  }
  SUBCASE("ncpu = 1: no active spin at all") {
    rt::LockStats s = timersLockUnderLoad(rt::CostModel{}, /*ncpu=*/1);
    CHECK(s.contended > 0);
    CHECK(phase(s, P::ActiveSpin) == 0);
    checkConsistent(s);
  }
}

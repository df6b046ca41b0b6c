// The lock model of lock_futex.cpp (runtime/lock_futex.go@go1.9 in virtual time).
//
// Go's lock(): on a multiprocessor, active_spin=4 rounds of procyield(active_spin_cnt=30);
// then passive_spin=1 osyield; then Xchg(mutex_sleeping) + futexsleep until the holder's
// unlock futexwakeups it. On a uniprocessor (ncpu == 1) `spin` is 0: the active spin is
// skipped, the osyield round is not. The simulator classifies a wait W = heldUntil - now:
//   W <= 0                            CAS          (lock_cas)
//   0 < W <= 4*procyield_round        ActiveSpin   (ceil(W/round) rounds, then lock_cas)
//   ... <= that + osyield             PassiveSpin  (the whole spin budget, then lock_cas)
//   beyond                            FutexSleep   (heldUntil + wake_latency +
//                                                   context_switch + futex_sleep, lock_cas)
// The first tests drive Runtime::lock directly with a controlled lock word (heldUntil,
// lastM); the last ones create real contention on "timers.lock" from goroutines on 4 Ps.
#include <fmt/format.h>

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

// Acquires l as if its last holder (lastM) released it W ns from now, then releases it.
Acq acquireAfter(rt::mutex& l, int64_t W, int lastM, trace::MemorySink& sink) {
  rt::Runtime& r = RT();
  l.heldUntil = r.nanotime() + W;
  l.lastM = lastM;
  int64_t t0 = r.nanotime();
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
  REQUIRE(o.config.ncpu > 1);
  const rt::CostModel c = o.config.cost;
  const int64_t active = 4 * c.procyield_round;  // 480
  const int64_t passive = active + c.osyield;    // 1080
  const int64_t futexExtra = c.wake_latency + c.context_switch + c.futex_sleep;
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
      {passive + 1, P::FutexSleep, passive + 1 + futexExtra + c.lock_cas},
      {50'000, P::FutexSleep, 50'000 + futexExtra + c.lock_cas},
  };
  std::vector<Acq> got;
  rt::LockStats stats;
  auto res = run(o, [&]() -> Task<void> {
    rt::mutex l;
    l.name = "test.lock";
    for (const Row& row : rows)
      got.push_back(acquireAfter(l, row.W, /*lastM=*/-1, sink));
    stats = l.stats;
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
  CHECK(stats.byPhase[static_cast<int>(P::FutexSleep)] == 2);
  CHECK(stats.contended == 8);
  CHECK(stats.futexWakes == 2);  // each futex sleeper needs one futexwakeup
  REQUIRE(stats.waits.size() == 8);
  std::vector<int64_t> wantWaits;
  for (size_t i = 2; i < rows.size(); i++)
    wantWaits.push_back(rows[i].waited);
  CHECK(stats.waits == wantWaits);
  CHECK(stats.waitTotal == std::accumulate(wantWaits.begin(), wantWaits.end(), int64_t{0}));
  CHECK(stats.waitMax == 50'000 + futexExtra + c.lock_cas);
}

TEST_CASE("lock: the lock word's cache line, and the futexwakeup the releasing M owes") {
  ProgramOptions o = options();
  const rt::CostModel c = o.config.cost;
  trace::MemorySink sink;
  o.sink = &sink;
  std::vector<int64_t> waited;
  auto res = run(o, [&]() -> Task<void> {
    rt::mutex l;
    l.name = "test.lock";
    // lastM is this M (M0): no transfer; another M (7, not running): a cache-line transfer.
    waited.push_back(acquireAfter(l, 0, 0, sink).waited);
    waited.push_back(acquireAfter(l, 0, 7, sink).waited);
    // A futex sleep makes the last holder pay futexwakeup as a debt on its next charge. Here
    // the last holder is this very M, so the debt lands in this lock's own charge.
    waited.push_back(acquireAfter(l, 2000, 0, sink).waited);
    // and nothing is owed afterwards
    waited.push_back(acquireAfter(l, 0, 0, sink).waited);
    co_return;
  });
  REQUIRE(res.run.kind == rt::ExitKind::Normal);
  const int64_t futexExtra = c.wake_latency + c.context_switch + c.futex_sleep;
  CHECK(waited == std::vector<int64_t>{c.lock_cas, c.lock_cas + c.cacheline_transfer,
                                       2000 + futexExtra + c.lock_cas + c.futex_wake, c.lock_cas});
}

TEST_CASE("lock: ncpu == 1 skips the active spin (spin = 0) but keeps the osyield round") {
  ProgramOptions o = options();
  o.config.ncpu = 1;
  trace::MemorySink sink;
  o.sink = &sink;
  const rt::CostModel c = o.config.cost;
  const int64_t futexExtra = c.wake_latency + c.context_switch + c.futex_sleep;
  std::vector<Acq> got;
  rt::LockStats stats;
  auto res = run(o, [&]() -> Task<void> {
    rt::mutex l;
    l.name = "test.lock";
    for (int64_t W : {int64_t{1}, c.procyield_round, c.osyield, c.osyield + 1, int64_t{10'000}})
      got.push_back(acquireAfter(l, W, -1, sink));
    stats = l.stats;
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
  CHECK(got[3].waited == c.osyield + 1 + futexExtra + c.lock_cas);
  CHECK(got[4].phase == P::FutexSleep);
  CHECK(stats.byPhase[static_cast<int>(P::ActiveSpin)] == 0);
  CHECK(stats.byPhase[static_cast<int>(P::PassiveSpin)] == 3);
  CHECK(stats.byPhase[static_cast<int>(P::FutexSleep)] == 2);
  CHECK(stats.futexWakes == 2);
}

TEST_CASE("lock: self-deadlock and unlock of an unlocked lock throw") {
  auto res = run(options(), []() -> Task<void> {
    rt::mutex l;
    l.name = "test.lock";
    RT().lock(l);
    RT().lock(l);
    co_return;
  });
  CHECK(res.run.kind == rt::ExitKind::Throw);
  CHECK(res.run.exitCode == 2);
  CHECK(gotimers::testing::contains(res.run.report, "fatal error: lock: test.lock already held"));
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
  o.config.ncpu = ncpu;
  rt::LockStats stats;
  auto res = run(o, [&]() -> Task<void> {
    WaitGroup wg;
    for (int w = 0; w < 8; w++) {
      co_await wg.Add(1);
      auto body1 = [&wg, w]() -> Task<void> {
        for (int i = 0; i < 150; i++) {
          auto t = co_await time::NewTimer((1 + (i * 7 + w) % 13) * time::Second);
          if (i % 3 != 0) (void)co_await t->Stop();
          co_await Work(200);
        }
        co_await wg.Done();
      };
      co_await Go(closure(body1));
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
  CHECK(s.waits.size() == s.contended);
  CHECK(s.futexWakes == s.byPhase[static_cast<int>(rt::LockPhase::FutexSleep)]);
  int64_t total = 0, mx = 0;
  for (int64_t w : s.waits) {
    total += w;
    mx = std::max(mx, w);
  }
  CHECK(s.waitTotal == total);
  CHECK(s.waitMax == mx);
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
    CHECK(s.futexWakes == phase(s, P::FutexSleep));
    checkConsistent(s);
  }
  SUBCASE("ncpu = 1: no active spin at all") {
    rt::LockStats s = timersLockUnderLoad(rt::CostModel{}, /*ncpu=*/1);
    CHECK(s.contended > 0);
    CHECK(phase(s, P::ActiveSpin) == 0);
    checkConsistent(s);
  }
}

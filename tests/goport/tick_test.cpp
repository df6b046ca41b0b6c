// Ports of Go's src/time/tick_test.go to the simulator (see goport.h for the conventions).
#include <string>

#include "goport/goport.h"

using namespace goport;

namespace {

// One TestTicker run, go1.18 form: count/2 ticks of delta, Reset(2*delta), count/2 ticks.
// The ticker's grid does not drift (the re-arm formula skips to the next grid point), so the
// last tick of each phase is observed within kSlack of its grid point: the whole run takes
// at least target (measured from before NewTicker) and at most target + 2*kSlack (one
// latency carried over by the Reset, one at the end).
Task<void> tickerWithReset(int count, Duration delta) {
  Time before = time::Now();
  auto ticker = co_await time::NewTicker(delta);
  Time t0 = time::Now();
  for (int i = 0; i < count / 2; i++) {
    co_await ticker->C.Recv();
  }
  co_await ticker->Reset(delta * 2);
  for (int i = count / 2; i < count; i++) {
    co_await ticker->C.Recv();
  }
  co_await ticker->Stop();
  Time t1 = time::Now();
  Duration dt = t1.Sub(t0);
  const Duration target = 3 * delta * Duration(count / 2);
  CHECK(t1.Sub(before) >= target);
  CHECK(dt <= target + 2 * kSlack);
  // Now test that the ticker stopped.
  co_await time::Sleep(2 * delta);
  int k = co_await Select({Recv(ticker->C)}, /*hasDefault=*/true);
  CHECK_MESSAGE(k == -1, "Ticker did not shut down");
}

// TestTicker, go1.9 form: 10 ticks of 100ms, then Stop. Bounds as above with one latency.
Task<void> tickerNoReset() {
  const int Count = 10;
  const Duration Delta = 100 * Millisecond;
  Time before = time::Now();
  auto ticker = co_await time::NewTicker(Delta);
  Time t0 = time::Now();
  for (int i = 0; i < Count; i++) {
    co_await ticker->C.Recv();
  }
  co_await ticker->Stop();
  Time t1 = time::Now();
  const Duration target = Delta * Count;
  CHECK(t1.Sub(before) >= target);
  CHECK(t1.Sub(t0) <= target + kSlack);
  // Now test that the ticker stopped
  co_await time::Sleep(2 * Delta);
  int k = co_await Select({Recv(ticker->C)}, /*hasDefault=*/true);
  CHECK_MESSAGE(k == -1, "Ticker did not shut down");
}

}  // namespace

// Port of TestTicker: src/time/tick_test.go @go1.18 (=@go1.19) on eras whose Go version has
// Ticker.Reset (goMinor >= 15), @go1.9 on the others, which must reject Ticker.Reset with
// go::time::Unsupported (it would not compile there).
// Adapted: Go's +-20%/30% slop becomes [target, target + kSlack per tick phase]; the retry
// loop over attempts (1.15-1.17: 5 tries) and the 1.18 fallback configuration (8 ticks of 1s)
// are not retries here: in a deterministic run both 1.18 configurations must pass.
TEST_CASE("TestTicker") {
  forEachEra([]() -> Task<void> {
    if (goMinor() >= 15) {
      co_await tickerWithReset(10, 20 * Millisecond);
      co_await tickerWithReset(8, 1 * Second);
    } else {
      co_await tickerNoReset();
      auto tk = co_await time::NewTicker(Second);
      bool unsupported = false;
      try {
        co_await tk->Reset(2 * Second);
      } catch (const time::Unsupported&) {
        unsupported = true;
      }
      CHECK_MESSAGE(unsupported, "Ticker.Reset must not exist in ", eraName());
      co_await tk->Stop();
    }
  });
}

// Port of TestTickerStopWithDirectInitialization, src/time/tick_test.go @go1.16 (issue
// 21874): Stop of a Ticker{C: c} (zero runtimeTimer, i == 0) must not crash.
// Added, so that the test can fail without a crash: a real timer sits at heap index 0 when
// the bogus Stop runs; it must survive (deltimer must verify the index, as go1.9's does) and
// fire on time.
TEST_CASE("TestTickerStopWithDirectInitialization") {
  forEachEra([]() -> Task<void> {
    Time start = time::Now();
    auto guard = co_await time::NewTimer(1 * Millisecond);
    auto c = Make<Time>();
    time::TickerPtr tk(new time::Ticker(c));
    co_await tk->Stop();
    Time v = co_await guard->C.Recv();
    GOPORT_ON_TIME(v.ns, start.Add(1 * Millisecond).ns, kSlack, "guard timer value");
  });
}

// Port of TestTeardown, src/time/tick_test.go @go1.16 (non-short: Delta = 100ms). Go only
// checks for no deadlock; added: each first tick arrives in [start+Delta, +kSlack].
TEST_CASE("TestTeardown") {
  forEachEra([]() -> Task<void> {
    const Duration Delta = 100 * Millisecond;
    for (int i = 0; i < 3; i++) {
      Time start = time::Now();
      auto ticker = co_await time::NewTicker(Delta);
      Time v = co_await ticker->C.Recv();
      GOPORT_ON_TIME(v.ns, start.Add(Delta).ns, kSlack, "first tick value");
      co_await ticker->Stop();
    }
  });
}

// Port of TestTick, src/time/tick_test.go @go1.16: Tick(-1) returns nil.
TEST_CASE("TestTick") {
  forEachEra([]() -> Task<void> {
    auto got = co_await time::Tick(-1);
    CHECK_MESSAGE(got.IsNil(), "Tick(-1) = non-nil; want nil");
  });
}

// Port of TestNewTickerLtZeroDuration, src/time/tick_test.go @go1.16: NewTicker(-1) panics
// (recovered by the deferred func).
TEST_CASE("TestNewTickerLtZeroDuration") {
  forEachEra([]() -> Task<void> {
    std::string p = recoverPanic([] { (void)time::NewTicker(-1); });
    CHECK_MESSAGE(!p.empty(), "NewTicker(-1) should have panicked");
    co_return;
  });
}

// Port of TestTickerResetLtZeroDuration, src/time/tick_test.go @go1.18 (issue 49315).
// Per era: goMinor >= 16 must panic (the simulator's 1.16 rules stand for 1.16-1.22 and
// include the 1.18 check, see src/go/time.h); goMinor == 15 (Go 1.15 had Ticker.Reset but no
// check) must not panic; older eras have no Ticker.Reset and must throw Unsupported.
TEST_CASE("TestTickerResetLtZeroDuration") {
  forEachEra([]() -> Task<void> {
    auto tk = co_await time::NewTicker(Second);
    bool panicked = false;
    bool unsupported = false;
    try {
      co_await tk->Reset(0);
    } catch (const GoPanic&) {
      panicked = true;
    } catch (const time::Unsupported&) {
      unsupported = true;
    }
    if (goMinor() >= 16) {
      CHECK_MESSAGE(panicked, "Ticker.Reset(0) should have panicked");
    } else if (goMinor() == 15) {
      CHECK_MESSAGE(!panicked, "Go 1.15's Ticker.Reset(0) does not panic");
    } else {
      CHECK_MESSAGE(unsupported, "Ticker.Reset must not exist in ", eraName());
    }
    co_await tk->Stop();
  });
}

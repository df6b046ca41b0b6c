// Ports of the Go 1.23 tests of src/time/tick_test.go@go1.23rc1 that pin down the go1.23
// timer-channel semantics: TestChan (for asynctimerchan=0, 1, 2 = the eras go1.23,
// go1.23@asynctimerchan=1, go1.23@asynctimerchan=2), TestAfterTimes, TestTickTimes and
// TestTimerGC (in the GC model's terms: timer objects still allocated). They run on the go1.23
// era only (EraOptions::minGoMinor = 23), as they are Go 1.23's own tests.
#include <memory>
#include <string>

#include "eras/go1_23/go1_23.h"
#include "goport/goport.h"

using namespace goport;

namespace {

// The timer interface of TestChan: a *Timer, or a tickerTimer (a *Ticker with Stop and Reset
// returning "pending" bookkeeping, as tick_test.go's tickerTimer does).
struct Tim {
  time::TimerPtr timer;
  time::TickerPtr ticker;
  bool stopped = false;
  Chan<Time> C() const { return timer ? timer->C : ticker->C; }
  Task<bool> Stop() {
    if (timer) co_return co_await timer->Stop();
    bool pending = !stopped;
    stopped = true;
    co_await ticker->Stop();
    co_return pending;
  }
  Task<bool> Reset(Duration d) {
    if (timer) co_return co_await timer->Reset(d);
    bool pending = !stopped;
    stopped = false;
    co_await ticker->Reset(d);
    co_return pending;
  }
};
using TimP = std::shared_ptr<Tim>;

constexpr Duration sched = 10 * Millisecond;
constexpr int tries = 100;
constexpr int drainTries = 5;

// select { case <-c: return true; default: return false }
template <typename T>
Task<bool> tryRecv(Chan<T> c) {
  int k = co_await Select({Recv(c)}, /*hasDefault=*/true);
  co_return k == 0;
}

struct ChanTest {
  TimP tim;
  Chan<Time> C;
  bool sync;
  bool isTicker;
  int errors = 0;
  std::string log;
  void errorf(const std::string& what) {
    errors++;
    log += what + "\n";
  }
  Task<void> drain1() {
    for (int i = 0; i < drainTries; i++) {
      if (co_await tryRecv(C)) co_return;
      co_await time::Sleep(sched);
    }
  }
  Task<void> drainAsync() {
    if (sync) co_return;  // sync timers must have the right semantics without draining
    co_await drain1();
    if (isTicker) co_await drain1();
  }
  Task<void> noTick(const char* at) {
    if (co_await tryRecv(C)) errorf(std::string(at) + ": extra tick");
  }
  Task<void> assertTick(const char* at) {
    if (co_await tryRecv(C)) co_return;
    for (int i = 0; i < tries; i++) {
      co_await time::Sleep(sched);
      if (co_await tryRecv(C)) co_return;
    }
    errorf(std::string(at) + ": missing tick");
  }
  Task<void> assertLen(const char* at) {
    if (sync) {
      if (int n = C.Len(); n != 0)
        errorf(std::string(at) + ": synctimer has len(C) = " + std::to_string(n));
      co_return;
    }
    int n = C.Len();
    if (n == 1) co_return;
    for (int i = 0; i < tries; i++) {
      co_await time::Sleep(sched);
      if ((n = C.Len()) == 1) co_return;
    }
    errorf(std::string(at) + ": len(C) = " + std::to_string(n) + ", want 1");
  }
  Task<void> notDone(Chan<bool> done, const char* at) {
    if (co_await tryRecv(done)) errorf(std::string(at) + ": early done");
  }
  Task<void> waitDone(Chan<bool> done, const char* at) {
    for (int i = 0; i < tries; i++) {
      co_await time::Sleep(sched);
      if (co_await tryRecv(done)) co_return;
    }
    errorf(std::string(at) + ": never got done");
  }
};

Task<void> recvThenClose(Chan<Time> c, Chan<bool> done) {
  co_await c.Recv();
  co_await done.Close();
}
Task<void> selectCOrStop(Chan<Time> c, Chan<bool> stop, Chan<bool> done, Chan<bool> closeMe) {
  int k = co_await Select({Recv(c), Recv(stop)});
  if (k == 0) co_await done.Send(true);
  co_await closeMe.Close();
}
Task<void> selectNoData(Chan<Time> c, Chan<bool> stop, Chan<bool> done,
                        std::shared_ptr<int> unexpected) {
  int k = co_await Select({Recv(c), Recv(stop)});
  if (k == 0) ++*unexpected;  // Go: panic("unexpected data")
  co_await done.Send(true);
}

// testTimerChan, tick_test.go@go1.23rc1, step by step; every t.Errorf / t.Fatalf becomes
// an error counted in st.
Task<void> testTimerChan(std::shared_ptr<ChanTest> st) {
  ChanTest& T = *st;
  TimP tim = T.tim;
  // Test simple stop; timer never in heap.
  (void)co_await tim->Stop();
  co_await T.noTick("stop");
  // Test modify of timer not in heap.
  (void)co_await tim->Reset(10000 * Second);
  co_await T.noTick("modify not in heap");
  if (T.sync) {
    // Test modify of timer in heap.
    (void)co_await tim->Reset(1);
    co_await time::Sleep(sched);
    if (T.C.Len() != 0 || T.C.Cap() != 0) T.errorf("len(C), cap(C) != 0, 0");
    co_await T.assertTick("modify in heap");
  } else {
    (void)co_await tim->Reset(1);
    co_await T.assertTick("modify in heap");
    co_await time::Sleep(sched);
    (void)co_await tim->Reset(10000 * Second);
    co_await T.drainAsync();
    co_await T.noTick("reset far");
    // Test that len sees an immediate tick arrive for Reset of timer in heap.
    (void)co_await tim->Reset(1);
    co_await T.assertLen("len after reset in heap");
    co_await T.assertTick("tick after reset in heap");
    // Test that len sees an immediate tick arrive for Reset of timer NOT in heap.
    (void)co_await tim->Stop();
    co_await T.drainAsync();
    (void)co_await tim->Reset(1);
    co_await T.assertLen("len after reset not in heap");
    co_await T.assertTick("tick after reset not in heap");
  }
  // Sleep long enough that a second tick must happen if this is a ticker. Test that Reset
  // does not lose the tick that should have happened.
  co_await time::Sleep(sched);
  (void)co_await tim->Reset(10000 * Second);
  co_await T.drainAsync();
  co_await T.noTick("reset does not lose tick");

  // Reset timer in heap (already reset above, but just in case).
  (void)co_await tim->Reset(10000 * Second);
  co_await T.drainAsync();
  // Test stop while timer in heap (because goroutine is blocked on <-C).
  auto done = Make<bool>();
  co_await T.notDone(done, "blocked receiver 1");
  co_await Go(recvThenClose(T.C, done));
  co_await time::Sleep(sched);
  co_await T.notDone(done, "blocked receiver 2");
  // Test reset far away while timer in heap.
  (void)co_await tim->Reset(20000 * Second);
  co_await time::Sleep(sched);
  co_await T.notDone(done, "reset far while in heap");
  // Test imminent reset while in heap.
  (void)co_await tim->Reset(1);
  co_await T.waitDone(done, "imminent reset");
  // If this is a ticker, another tick should have come in already (they are 1ns apart). If
  // a timer, it should have stopped.
  if (T.isTicker) {
    co_await T.assertTick("ticker after imminent reset");
  } else {
    co_await T.noTick("timer after imminent reset");
  }
  (void)co_await tim->Stop();
  co_await T.drainAsync();
  co_await T.noTick("after stop");

  // Again using select and with two goroutines waiting.
  (void)co_await tim->Reset(10000 * Second);
  co_await T.drainAsync();
  done = Make<bool>(2);
  auto done1 = Make<bool>();
  auto done2 = Make<bool>();
  auto stop = Make<bool>();
  co_await Go(selectCOrStop(T.C, stop, done, done1));
  co_await Go(selectCOrStop(T.C, stop, done, done2));
  co_await time::Sleep(sched);
  co_await T.notDone(done, "two selects");
  (void)co_await tim->Reset(sched / 2);
  co_await time::Sleep(sched);
  co_await T.waitDone(done, "two selects: one fires");
  (void)co_await tim->Stop();
  co_await stop.Close();
  co_await T.waitDone(done1, "done1");
  co_await T.waitDone(done2, "done2");
  if (T.isTicker) {
    (void)co_await tryRecv(done);  // extra send might have sent done again
    (void)co_await tryRecv(T.C);   // extra send after that might have filled C
  }
  co_await T.notDone(done, "two selects: only one");

  // Test enqueueTimerChan when timer is stopped.
  stop = Make<bool>();
  done = Make<bool>(2);
  auto unexpected = std::make_shared<int>(0);
  for (int i = 0; i < 2; i++)
    co_await Go(selectNoData(T.C, stop, done, unexpected));
  co_await time::Sleep(sched);
  co_await stop.Close();
  co_await T.waitDone(done, "stopped 1");
  co_await T.waitDone(done, "stopped 2");
  if (*unexpected) T.errorf("unexpected data");

  // Test that Stop and Reset block old values from being received (go.dev/issue/37196).
  if (T.sync) {
    (void)co_await tim->Reset(1);
    co_await time::Sleep(10 * Millisecond);
    if (!co_await tim->Stop()) T.errorf("tim.Stop() = false, want true");
    co_await T.noTick("no stale value after Stop");
    (void)co_await tim->Reset(Hour);
    co_await T.noTick("no value after Reset(Hour)");
    if (!co_await tim->Reset(1)) T.errorf("tim.Reset(1) = false, want true");
    co_await T.assertTick("tick after Reset(1)");
    co_await time::Sleep(10 * Millisecond);
    if (T.isTicker) {
      co_await T.assertTick("ticker keeps ticking");
      co_await time::Sleep(10 * Millisecond);
    } else {
      co_await T.noTick("timer fired once");
    }
    bool pending = co_await tim->Reset(Hour);
    if (pending != T.isTicker) T.errorf("tim.Reset(Hour) pending mismatch");
    co_await T.noTick("no stale value after Reset(Hour)");
  }
}

void runChanTest(bool ticker) {
  forEachEra(
      [ticker]() -> Task<void> {
        auto st = std::make_shared<ChanTest>();
        st->tim = std::make_shared<Tim>();
        if (ticker) {
          st->tim->ticker = co_await time::NewTicker(10000 * Second);
        } else {
          st->tim->timer = co_await time::NewTimer(10000 * Second);
        }
        st->C = st->tim->C();
        st->sync = RT().era().asyncTimerChan() == 0;
        st->isTicker = ticker;
        co_await testTimerChan(st);
        CHECK_MESSAGE(st->errors == 0, st->log);
        (void)co_await st->tim->Stop();
      },
      EraOptions{.minGoMinor = 23});
}

}  // namespace

// Port of TestChan / testTimerChan, src/time/tick_test.go@go1.23rc1: Stop/Reset of timers in
// and out of the heaps, len(C) (always 0 when synchronous, eventually 1 otherwise), blocked
// receivers with far and imminent Resets, two selecting receivers, Stop with blocked
// receivers, and (synchronous only) "Stop and Reset block old values" with Stop() == true
// after an unreceived expiry. The GODEBUG asynctimerchan=0/1/2 subtests are the three go1.23
// era options (the SUBCASE names). Adapted: the retry loops stay (they terminate on the first
// success in a deterministic run); errors are collected and reported with their step.
TEST_CASE("TestChan/Timer") {
  runChanTest(/*ticker=*/false);
}
TEST_CASE("TestChan/Ticker") {
  runChanTest(/*ticker=*/true);
}

// Port of TestAfterTimes, src/time/tick_test.go@go1.23rc1: After(10ms) read after a 500ms
// Sleep yields start+10ms (the lazily run timer back-dates its value), not start+500ms.
// Adapted: no retries; exact bound [10ms, 10ms+kSlack] instead of Go's < 400ms. On every
// go1.23 option (asynctimerchan=1 fires from the heap at 10ms and sends the time it was due).
TEST_CASE("TestAfterTimes") {
  forEachEra(
      []() -> Task<void> {
        Time start = time::Now();
        auto c = co_await time::After(10 * Millisecond);
        co_await time::Sleep(500 * Millisecond);
        Time v = co_await c.Recv();
        GOPORT_ON_TIME(v.Sub(start), 10 * Millisecond, kSlack, "After(10ms) value");
      },
      EraOptions{.minGoMinor = 23});
}

// Port of TestTickTimes, src/time/tick_test.go@go1.23rc1: the first value of Tick(10ms) read
// after 500ms is from start+10ms (synchronous/lazy: the receiver runs the ticker, which sends
// the time it was due; asynctimerchan=1: the first tick filled the buffer at 10ms).
TEST_CASE("TestTickTimes") {
  forEachEra(
      []() -> Task<void> {
        Time start = time::Now();
        auto c = co_await time::Tick(10 * Millisecond);
        co_await time::Sleep(500 * Millisecond);
        Time v = co_await c.Recv();
        GOPORT_ON_TIME(v.Sub(start), 10 * Millisecond, kSlack, "Tick(10ms) first value");
      },
      EraOptions{.minGoMinor = 23});
}

namespace {
enum class GcCase { After, Tick, NewTimer, NewTicker, NewTimerStop, NewTickerStop };
Task<void> gcBody(GcCase c) {
  switch (c) {
    case GcCase::After:
      (void)co_await time::After(Hour);
      break;
    case GcCase::Tick:
      (void)co_await time::Tick(Hour);
      break;
    case GcCase::NewTimer:
      (void)co_await time::NewTimer(Hour);
      break;
    case GcCase::NewTicker:
      (void)co_await time::NewTicker(Hour);
      break;
    case GcCase::NewTimerStop: {
      auto t = co_await time::NewTimer(Hour);
      (void)co_await t->Stop();
      break;
    }
    case GcCase::NewTickerStop: {
      auto t = co_await time::NewTicker(Hour);
      co_await t->Stop();
      break;
    }
  }
}
}  // namespace

// Port of TestTimerGC, src/time/tick_test.go@go1.23rc1, in the GC model's terms (docs/eras.md:
// reference counting; a channel timer in no heap is reachable only through the program's
// references): 10,000 iterations of After(Hour), Tick(Hour), NewTimer(Hour), NewTicker(Hour),
// NewTimer(Hour).Stop(), NewTicker(Hour).Stop() must leave fewer than 10,000 timer objects
// allocated ("inuse >= N means at least 1 allocation per iteration"). Adapted: runtime.GC and
// MemStats become the count of live go1.23 timer objects. Added: with asynctimerchan=1 the
// unstopped ones are NOT collected (they stay in the heap, as before Go 1.23).
TEST_CASE("TestTimerGC") {
  forEachEra(
      []() -> Task<void> {
        const int64_t N = 10000;
        bool async1 = RT().era().asyncTimerChan() == 1;
        for (GcCase c : {GcCase::After, GcCase::Tick, GcCase::NewTimer, GcCase::NewTicker,
                         GcCase::NewTimerStop, GcCase::NewTickerStop}) {
          int64_t before = gotimers::eras::timer123::liveObjects();
          for (int64_t j = 0; j < N; j++)
            co_await gcBody(c);
          int64_t inuse = gotimers::eras::timer123::liveObjects() - before;
          bool stopped = c == GcCase::NewTimerStop || c == GcCase::NewTickerStop;
          if (async1 && !stopped) {
            CHECK_MESSAGE(inuse == N, "asynctimerchan=1 keeps unstopped timers: ", inuse,
                          " in use");
          } else {
            CHECK_MESSAGE(inuse < N, "did not get GC'ed: ", inuse, " timer objects in use (case ",
                          static_cast<int>(c), ")");
          }
        }
      },
      EraOptions{.minGoMinor = 23});
}

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

// select { case <-C: return true; default: return false }
// (By reference: a by-value Chan argument would be a temporary inside the caller's
// co_await expression, which GCC 12 destroys twice.)
Task<bool> tryRecv(const Chan<Time>& c) {
  int k = co_await Select(cases(Recv(c)), /*hasDefault=*/true);
  co_return k == 0;
}
Task<bool> tryRecvBool(const Chan<bool>& c) {
  int k = co_await Select(cases(Recv(c)), /*hasDefault=*/true);
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
      {
        auto call1 = tryRecv(C);
        bool got1 = co_await call1;
        if (got1) co_return;
      }
      {
        auto call2 = time::Sleep(sched);
        co_await call2;
      }
    }
  }
  Task<void> drainAsync() {
    if (sync) co_return;  // sync timers must have the right semantics without draining
    co_await drain1();
    if (isTicker) co_await drain1();
  }
  Task<void> noTick(const char* at) {
    {
      auto call3 = tryRecv(C);
      bool got3 = co_await call3;
      if (got3) errorf(std::string(at) + ": extra tick");
    }
  }
  Task<void> assertTick(const char* at) {
    {
      auto call4 = tryRecv(C);
      bool got4 = co_await call4;
      if (got4) co_return;
    }
    for (int i = 0; i < tries; i++) {
      {
        auto call5 = time::Sleep(sched);
        co_await call5;
      }
      {
        auto call6 = tryRecv(C);
        bool got6 = co_await call6;
        if (got6) co_return;
      }
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
      {
        auto call7 = time::Sleep(sched);
        co_await call7;
      }
      if ((n = C.Len()) == 1) co_return;
    }
    errorf(std::string(at) + ": len(C) = " + std::to_string(n) + ", want 1");
  }
  Task<void> notDone(const Chan<bool>& done, const char* at) {
    {
      auto call8 = tryRecvBool(done);
      bool got8 = co_await call8;
      if (got8) errorf(std::string(at) + ": early done");
    }
  }
  Task<void> waitDone(const Chan<bool>& done, const char* at) {
    for (int i = 0; i < tries; i++) {
      {
        auto call9 = time::Sleep(sched);
        co_await call9;
      }
      {
        auto call10 = tryRecvBool(done);
        bool got10 = co_await call10;
        if (got10) co_return;
      }
    }
    errorf(std::string(at) + ": never got done");
  }
};

Task<void> recvThenClose(Chan<Time> c, Chan<bool> done) {
  {
    auto call11 = c.Recv();
    co_await call11;
  }
  {
    auto call12 = done.Close();
    co_await call12;
  }
}
Task<void> selectCOrStop(Chan<Time> c, Chan<bool> stop, Chan<bool> done, Chan<bool> closeMe) {
  int k = co_await Select(cases(Recv(c), Recv(stop)));
  if (k == 0) co_await done.Send(true);
  {
    auto call13 = closeMe.Close();
    co_await call13;
  }
}
Task<void> selectNoData(Chan<Time> c, Chan<bool> stop, Chan<bool> done,
                        std::shared_ptr<int> unexpected) {
  int k = co_await Select(cases(Recv(c), Recv(stop)));
  if (k == 0) ++*unexpected;  // Go: panic("unexpected data")
  {
    auto call14 = done.Send(true);
    co_await call14;
  }
}

// testTimerChan, tick_test.go@go1.23rc1, step by step; every t.Errorf / t.Fatalf becomes
// an error counted in st.
Task<void> testTimerChan(std::shared_ptr<ChanTest> st) {
  ChanTest& T = *st;
  TimP tim = T.tim;
  // Test simple stop; timer never in heap.
  {
    auto call15 = tim->Stop();
    (void)co_await call15;
  }
  {
    auto call16 = T.noTick("stop");
    co_await call16;
  }
  // Test modify of timer not in heap.
  {
    auto call17 = tim->Reset(10000 * Second);
    (void)co_await call17;
  }
  {
    auto call18 = T.noTick("modify not in heap");
    co_await call18;
  }
  if (T.sync) {
    // Test modify of timer in heap.
    {
      auto call19 = tim->Reset(1);
      (void)co_await call19;
    }
    {
      auto call20 = time::Sleep(sched);
      co_await call20;
    }
    if (T.C.Len() != 0 || T.C.Cap() != 0) T.errorf("len(C), cap(C) != 0, 0");
    {
      auto call21 = T.assertTick("modify in heap");
      co_await call21;
    }
  } else {
    {
      auto call22 = tim->Reset(1);
      (void)co_await call22;
    }
    {
      auto call23 = T.assertTick("modify in heap");
      co_await call23;
    }
    {
      auto call24 = time::Sleep(sched);
      co_await call24;
    }
    {
      auto call25 = tim->Reset(10000 * Second);
      (void)co_await call25;
    }
    {
      auto call26 = T.drainAsync();
      co_await call26;
    }
    {
      auto call27 = T.noTick("reset far");
      co_await call27;
    }
    // Test that len sees an immediate tick arrive for Reset of timer in heap.
    {
      auto call28 = tim->Reset(1);
      (void)co_await call28;
    }
    {
      auto call29 = T.assertLen("len after reset in heap");
      co_await call29;
    }
    {
      auto call30 = T.assertTick("tick after reset in heap");
      co_await call30;
    }
    // Test that len sees an immediate tick arrive for Reset of timer NOT in heap.
    {
      auto call31 = tim->Stop();
      (void)co_await call31;
    }
    {
      auto call32 = T.drainAsync();
      co_await call32;
    }
    {
      auto call33 = tim->Reset(1);
      (void)co_await call33;
    }
    {
      auto call34 = T.assertLen("len after reset not in heap");
      co_await call34;
    }
    {
      auto call35 = T.assertTick("tick after reset not in heap");
      co_await call35;
    }
  }
  // Sleep long enough that a second tick must happen if this is a ticker. Test that Reset
  // does not lose the tick that should have happened.
  {
    auto call36 = time::Sleep(sched);
    co_await call36;
  }
  {
    auto call37 = tim->Reset(10000 * Second);
    (void)co_await call37;
  }
  {
    auto call38 = T.drainAsync();
    co_await call38;
  }
  {
    auto call39 = T.noTick("reset does not lose tick");
    co_await call39;
  }

  // Reset timer in heap (already reset above, but just in case).
  {
    auto call40 = tim->Reset(10000 * Second);
    (void)co_await call40;
  }
  {
    auto call41 = T.drainAsync();
    co_await call41;
  }
  // Test stop while timer in heap (because goroutine is blocked on <-C).
  auto done = Make<bool>();
  {
    auto call42 = T.notDone(done, "blocked receiver 1");
    co_await call42;
  }
  {
    auto g = Go(recvThenClose(T.C, done));
    co_await g;
  }
  {
    auto call43 = time::Sleep(sched);
    co_await call43;
  }
  {
    auto call44 = T.notDone(done, "blocked receiver 2");
    co_await call44;
  }
  // Test reset far away while timer in heap.
  {
    auto call45 = tim->Reset(20000 * Second);
    (void)co_await call45;
  }
  {
    auto call46 = time::Sleep(sched);
    co_await call46;
  }
  {
    auto call47 = T.notDone(done, "reset far while in heap");
    co_await call47;
  }
  // Test imminent reset while in heap.
  {
    auto call48 = tim->Reset(1);
    (void)co_await call48;
  }
  {
    auto call49 = T.waitDone(done, "imminent reset");
    co_await call49;
  }
  // If this is a ticker, another tick should have come in already (they are 1ns apart). If
  // a timer, it should have stopped.
  if (T.isTicker) {
    {
      auto call50 = T.assertTick("ticker after imminent reset");
      co_await call50;
    }
  } else {
    {
      auto call51 = T.noTick("timer after imminent reset");
      co_await call51;
    }
  }
  {
    auto call52 = tim->Stop();
    (void)co_await call52;
  }
  {
    auto call53 = T.drainAsync();
    co_await call53;
  }
  {
    auto call54 = T.noTick("after stop");
    co_await call54;
  }

  // Again using select and with two goroutines waiting.
  {
    auto call55 = tim->Reset(10000 * Second);
    (void)co_await call55;
  }
  {
    auto call56 = T.drainAsync();
    co_await call56;
  }
  done = Make<bool>(2);
  auto done1 = Make<bool>();
  auto done2 = Make<bool>();
  auto stop = Make<bool>();
  {
    auto g1 = Go(selectCOrStop(T.C, stop, done, done1));
    co_await g1;
    auto g2 = Go(selectCOrStop(T.C, stop, done, done2));
    co_await g2;
  }
  {
    auto call57 = time::Sleep(sched);
    co_await call57;
  }
  {
    auto call58 = T.notDone(done, "two selects");
    co_await call58;
  }
  {
    auto call59 = tim->Reset(sched / 2);
    (void)co_await call59;
  }
  {
    auto call60 = time::Sleep(sched);
    co_await call60;
  }
  {
    auto call61 = T.waitDone(done, "two selects: one fires");
    co_await call61;
  }
  {
    auto call62 = tim->Stop();
    (void)co_await call62;
  }
  {
    auto call63 = stop.Close();
    co_await call63;
  }
  {
    auto call64 = T.waitDone(done1, "done1");
    co_await call64;
  }
  {
    auto call65 = T.waitDone(done2, "done2");
    co_await call65;
  }
  if (T.isTicker) {
    (void)co_await tryRecvBool(done);  // extra send might have sent done again
    (void)co_await tryRecv(T.C);       // extra send after that might have filled C
  }
  {
    auto call66 = T.notDone(done, "two selects: only one");
    co_await call66;
  }

  // Test enqueueTimerChan when timer is stopped.
  stop = Make<bool>();
  done = Make<bool>(2);
  auto unexpected = std::make_shared<int>(0);
  for (int i = 0; i < 2; i++) {
    auto g = Go(selectNoData(T.C, stop, done, unexpected));
    co_await g;
  }
  {
    auto call67 = time::Sleep(sched);
    co_await call67;
  }
  {
    auto call68 = stop.Close();
    co_await call68;
  }
  {
    auto call69 = T.waitDone(done, "stopped 1");
    co_await call69;
  }
  {
    auto call70 = T.waitDone(done, "stopped 2");
    co_await call70;
  }
  if (*unexpected) T.errorf("unexpected data");

  // Test that Stop and Reset block old values from being received (go.dev/issue/37196).
  if (T.sync) {
    {
      auto call71 = tim->Reset(1);
      (void)co_await call71;
    }
    {
      auto call72 = time::Sleep(10 * Millisecond);
      co_await call72;
    }
    {
      auto call73 = tim->Stop();
      bool got73 = co_await call73;
      if (!got73) T.errorf("tim.Stop() = false, want true");
    }
    {
      auto call74 = T.noTick("no stale value after Stop");
      co_await call74;
    }
    {
      auto call75 = tim->Reset(Hour);
      (void)co_await call75;
    }
    {
      auto call76 = T.noTick("no value after Reset(Hour)");
      co_await call76;
    }
    {
      auto call77 = tim->Reset(1);
      bool got77 = co_await call77;
      if (!got77) T.errorf("tim.Reset(1) = false, want true");
    }
    {
      auto call78 = T.assertTick("tick after Reset(1)");
      co_await call78;
    }
    {
      auto call79 = time::Sleep(10 * Millisecond);
      co_await call79;
    }
    if (T.isTicker) {
      {
        auto call80 = T.assertTick("ticker keeps ticking");
        co_await call80;
      }
      {
        auto call81 = time::Sleep(10 * Millisecond);
        co_await call81;
      }
    } else {
      {
        auto call82 = T.noTick("timer fired once");
        co_await call82;
      }
    }
    auto resetCall = tim->Reset(Hour);
    bool pending = co_await resetCall;
    if (pending != T.isTicker) T.errorf("tim.Reset(Hour) pending mismatch");
    {
      auto call83 = T.noTick("no stale value after Reset(Hour)");
      co_await call83;
    }
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
        {
          auto call84 = testTimerChan(st);
          co_await call84;
        }
        GOPORT_EXPECT(st->errors == 0, st->log);
        {
          auto call85 = st->tim->Stop();
          (void)co_await call85;
        }
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
        {
          auto call86 = time::Sleep(500 * Millisecond);
          co_await call86;
        }
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
        {
          auto call87 = time::Sleep(500 * Millisecond);
          co_await call87;
        }
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
            GOPORT_EXPECT(inuse == N, "asynctimerchan=1 keeps unstopped timers: " +
                                          std::to_string(inuse) + " in use");
          } else {
            GOPORT_EXPECT(inuse < N, "did not get GC'ed: " + std::to_string(inuse) +
                                         " timer objects in use (case " +
                                         std::to_string(static_cast<int>(c)) + ")");
          }
        }
      },
      EraOptions{.minGoMinor = 23});
}

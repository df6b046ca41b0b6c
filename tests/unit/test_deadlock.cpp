// How a run ends badly: Go's deadlock report (proc.go checkdead + the goroutine traceback
// header "goroutine N [waitreason]:"), and panics (exit code 2, "panic: msg").
#include <fmt/format.h>

#include "harness.h"

using namespace gotimers;
using namespace gotimers::go;
using gotimers::testing::closure;
using gotimers::testing::contains;
using gotimers::testing::count;
using gotimers::testing::options;
using gotimers::testing::run;

namespace {
constexpr const char* kDeadlock = "fatal error: all goroutines are asleep - deadlock!\n\n";
}

TEST_CASE("deadlock: the report lists every blocked goroutine with its wait reason") {
  auto res = run(options(2), []() -> Task<void> {
    auto c = Make<int64_t>();
    auto d = Make<int64_t>();
    auto e = Make<int64_t>();
    auto f = Make<int64_t>();
    WaitGroup wg;
    co_await wg.Add(1);
    co_await Go(closure([c]() -> Task<void> { (void)co_await c.Recv(); }), "receiver");
    co_await Go(closure([d]() -> Task<void> { co_await d.Send(1); }), "sender");
    co_await Go(closure([e, f]() -> Task<void> {
                  (void)co_await Select({Recv(e), Send(f, int64_t{2})});
                }),
                "selector");
    co_await time::Sleep(time::Millisecond);  // starts the go1.9 timerproc (goroutine 5)
    co_await wg.Wait();
  });
  CHECK(res.run.kind == rt::ExitKind::Deadlock);
  CHECK(res.run.exitCode == 2);
  const std::string& r = res.run.report;
  INFO(r);
  CHECK(r.rfind(kDeadlock, 0) == 0);  // the report starts with Go's fatal error line
  size_t g1 = r.find("goroutine 1 [semacquire]:\n");
  size_t g2 = r.find("goroutine 2 [chan receive]:\n");
  size_t g3 = r.find("goroutine 3 [chan send]:\n");
  size_t g4 = r.find("goroutine 4 [select]:\n");
  CHECK(g1 != std::string::npos);
  CHECK(g2 != std::string::npos);
  CHECK(g3 != std::string::npos);
  CHECK(g4 != std::string::npos);
  CHECK(g1 < g2);  // in goroutine id order
  CHECK(g2 < g3);
  CHECK(g3 < g4);
  CHECK(count(r, "created by goroutine 1\n") == 3);
  CHECK(count(r, "goroutine ") - count(r, "created by goroutine") == 4);
  CHECK_FALSE(contains(r, "goroutine 5 "));  // timerproc is a system goroutine
  CHECK(contains(r, "\treceiver\n"));
}

TEST_CASE("deadlock: a goroutine sleeping on a timer is not a deadlock") {
  int64_t v = 0;
  auto res = run(options(), [&]() -> Task<void> {
    auto c = Make<int64_t>();
    co_await Go(closure([c]() -> Task<void> {
      co_await time::Sleep(time::Hour);
      co_await c.Send(9);
    }));
    v = co_await c.Recv();
  });
  INFO(res.run.report);
  CHECK(res.run.kind == rt::ExitKind::Normal);
  CHECK(res.run.exitCode == 0);
  CHECK(v == 9);
  CHECK(res.run.endTime >= time::Hour);
}

TEST_CASE("deadlock: Stop does not close C (t := NewTimer(1s); t.Stop(); <-t.C)") {
  // Straight away: timerproc (created by addtimer) first runs after main blocks, finds the
  // heap empty and parks; nothing can run any more.
  bool stopped = false;
  auto res = run(options(), [&]() -> Task<void> {
    auto t = co_await time::NewTimer(time::Second);
    stopped = co_await t->Stop();
    (void)co_await t->C.Recv();
  });
  CHECK(stopped);
  CHECK(res.run.kind == rt::ExitKind::Deadlock);
  CHECK(res.run.exitCode == 2);
  CHECK(res.run.report.rfind(kDeadlock, 0) == 0);
  CHECK(contains(res.run.report, "goroutine 1 [chan receive]:\n"));
  CHECK(res.run.endTime < time::Millisecond);

  // With timerproc already asleep until the timer's deadline when Stop runs: go1.9's
  // deltimer does not wake it, and its M stays in notetsleepg (not idle, so checkdead cannot
  // fire) until that old deadline; only then does it find the heap empty, park, and the
  // deadlock is reported.
  auto late = run(options(), []() -> Task<void> {
    auto t = co_await time::NewTimer(time::Second);
    co_await time::Sleep(time::Millisecond);  // timerproc now sleeps until t's deadline
    (void)co_await t->Stop();
    (void)co_await t->C.Recv();
  });
  CHECK(late.run.kind == rt::ExitKind::Deadlock);
  CHECK(contains(late.run.report, "goroutine 1 [chan receive]:\n"));
  CHECK(late.run.endTime >= time::Second);

  // The same without Stop receives the fire time.
  auto ok = run(options(), []() -> Task<void> {
    auto t = co_await time::NewTimer(time::Second);
    go::Time v = co_await t->C.Recv();
    CHECK(v.ns >= time::Second);
  });
  CHECK(ok.run.kind == rt::ExitKind::Normal);
}

TEST_CASE("deadlock: the wait reason shows how long a goroutine has been blocked") {
  auto res = run(options(), []() -> Task<void> {
    auto c = Make<int64_t>();
    co_await Go(closure([c]() -> Task<void> {
      co_await time::Sleep(5 * time::Minute);
      (void)co_await c.Recv();  // blocked just now
    }));
    (void)co_await c.Recv();  // blocked for 5 minutes when the deadlock is found
  });
  CHECK(res.run.kind == rt::ExitKind::Deadlock);
  CHECK(contains(res.run.report, "goroutine 1 [chan receive, 5 minutes]:\n"));
  CHECK(contains(res.run.report, "goroutine 2 [chan receive]:\n"));
}

TEST_CASE("deadlock: time.Tick(0) returns a nil channel, which blocks forever") {
  auto res = run(options(), []() -> Task<void> {
    auto c = co_await time::Tick(0);
    CHECK(c.IsNil());
    (void)co_await c.Recv();
  });
  CHECK(res.run.kind == rt::ExitKind::Deadlock);
  CHECK(contains(res.run.report, "goroutine 1 [chan receive (nil chan)]:\n"));
}

TEST_CASE("panic: ends the run with exit code 2 and Go's message") {
  struct Case {
    const char* name;
    std::function<Task<void>()> body;
    std::string message;
  };
  std::vector<Case> cs;
  cs.push_back({"NewTicker(0)", []() -> Task<void> { (void)co_await time::NewTicker(0); },
                "panic: non-positive interval for NewTicker\n"});
  cs.push_back({"NewTicker(-1s)",
                []() -> Task<void> { (void)co_await time::NewTicker(-time::Second); },
                "panic: non-positive interval for NewTicker\n"});
  cs.push_back({"zero Timer Stop",
                []() -> Task<void> {
                  time::Timer t;
                  (void)co_await t.Stop();
                },
                "panic: time: Stop called on uninitialized Timer\n"});
  cs.push_back({"zero Timer Reset",
                []() -> Task<void> {
                  time::Timer t;
                  (void)co_await t.Reset(time::Second);
                },
                "panic: time: Reset called on uninitialized Timer\n"});
  cs.push_back({"panic(msg)",
                []() -> Task<void> {
                  co_await Println("before");
                  Panic("boom");
                  co_await Println("after");
                },
                "panic: boom\n\ngoroutine 1 [running]:\n"});
  for (const auto& k : cs) {
    CAPTURE(k.name);
    auto res = run(options(), k.body);
    CHECK(res.run.kind == rt::ExitKind::Panic);
    CHECK(res.run.exitCode == 2);
    CHECK(res.run.report.rfind(k.message, 0) == 0);
    CHECK_FALSE(contains(res.output, "after"));
  }
}

TEST_CASE("panic: a panicking goroutine other than main ends the whole program") {
  auto res = run(options(2), []() -> Task<void> {
    co_await Go(closure([]() -> Task<void> {
      co_await time::Sleep(time::Millisecond);
      Panic("worker failed");
    }));
    co_await time::Sleep(time::Second);
    co_await Println("main finished");
  });
  CHECK(res.run.kind == rt::ExitKind::Panic);
  CHECK(res.run.exitCode == 2);
  CHECK(res.run.report.rfind("panic: worker failed\n\ngoroutine 2 [running]:\n", 0) == 0);
  CHECK(res.output.empty());
  CHECK(res.run.endTime < time::Second);
}

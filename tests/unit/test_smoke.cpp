#include <doctest/doctest.h>

#include "go/program.h"
#include "go/time.h"

#include <fmt/format.h>

using namespace gotimers::go;

TEST_CASE("a timer fires no earlier than its deadline") {
  ProgramOptions o;
  auto res = runProgram(o, []() -> Task<void> {
    auto start = time::Now();
    auto t = co_await time::NewTimer(100 * time::Millisecond);
    Time v = co_await t->C.Recv();
    co_await Println(fmt::format("recv at {} elapsed {}", v.ns, time::Since(start)));
    CHECK(v.ns >= start.ns + 100 * time::Millisecond);
  });
  INFO(res.run.report);
  CHECK(res.run.kind == gotimers::rt::ExitKind::Normal);
  MESSAGE(res.output);
}

TEST_CASE("calling Stop through a nil *Timer panics like Go") {
  ProgramOptions o;
  auto res = runProgram(o, []() -> Task<void> {
    time::TimerPtr t;
    (void)co_await t->Stop();
  });
  CHECK(res.run.kind == gotimers::rt::ExitKind::Panic);
  CHECK(res.run.report.find("nil pointer dereference") != std::string::npos);
}

TEST_CASE(
    "time.Now and time.Since charge reading the clock: Since reads nanotime alone from go1.13") {
  for (const char* era : {"go1.9", "go1.13", "go1.14", "go1.23"}) {
    CAPTURE(era);
    ProgramOptions o;
    o.era = era;
    int64_t nowCost = -1, sinceCost = -1;
    auto res = runProgram(o, [&]() -> Task<void> {
      Time t0 = time::Now();
      Time t1 = time::Now();
      nowCost = t1.ns - t0.ns;  // t1's charge comes before its reading
      sinceCost = time::Since(t1);
      co_return;
    });
    REQUIRE(res.run.kind == gotimers::rt::ExitKind::Normal);
    const gotimers::rt::CostModel c;
    CHECK(nowCost == c.time_now);
    CHECK(sinceCost == (std::string(era) == "go1.9" ? c.time_now : c.nanotime));
  }
}

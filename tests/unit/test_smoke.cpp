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

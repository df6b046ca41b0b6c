// Runaway Go programs (tests/programs/runaway/) on every era: each limit stops each of them
// with its message, and the `ended:` time is the time the message gives. The programs are the
// classes that once escaped: a ping-pong between two goroutines that never leaves one kernel
// event, a loop that never blocks, and growth the memory budget did not count (a slice's
// backing array, a map).
#include <doctest/doctest.h>

#include <atomic>
#include <csignal>
#include <functional>

#include "program_testing.h"
#include "sim/format_duration.h"

using namespace gotimers;

namespace {

const char* const kEras[] = {"go1.9", "go1.13", "go1.14", "go1.23"};

go::ProgramResult runLimited(const program::Program& p, const char* era,
                             const std::function<void(rt::RunConfig&)>& limit) {
  go::ProgramOptions po;
  po.era = era;
  po.config.gomaxprocs = 2;
  po.config.timeLimit = 10 * Minute;
  limit(po.config);
  return program::runGoProgram(p, po, {});
}

void expectStop(const go::ProgramResult& r, rt::ExitKind kind, const char* says) {
  CHECK(r.run.kind == kind);
  CHECK(r.run.exitCode == (kind == rt::ExitKind::Interrupted ? 130 : 3));
  CHECK_MESSAGE(r.run.report.find(says) != std::string::npos, r.run.report);
  // the summary's "ended: ... at virtual time T" and the message name the same time
  CHECK_MESSAGE(
      r.run.report.find("virtual time " + sim::formatDuration(r.run.endTime)) != std::string::npos,
      r.run.report);
}

}  // namespace

TEST_CASE("runaway: a ping-pong that never leaves one event meets the event limit and SIGINT") {
  const program::Program p = load("runaway/pingpong.go");
  for (const char* era : kEras) {
    INFO(era);
    expectStop(runLimited(p, era, [](rt::RunConfig& c) { c.eventLimit = 5; }),
               rt::ExitKind::EventLimit, "gotimers: event limit 5 reached");
    static std::atomic<int> sigint{0};
    sigint = 0;
    auto r = runLimited(p, era, [](rt::RunConfig& c) {
      c.interrupt = &sigint;
      c.eventLimit = 20;  // a safety net: the flag must stop it first
      sigint = SIGINT;
    });
    CHECK(r.run.kind == rt::ExitKind::Interrupted);
  }
}

TEST_CASE("runaway: a loop that never blocks meets the event limit") {
  const program::Program p = load("runaway/busy.go");
  for (const char* era : kEras) {
    INFO(era);
    expectStop(runLimited(p, era, [](rt::RunConfig& c) { c.eventLimit = 50; }),
               rt::ExitKind::EventLimit, "gotimers: event limit 50 reached");
  }
}

TEST_CASE("runaway: growing a slice, a map, goroutines or timers meets the memory budget") {
  struct Case {
    const char* file;
    const char* says;
  };
  const Case cases[] = {
      {"runaway/append.go", "in the program's values"},
      {"runaway/mapgrow.go", "in the program's values"},
      {"runaway/spawn.go", "goroutines"},
      {"runaway/timers.go", "timers"},
  };
  for (const Case& k : cases) {
    const program::Program p = load(k.file);
    for (const char* era : kEras) {
      INFO(k.file << " on " << era);
      auto r = runLimited(p, era, [](rt::RunConfig& c) { c.memoryLimit = 8 << 20; });
      expectStop(r, rt::ExitKind::MemoryLimit, "gotimers: memory budget 8MiB exceeded");
      CHECK(r.run.report.find(k.says) != std::string::npos);
    }
  }
}

TEST_CASE("runaway: channels count in the memory budget, each with its buffer's slots") {
  // chans.go keeps making make(chan int, 4): each hchan is counted (a channel used to be
  // free to the budget), so the channels, not the slice that holds them, fill it.
  const program::Program p = load("runaway/chans.go");
  // "(... 1.2MiB in the program's values, 6.7MiB in channels)": the two figures in MiB
  auto mib = [](const std::string& report, const std::string& what) {
    size_t at = report.find(" in " + what);
    REQUIRE(at != std::string::npos);
    size_t from = report.rfind(' ', at - 1) + 1;
    std::string figure = report.substr(from, at - from);
    REQUIRE(figure.ends_with("MiB"));
    return std::stod(figure);
  };
  for (const char* era : kEras) {
    INFO(era);
    auto r = runLimited(p, era, [](rt::RunConfig& c) { c.memoryLimit = 8 << 20; });
    expectStop(r, rt::ExitKind::MemoryLimit, "gotimers: memory budget 8MiB exceeded");
    INFO(r.run.report);
    double values = mib(r.run.report, "the program's values"),
           chans = mib(r.run.report, "channels");
    CHECK(chans > 2 * values);
  }
}

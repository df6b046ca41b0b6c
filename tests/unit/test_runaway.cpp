// Runaway Go programs (tests/programs/runaway/) on every era: each limit stops each of them
// with its message, and the `ended:` time is the time the message gives. The programs are the
// classes that once escaped: a ping-pong between two goroutines that never leaves one kernel
// event, a loop that never blocks, and growth the memory budget did not count (a slice's
// backing array, a map).
#include <doctest/doctest.h>

#include <atomic>
#include <csignal>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

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

namespace {

// What the memory budget's message says the program holds: "(2348 goroutines, 0 timers, 7.6MiB
// in coroutine frames, 206769 bytes in the program's values, 136 bytes in channels)".
struct Held {
  int64_t goroutines = -1, timers = -1;
  double frames = -1, values = -1, chans = -1;  // bytes
};

Held heldIn(const std::string& report) {
  size_t open = report.find(" (", report.find(" holds "));
  size_t close = report.find(')', open);
  REQUIRE(open != std::string::npos);
  REQUIRE(close != std::string::npos);
  std::vector<std::string> parts;  // "2348 goroutines", "7.6MiB in coroutine frames", ...
  std::istringstream list(report.substr(open + 2, close - open - 2));
  for (std::string part; std::getline(list, part, ',');)
    parts.push_back(part.substr(part.find_first_not_of(' ')));
  REQUIRE(parts.size() == 5);
  auto count = [](const std::string& part, const std::string& what) {
    REQUIRE(part.ends_with(" " + what));
    return std::stoll(part);
  };
  auto bytes = [](const std::string& part, const std::string& what) {
    REQUIRE(part.ends_with(" in " + what));
    std::string figure = part.substr(0, part.size() - what.size() - 4);
    if (figure.ends_with(" bytes")) return std::stod(figure);
    if (figure.ends_with("MiB")) return std::stod(figure) * (1 << 20);
    REQUIRE(figure.ends_with("GiB"));
    return std::stod(figure) * (1 << 30);
  };
  Held h;
  h.goroutines = count(parts[0], "goroutines");
  h.timers = count(parts[1], "timers");
  h.frames = bytes(parts[2], "coroutine frames");
  h.values = bytes(parts[3], "the program's values");
  h.chans = bytes(parts[4], "channels");
  return h;
}

}  // namespace

// Each runaway program fills the 8 MiB budget with what it grows, and the message says so.
// Channels count too (chans.go keeps making make(chan int, 4): each hchan is counted, which
// a channel used to be free of; their buffers' slots: test_limits.cpp).
TEST_CASE(
    "runaway: growing a slice, a map, goroutines, timers or channels meets the memory budget") {
  constexpr double kHalf = 4 << 20;
  struct Case {
    const char* file;
    std::function<bool(const Held&)> says;
  };
  const Case cases[] = {
      {"runaway/append.go", [](const Held& h) { return h.values >= kHalf; }},
      {"runaway/mapgrow.go", [](const Held& h) { return h.values >= kHalf; }},
      {"runaway/spawn.go", [](const Held& h) { return h.goroutines > 1000 && h.frames >= kHalf; }},
      {"runaway/timers.go", [](const Held& h) { return h.timers > 10000; }},
      {"runaway/chans.go",
       [](const Held& h) { return h.chans >= kHalf && h.chans > 2 * h.values; }},
  };
  for (const Case& k : cases) {
    const program::Program p = load(k.file);
    for (const char* era : kEras) {
      const std::string what = std::string(k.file) + " on " + era;
      INFO(what);
      auto r = runLimited(p, era, [](rt::RunConfig& c) { c.memoryLimit = 8 << 20; });
      expectStop(r, rt::ExitKind::MemoryLimit, "gotimers: memory budget 8MiB exceeded");
      INFO(r.run.report);
      CHECK(k.says(heldIn(r.run.report)));
    }
  }
}

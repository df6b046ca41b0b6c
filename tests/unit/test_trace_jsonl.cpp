// The JSON Lines trace: a header, one valid JSON object per event with named arguments,
// written to a temporary name and renamed only when finished.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "go/program.h"
#include "go/time.h"
#include "trace/jsonl.h"

using namespace gotimers;
using namespace gotimers::go;

TEST_CASE("JsonlSink writes a header and one named-field event per line, atomically") {
  auto dir = std::filesystem::temp_directory_path() / "gotimers-trace-test";
  std::filesystem::create_directories(dir);
  std::string path = (dir / "t.jsonl").string();
  std::filesystem::remove(path);
  uint64_t events = 0;
  {
    trace::JsonlSink sink(path, {{"schema", "gotimers-trace"}, {"version", 1}});
    ProgramOptions o;
    o.sink = &sink;
    auto res = runProgram(o, []() -> Task<void> {
      auto a = co_await time::NewTimer(30 * time::Millisecond);
      auto b = co_await time::NewTimer(10 * time::Millisecond);
      (void)co_await b->C.Recv();
      (void)co_await a->Stop();
    });
    REQUIRE(res.run.kind == rt::ExitKind::Normal);
    // not there until finished
    CHECK_FALSE(std::filesystem::exists(path));
    CHECK(std::filesystem::exists(path + ".tmp"));
    std::string err;
    REQUIRE(sink.finish(&err));
    events = res.events;
  }
  CHECK_FALSE(std::filesystem::exists(path + ".tmp"));
  std::ifstream in(path);
  std::string line;
  REQUIRE(std::getline(in, line));
  auto header = nlohmann::json::parse(line);
  CHECK(header["schema"] == "gotimers-trace");
  int sifts = 0, fires = 0, lines = 0;
  int64_t lastT = -1;
  bool monotone = true;
  while (std::getline(in, line)) {
    auto e = nlohmann::json::parse(line);  // throws on invalid JSON
    lines++;
    REQUIRE(e.contains("t"));
    REQUIRE(e.contains("ev"));
    if (e["ev"] == "heap.sift") {
      sifts++;
      // the second timer (10ms) moves from index 1 to the root over the 30ms one
      CHECK(e["from"] == 1);
      CHECK(e["to"] == 0);
      CHECK(e["when"].get<int64_t>() < e["other_when"].get<int64_t>());
    }
    if (e["ev"] == "timer.fire") {
      fires++;
      CHECK(e["late"].get<int64_t>() >= 0);
    }
    if (e["ev"] == "lock.acquire" && e["M"] == 0) {
      monotone = monotone && e["t"].get<int64_t>() >= lastT;
      lastT = e["t"].get<int64_t>();
    }
  }
  CHECK(sifts == 1);
  CHECK(fires == 1);
  CHECK(monotone);
  CHECK(lines > 10);
  CHECK(events > 0);
  std::filesystem::remove_all(dir);
}

TEST_CASE("JsonlSink drops its temporary file when the run is abandoned") {
  auto dir = std::filesystem::temp_directory_path() / "gotimers-trace-test2";
  std::filesystem::create_directories(dir);
  std::string path = (dir / "t.jsonl").string();
  { trace::JsonlSink sink(path, {{"schema", "gotimers-trace"}}); }
  CHECK_FALSE(std::filesystem::exists(path));
  CHECK_FALSE(std::filesystem::exists(path + ".tmp"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("JsonlSink reports an unwritable path") {
  CHECK_THROWS_WITH_AS(trace::JsonlSink("/nonexistent-dir/x.jsonl", {}),
                       "/nonexistent-dir/x.jsonl.tmp: cannot write: No such file or directory",
                       std::runtime_error);
}

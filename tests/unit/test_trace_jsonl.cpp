// The JSON Lines trace: a header, one valid JSON object per event with named arguments,
// written to a temporary name and renamed only when finished; LineFormat writes the same
// bytes as a plain reference formatter, for every kind, odd values and texts of any size.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "go/program.h"
#include "go/time.h"
#include "trace/jsonl.h"
#include "trace/jsonl_line.h"

using namespace gotimers;
using namespace gotimers::go;

namespace {
// Two timers: the later one is stopped after the earlier one fired.
Task<void> twoTimers() {
  auto a = co_await time::NewTimer(30 * time::Millisecond);
  auto b = co_await time::NewTimer(10 * time::Millisecond);
  (void)co_await b->C.Recv();
  (void)co_await a->Stop();
}
}  // namespace

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
    auto res = runProgram(o, twoTimers);
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

namespace {
// The line of e as the schema spells it, built the simple way (the writer before LineFormat).
std::string referenceLine(const trace::Event& e) {
  std::string b = "{\"t\":" + std::to_string(e.t) + ",\"ev\":\"" + trace::kindName(e.kind) + '"';
  if (e.p >= 0) b += ",\"P\":" + std::to_string(e.p);
  if (e.m >= 0) b += ",\"M\":" + std::to_string(e.m);
  if (e.g != 0) b += ",\"G\":" + std::to_string(e.g);
  for (int i = 0; i < 6; i++) {
    const char* name = trace::kindArgName(e.kind, i);
    if (name[0] != '\0') b += ",\"" + std::string(name) + "\":" + std::to_string(e.a[i]);
  }
  if (e.kind == trace::Kind::HeapSnapshot) {
    b += ",\"timers\":" + e.text;
  } else if (!e.text.empty()) {
    b += ",\"text\":" + nlohmann::json(e.text).dump();
  }
  return b + "}\n";
}

std::string formatted(trace::LineFormat& f, const trace::Event& e) {
  std::string buf(trace::LineFormat::kMaxPlainLine + trace::LineFormat::textBytes(e), '\0');
  char* end = f.write(buf.data(), e);
  return buf.substr(0, static_cast<size_t>(end - buf.data()));
}
}  // namespace

TEST_CASE("LineFormat writes the reference bytes for every kind and odd values") {
  trace::LineFormat f;
  const int64_t values[] = {0,         1,        9, 10, -1, -10, 99, 100, 123456789, 3600000090060,
                            INT64_MAX, INT64_MIN};
  int n = 0;
  for (int k = 0; k < static_cast<int>(trace::Kind::NumKinds); k++) {
    for (int64_t v : values) {
      trace::Event e{};
      e.kind = static_cast<trace::Kind>(k);
      e.t = v == INT64_MIN ? 0 : (v < 0 ? -v : v);  // t repeats across events: the t cache
      e.p = static_cast<int16_t>(n % 3 - 1);
      e.m = n % 4 - 1;
      e.g = n % 5 == 0 ? 0 : v;
      for (int i = 0; i < 6; i++)
        e.a[i] = i % 2 ? v : ~v;  // ~v = -v - 1 without overflow
      if (e.kind == trace::Kind::HeapSnapshot) e.text = "[[1,2],[3,4]]";
      if (e.kind == trace::Kind::Print) e.text = n % 2 ? "plain" : "q\"b\\s\n\t\x01 \xc3\xa9";
      CAPTURE(k);
      CAPTURE(v);
      CHECK(formatted(f, e) == referenceLine(e));
      n++;
    }
  }
}

TEST_CASE("JsonlSink writes a real run and a text longer than its buffer like the reference") {
  trace::MemorySink mem;
  ProgramOptions o;
  o.sink = &mem;
  o.config.gomaxprocs = 2;
  auto res = runProgram(o, twoTimers);
  REQUIRE(res.run.kind == rt::ExitKind::Normal);
  trace::Event big{};
  big.kind = trace::Kind::Print;
  big.p = big.m = -1;
  big.text = std::string(300000, '"');  // 600 kB once escaped: more than one buffer
  mem.events.push_back(big);
  mem.events.push_back(mem.events.front());
  std::string want = "{}\n";
  for (const auto& e : mem.events)
    want += referenceLine(e);
  auto dir = std::filesystem::temp_directory_path() / "gotimers-trace-test3";
  std::filesystem::create_directories(dir);
  std::string path = (dir / "t.jsonl").string();
  {
    trace::JsonlSink sink(path, nlohmann::json::object());
    for (const auto& e : mem.events)
      sink.onEvent(e);
    std::string err;
    REQUIRE(sink.finish(&err));
  }
  std::ifstream in(path, std::ios::binary);
  std::string got((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(got.size() == want.size());
  CHECK(got == want);
  std::filesystem::remove_all(dir);
}

// The binary trace (run --trace FILE.gtb): read back, it is exactly the JSON Lines trace of
// the same run, on every era and with texts (prints, heap snapshots); a file cut anywhere
// reads as a prefix of that text and says where it was cut, never more.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "harness.h"
#include "trace/binary.h"
#include "trace_helpers.h"

using namespace gotimers;
using namespace gotimers::testing;

namespace {
// The JSON Lines text a binary trace stands for, and the decoder's complaint.
std::pair<std::string, std::string> decode(const std::string& bytes) {
  std::istringstream in(bytes);
  trace::BinaryTraceText text(in, "t.gtb");
  std::istream lines(&text);
  std::ostringstream out;
  out << lines.rdbuf();
  return {out.str(), text.error()};
}
}  // namespace

TEST_CASE("binary trace: decodes to the JSON Lines trace of the same run, on every era") {
  std::string dir = tempDir("trace-binary");
  for (const char* name : {"teaching/timer-basics.json", "pitfalls/slow-receiver.json"}) {
    auto s = scenario::loadScenario(std::string(GOTIMERS_SOURCE_DIR) + "/scenarios/" + name);
    for (const auto& era : erasFor(s)) {
      CAPTURE(name);
      CAPTURE(era);
      runTraced(s, era, dir + "/a.jsonl", nullptr);
      runTraced(s, era, dir + "/a.gtb", nullptr);
      std::string jsonl = slurp(dir + "/a.jsonl"), bin = slurp(dir + "/a.gtb");
      std::istringstream probe(bin);
      CHECK(trace::isBinaryTrace(probe));
      auto [text, err] = decode(bin);
      CHECK(err.empty());
      CHECK(text == jsonl);
      CHECK(bin.size() * 4 < jsonl.size());  // what it is for
    }
  }
}

TEST_CASE("binary trace: texts survive (prints and heap snapshots)") {
  std::string dir = tempDir("trace-binary-text");
  auto s = scenario::loadScenario(std::string(GOTIMERS_SOURCE_DIR) +
                                  "/scenarios/teaching/timer-basics.json");
  runTraced(s, "go1.14", dir + "/a.jsonl", nullptr, trace::kAllCats, true);
  runTraced(s, "go1.14", dir + "/a.gtb", nullptr, trace::kAllCats, true);
  std::string jsonl = slurp(dir + "/a.jsonl");
  CHECK(jsonl.find("\"ev\":\"heap.snapshot\"") != std::string::npos);
  CHECK(jsonl.find("\"text\":") != std::string::npos);
  auto [text, err] = decode(slurp(dir + "/a.gtb"));
  CHECK(err.empty());
  CHECK(text == jsonl);
}

TEST_CASE("binary trace: a file cut anywhere reads as a prefix and says where it ends") {
  std::string dir = tempDir("trace-binary-cut");
  auto s = scenario::loadScenario(std::string(GOTIMERS_SOURCE_DIR) +
                                  "/scenarios/teaching/timer-basics.json");
  runTraced(s, "go1.13", dir + "/a.gtb", nullptr);
  const std::string bin = slurp(dir + "/a.gtb");
  const std::string full = decode(bin).first;
  size_t clean = 0;
  for (size_t cut = 0; cut < bin.size(); cut++) {
    auto [text, err] = decode(bin.substr(0, cut));
    CAPTURE(cut);
    REQUIRE(full.compare(0, text.size(), text) == 0);  // never a line that is not there
    if (err.empty()) {
      clean++;  // cut between two records: the lines before it, whole
      CHECK((text.empty() || text.back() == '\n'));
    } else {
      CHECK(err.find("t.gtb: byte ") == 0);
    }
  }
  CHECK(clean > 100);  // one clean cut per record
  auto [text, err] = decode(bin);
  CHECK(err.empty());
  CHECK(text == full);
}

TEST_CASE("binary trace: what is not one is refused with the expected beginning") {
  auto [text, err] = decode("{\"schema\":2}\n");
  CHECK(text.empty());
  CHECK(err.find("t.gtb: byte 0: not a gotimers binary trace (expected it to begin with") == 0);
  std::istringstream probe("{\"schema\":2}\n");
  CHECK_FALSE(trace::isBinaryTrace(probe));
}

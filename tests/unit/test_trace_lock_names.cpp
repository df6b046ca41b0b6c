// lock.name (trace schema version 3): a trace names every lock the run registered, before the
// lock is first used, with the names `run` prints; `trace stats` then names locks and counts
// threads as `run` does.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "metrics/trace_stats.h"
#include "trace/binary.h"
#include "trace_helpers.h"

using namespace gotimers;
using json = nlohmann::json;

TEST_CASE("trace: lock.name names each lock before its first use, as run names it") {
  auto s = scenario::loadScenario(
      (std::filesystem::path(GOTIMERS_SOURCE_DIR) / "scenarios/contention/stop-storm.json")
          .string());
  s.params["N"] = 50;
  s.params["Garbage"] = 20;
  s.gomaxprocs = 3;
  std::string dir = testing::tempDir("lock_names");
  for (const char* era : {"go1.9", "go1.13", "go1.14", "go1.23"}) {
    for (const char* ext : {".jsonl", ".gtb"}) {
      std::string path = dir + "/" + era + ext;
      auto res = testing::runTraced(s, era, path, nullptr);
      std::stringstream text;
      if (std::string(ext) == ".gtb") {
        std::ifstream in(path, std::ios::binary);
        trace::BinaryTraceText decoded(in, path);
        std::istream lines(&decoded);
        text << lines.rdbuf();
      } else {
        text << std::ifstream(path).rdbuf();
      }
      std::map<int64_t, std::string> names;
      std::string line;
      std::getline(text, line);  // the header
      int64_t lastT = 0;
      while (std::getline(text, line)) {
        json e = json::parse(line);
        CHECK(e["t"].get<int64_t>() >= lastT);
        lastT = e["t"].get<int64_t>();
        if (e["ev"] == "lock.name") {
          CHECK(names.emplace(e["lock"].get<int64_t>(), e["name"].get<std::string>()).second);
        } else if (e["ev"] == "lock.acquire" && e["lock"].get<int64_t>() >= 0) {
          CHECK_MESSAGE(names.count(e["lock"].get<int64_t>()) == 1,
                        era << ": lock " << e["lock"] << " used before it was named");
        }
      }
      // the names run prints: every lock of the result, by the same name
      std::map<std::string, int> want, got;
      for (const auto& l : res.program.locks)
        want[l.name]++;
      for (const auto& [id, n] : names)
        got[n]++;
      CHECK(got == want);

      // trace stats: the lock table by name, threads with m0 as run counts them
      metrics::TraceStats st;
      std::string err;
      if (std::string(ext) == ".jsonl") {
        std::ifstream in(path);
        REQUIRE(metrics::readTraceStats(in, path, &st, &err));
        std::string out = metrics::formatTraceStats(st);
        for (const auto& l : res.program.locks)
          if (l.stats.acquisitions > 0) CHECK(out.find("\n  " + l.name + " ") != std::string::npos);
        CHECK(out.find(fmt::format("threads: {} created (m0 included)",
                                   res.program.metrics.threadsCreated + 1)) != std::string::npos);
      }
    }
  }
}

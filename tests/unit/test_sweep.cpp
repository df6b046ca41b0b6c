// gotimers sweep's machinery: GOMAXPROCS lists, grid order, parallel runs that give the same
// results file whatever the number of jobs, and resuming an interrupted sweep.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness.h"
#include "metrics/sweep.h"
#include "scenario/scenario.h"

namespace fs = std::filesystem;
using namespace gotimers;
using gotimers::testing::slurp;

namespace {

void spit(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// A small, quick scenario whose result depends on era and GOMAXPROCS.
metrics::ScenarioInput tiny(const std::string& id, int n = 20) {
  std::string text = R"({"name": "tiny", "params": {"N": )" + std::to_string(n) + R"(},
    "main": [
      {"op": "WaitGroup", "as": "wg"},
      {"op": "wg.Add", "wg": "wg", "n": "$GOMAXPROCS"},
      {"op": "go", "count": "$GOMAXPROCS", "body": [
        {"op": "loop", "times": "$N", "body": [
          {"op": "NewTimer", "d": "1ms", "as": "t"},
          {"op": "Stop", "timer": "t"}
        ]},
        {"op": "Sleep", "d": "2ms"},
        {"op": "wg.Done", "wg": "wg"}
      ]},
      {"op": "wg.Wait", "wg": "wg"}
    ]})";
  return {id, scenario::parseScenario(id + ".json", text)};
}

struct TempDir {
  fs::path dir;
  TempDir() {
    dir = fs::temp_directory_path() /
          ("gotimers_sweep_test_" + std::to_string(reinterpret_cast<uintptr_t>(this)));
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~TempDir() { fs::remove_all(dir); }
  std::string file(const std::string& name) const { return (dir / name).string(); }
};

metrics::SweepConfig config(const std::string& out, int jobs) {
  metrics::SweepConfig c;
  c.scenarios = {tiny("a"), tiny("b", 30)};
  c.eras = {"go1.9", "go1.14"};
  c.procs = {1, 3};
  c.seeds = {1};
  c.out = out;
  c.jobs = jobs;
  return c;
}

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  for (std::string l; std::getline(ss, l);)
    out.push_back(l);
  return out;
}

}  // namespace

TEST_CASE("parseIntList: lists, ranges, errors with positions") {
  std::vector<int64_t> v;
  std::string err;
  REQUIRE(metrics::parseIntList("1..4,8,16", 1, 256, &v, &err));
  CHECK(v == std::vector<int64_t>{1, 2, 3, 4, 8, 16});
  REQUIRE(metrics::parseIntList("4,2,4", 1, 256, &v, &err));
  CHECK(v == std::vector<int64_t>{4, 2});  // order kept, duplicates dropped
  CHECK_FALSE(metrics::parseIntList("1,x", 1, 256, &v, &err));
  CHECK(err == "expected a number at position 3 of \"1,x\"");
  CHECK_FALSE(metrics::parseIntList("1..300", 1, 256, &v, &err));
  CHECK(err.find("out of range (expected 1 to 256)") != std::string::npos);
  CHECK_FALSE(metrics::parseIntList("8..2", 1, 256, &v, &err));
  CHECK(err.find("is empty") != std::string::npos);
  CHECK_FALSE(metrics::parseIntList("1;2", 1, 256, &v, &err));
  CHECK(err == "expected ',' or '..' at position 2 of \"1;2\"");
  CHECK_FALSE(metrics::parseIntList("", 1, 256, &v, &err));
}

TEST_CASE("sweep: grid order, one line per run, same file whatever the number of jobs") {
  TempDir tmp;
  auto c1 = config(tmp.file("one.jsonl"), 1);
  auto keys = metrics::gridKeys(c1);
  REQUIRE(keys.size() == 8);
  CHECK(keys[0] == metrics::RunKey{"a", "go1.9", 1, 1});
  CHECK(keys[1] == metrics::RunKey{"a", "go1.9", 3, 1});
  CHECK(keys[2] == metrics::RunKey{"a", "go1.14", 1, 1});
  CHECK(keys[7] == metrics::RunKey{"b", "go1.14", 3, 1});

  std::vector<std::pair<size_t, size_t>> progress;
  auto r1 = metrics::runSweep(c1, [&](size_t d, size_t t) { progress.emplace_back(d, t); });
  CHECK(r1.planned == 8);
  CHECK(r1.ran == 8);
  CHECK(r1.reused == 0);
  REQUIRE(r1.results.size() == 8);
  for (size_t i = 0; i < 8; i++)
    CHECK(r1.results[i].key == keys[i]);
  REQUIRE(progress.size() == 9);
  CHECK(progress.front() == std::pair<size_t, size_t>{0, 8});
  CHECK(progress.back() == std::pair<size_t, size_t>{8, 8});
  std::string text = slurp(c1.out);
  auto ls = lines(text);
  REQUIRE(ls.size() == 8);
  CHECK(text.back() == '\n');
  for (size_t i = 0; i < 8; i++)
    CHECK(metrics::fromJson(nlohmann::json::parse(ls[i])).key == keys[i]);
  // the era and GOMAXPROCS matter: the runs differ
  CHECK(r1.results[0].value("virtual_time_ns") != r1.results[1].value("virtual_time_ns"));

  auto c3 = config(tmp.file("three.jsonl"), 3);
  metrics::runSweep(c3);
  CHECK(slurp(c3.out) == text);
}

TEST_CASE("sweep: resume runs only what the results file lacks; a torn last line is redone") {
  TempDir tmp;
  auto full = config(tmp.file("full.jsonl"), 2);
  metrics::runSweep(full);
  std::string text = slurp(full.out);
  auto ls = lines(text);
  REQUIRE(ls.size() == 8);

  SUBCASE("k complete lines: 8 - k runs") {
    for (size_t k : {0, 3, 8}) {
      std::string part;
      for (size_t i = 0; i < k; i++)
        part += ls[i] + "\n";
      auto c = config(tmp.file("part.jsonl"), 2);
      spit(c.out, part);
      auto r = metrics::runSweep(c);
      CHECK(r.reused == k);
      CHECK(r.ran == 8 - k);
      CHECK_FALSE(r.tornRedone);
      CHECK(slurp(c.out) == text);
      REQUIRE(r.results.size() == 8);
      CHECK(metrics::toJson(r.results[0]).dump() == ls[0]);
    }
  }
  SUBCASE("a torn last line (cut mid-line, or a line without its end of line)") {
    for (std::string tail : {ls[3].substr(0, ls[3].size() / 2), ls[3]}) {
      auto c = config(tmp.file("torn.jsonl"), 2);
      spit(c.out, ls[0] + "\n" + ls[1] + "\n" + ls[2] + "\n" + tail);
      auto rf = metrics::readResults(c.out);
      CHECK(rf.torn);
      CHECK(rf.runs.size() == 3);
      auto r = metrics::runSweep(c);
      CHECK(r.tornRedone);
      CHECK(r.reused == 3);
      CHECK(r.ran == 5);
      CHECK(slurp(c.out) == text);
    }
  }
  SUBCASE("lines in another order and lines of other runs are used and kept") {
    auto c = config(tmp.file("mixed.jsonl"), 2);
    c.procs = {3};                             // a smaller grid: half of the file's runs
    spit(c.out, ls[4] + "\n" + ls[1] + "\n");  // (b, go1.9, 1): not in this grid; (a, go1.9, 3)
    auto r = metrics::runSweep(c);
    CHECK(r.planned == 4);
    CHECK(r.reused == 1);
    CHECK(r.foreign == 1);
    CHECK(r.ran == 3);
    CHECK(r.results[0].key == metrics::RunKey{"a", "go1.9", 3, 1});
    CHECK(metrics::toJson(r.results[0]).dump() == ls[1]);
    auto now = lines(slurp(c.out));
    REQUIRE(now.size() == 5);
    CHECK(now[0] == ls[4]);
    CHECK(now[1] == ls[1]);
    CHECK(now[2] == ls[3]);  // (a, go1.14, 3): the same line the full sweep wrote
  }
  SUBCASE("a bad line that is not the last is an error naming FILE:LINE") {
    auto c = config(tmp.file("bad.jsonl"), 2);
    spit(c.out, ls[0] + "\n{oops\n" + ls[2] + "\n");
    CHECK_THROWS_WITH_AS(metrics::runSweep(c),
                         doctest::Contains("bad.jsonl:2: not a sweep result line"),
                         metrics::SweepError);
    CHECK(slurp(c.out) == ls[0] + "\n{oops\n" + ls[2] + "\n");  // left as it was
  }
  SUBCASE("results from other inputs are refused; --restart discards them") {
    auto c = config(tmp.file("changed.jsonl"), 2);
    spit(c.out, text);
    scenario::setParam(c.scenarios[0].scenario, "N=21");
    CHECK_THROWS_WITH_AS(metrics::runSweep(c),
                         doctest::Contains("changed.jsonl:1: the result for a on go1.9"),
                         metrics::SweepError);
    c.restart = true;
    auto r = metrics::runSweep(c);
    CHECK(r.reused == 0);
    CHECK(r.ran == 8);
    CHECK(slurp(c.out) != text);
    CHECK(lines(slurp(c.out)).size() == 8);
  }
}

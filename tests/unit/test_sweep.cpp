// gotimers sweep's machinery: GOMAXPROCS lists, grid order, parallel runs that give the same
// results file whatever the number of jobs, and resuming an interrupted sweep.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <fstream>
#include <sstream>

#include "harness.h"
#include "metrics/sweep.h"
#include "metrics/sweep_select.h"
#include "scenario/scenario.h"

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

using gotimers::testing::TempDir;

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
  TempDir tmp("sweep_test");
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
  TempDir tmp("sweep_test");
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
    CHECK_THROWS_WITH_AS(metrics::runSweep(c), doctest::Contains("bad.jsonl:2:2: not JSON: "),
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

TEST_CASE("compare --from: one scenario's era x GOMAXPROCS grid out of a sweep results file") {
  TempDir tmp("sweep_test");
  auto c = config(tmp.file("s.jsonl"), 2);
  c.seeds = {1, 2};
  auto swept = metrics::runSweep(c);
  auto all = metrics::readResults(c.out).runs;
  REQUIRE(all.size() == 16);

  metrics::SweepSelectQuery q;
  q.scenario = "b";
  q.seed = 2;
  auto sel = metrics::selectFromSweep(all, q);
  CHECK(sel.scenario == "b");
  CHECK(sel.eras == std::vector<std::string>{"go1.9", "go1.14"});  // the file's, in its order
  CHECK(sel.procs == std::vector<int>{1, 3});
  CHECK(sel.seed == 2);
  REQUIRE(sel.runs.size() == 4);
  // era-major, as compare lays them out, and the very runs the sweep made
  CHECK(sel.runs[1].key == metrics::RunKey{"b", "go1.9", 3, 2});
  CHECK(sel.runs[2].key == metrics::RunKey{"b", "go1.14", 1, 2});
  for (const auto& r : sel.runs) {
    auto it = std::find_if(swept.results.begin(), swept.results.end(),
                           [&](const metrics::RunMetrics& s) { return s.key == r.key; });
    REQUIRE(it != swept.results.end());
    CHECK(metrics::toJson(r).dump() == metrics::toJson(*it).dump());
  }

  SUBCASE("an asked subset, in the order asked; a path names the scenario by its last part") {
    q.scenario = "scenarios/b.json";
    q.eras = {"go1.14"};
    q.procs = {3, 1};
    auto s = metrics::selectFromSweep(all, q);
    REQUIRE(s.runs.size() == 2);
    CHECK(s.runs[0].key == metrics::RunKey{"b", "go1.14", 3, 2});
    CHECK(s.runs[1].key == metrics::RunKey{"b", "go1.14", 1, 2});
  }
  SUBCASE("what is missing is named, with what the file has") {
    q.seed.reset();
    CHECK_THROWS_WITH(metrics::selectFromSweep(all, q),
                      "has runs of b with seeds 1, 2: pick one with --seed");
    q.seed = 7;
    CHECK_THROWS_WITH(metrics::selectFromSweep(all, q),
                      "has no runs of b with seed 7 (it has seeds 1, 2)");
    q.seed = 1;
    q.scenario = "c";
    CHECK_THROWS_WITH(metrics::selectFromSweep(all, q),
                      "has no runs of scenario 'c' (it has: a, b)");
    q.scenario = "a";
    q.eras = {"go1.23"};
    CHECK_THROWS_WITH(metrics::selectFromSweep(all, q),
                      "has no runs of a on go1.23 (it has: go1.9, go1.14)");
    q.eras = {};
    q.procs = {1, 2};
    CHECK_THROWS_WITH(metrics::selectFromSweep(all, q),
                      "has no run of a on go1.9 at GOMAXPROCS=2, seed 1 (it has GOMAXPROCS 1, 3 "
                      "there)");
    CHECK_THROWS_WITH(metrics::selectFromSweep({}, q), "holds no runs");
  }
  SUBCASE("two ids with the same last part must be named in full") {
    for (auto& r : all)
      if (r.key.scenario == "a") r.key.scenario = "x/b";
    q.scenario = "b";
    CHECK(metrics::selectFromSweep(all, q).scenario == "b");  // an exact id wins
    q.scenario = "y/b";
    CHECK_THROWS_WITH(metrics::selectFromSweep(all, q),
                      "has several scenarios named 'y/b': x/b, b; name one of them");
  }
}

TEST_CASE("sweep: Ctrl-C stops it, the file keeps only finished runs, and a resume completes it") {
  TempDir tmp("sweep_test");
  auto full = config(tmp.file("full.jsonl"), 2);
  metrics::runSweep(full);
  auto ls = lines(slurp(full.out));
  REQUIRE(ls.size() == 8);

  auto c = config(tmp.file("stopped.jsonl"), 2);
  std::string kept = ls[0] + "\n" + ls[1] + "\n" + ls[2] + "\n";
  spit(c.out, kept);
  std::atomic<int> sigint{SIGINT};  // as if Ctrl-C came before the next run's first event
  c.settings.limits = [&sigint](rt::RunConfig& rc) { rc.interrupt = &sigint; };
  CHECK_THROWS_WITH_AS(
      metrics::runSweep(c),
      fmt::format("3 of the 8 runs are in {}; the same command runs the others", c.out).c_str(),
      metrics::SweepInterrupted);
  CHECK(slurp(c.out) == kept);  // no line for the interrupted run

  c.settings.limits = {};
  auto r = metrics::runSweep(c);
  CHECK(r.reused == 3);
  CHECK(r.ran == 5);
  CHECK(slurp(c.out) == slurp(full.out));
}

TEST_CASE("runPoint: the run settings' limits and interrupt flag reach the run") {
  metrics::ScenarioInput in = tiny("t");
  metrics::RunKey key{"t", "go1.14", 3, 1};
  metrics::RunSettings set;
  CHECK(metrics::runPoint(in, key, set).exit == "normal exit");
  set.limits = [](rt::RunConfig& rc) { rc.goroutineLimit = 2; };
  metrics::RunMetrics limited = metrics::runPoint(in, key, set);
  CHECK(limited.exit == "goroutine limit");
  CHECK(limited.exitCode == 3);
  CHECK_FALSE(metrics::interruptedRun(limited));
  std::atomic<int> sigint{SIGINT};
  set.limits = [&sigint](rt::RunConfig& rc) { rc.interrupt = &sigint; };
  metrics::RunMetrics stopped = metrics::runPoint(in, key, set);
  CHECK(metrics::interruptedRun(stopped));
  CHECK(stopped.exitCode == 130);
}

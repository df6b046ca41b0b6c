// sweep --shard K/N and sweep merge (metrics/sweep.h, metrics/sweep_merge.h): the shards of a
// grid, run separately, merge into the unsharded sweep's results file byte for byte; a merge
// of shards that are missing, repeated, unfinished or of other grids is refused.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "harness.h"
#include "metrics/sweep.h"
#include "metrics/sweep_merge.h"
#include "scenario/scenario.h"

using namespace gotimers;
using gotimers::testing::slurp;
using gotimers::testing::TempDir;

namespace {

metrics::ScenarioInput tiny(const std::string& id, int n) {
  std::string text = R"({"name": "tiny", "params": {"N": )" + std::to_string(n) + R"(},
    "main": [
      {"op": "loop", "times": "$N", "body": [
        {"op": "NewTimer", "d": "1ms", "as": "t"},
        {"op": "Stop", "timer": "t"}
      ]},
      {"op": "Sleep", "d": "2ms"}
    ]})";
  return {id, scenario::parseScenario(id + ".json", text)};
}

metrics::SweepConfig config(const std::string& out, std::optional<metrics::Shard> shard,
                            int n = 10) {
  metrics::SweepConfig c;
  c.scenarios = {tiny("a", n), tiny("b", 25)};
  c.eras = {"go1.14", "go1.9"};  // not sorted: the merge keeps the sweep's order
  c.procs = {2, 1, 3};
  c.seeds = {1};
  c.out = out;
  c.jobs = 2;
  c.shard = shard;
  return c;
}

std::string mergeError(const std::vector<std::string>& paths) {
  try {
    metrics::mergeShards(paths);
  } catch (const metrics::SweepError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("parseShard and shardRuns: K/N, its run count, bad forms refused") {
  metrics::Shard s;
  std::string why;
  REQUIRE(metrics::parseShard("2/8", &s, &why));
  CHECK(s == metrics::Shard{2, 8});
  for (const char* bad : {"0/3", "4/3", "3", "1/0", "a/b", "1/3/4", "-1/3", "/3", "1/1000000"})
    CHECK_FALSE(metrics::parseShard(bad, &s, &why));
  // 12 runs over 5 shards: 3, 3, 2, 2, 2
  size_t sum = 0;
  for (size_t k = 1; k <= 5; k++)
    sum += metrics::shardRuns(12, {k, 5});
  CHECK(sum == 12);
  CHECK(metrics::shardRuns(12, {2, 5}) == 3);
  CHECK(metrics::shardRuns(12, {3, 5}) == 2);
  CHECK(metrics::shardRuns(2, {3, 5}) == 0);
}

TEST_CASE("sweep --shard: every run in exactly one shard; the merge is the unsharded file") {
  TempDir tmp("sweep_shard");
  auto whole = config(tmp.file("whole.jsonl"), std::nullopt);
  metrics::runSweep(whole);
  const std::string expected = slurp(whole.out);
  auto all = metrics::gridKeys(whole);
  REQUIRE(all.size() == 12);

  std::vector<std::string> files;
  std::vector<metrics::RunKey> seen;
  for (size_t k = 1; k <= 5; k++) {
    auto c = config(tmp.file(fmt::format("s{}.jsonl", k)), metrics::Shard{k, 5});
    auto res = metrics::runSweep(c);
    CHECK(res.planned == metrics::shardRuns(12, {k, 5}));
    for (const auto& r : res.results)
      seen.push_back(r.key);
    // each line says which shard of which grid it belongs to
    std::istringstream lines(slurp(c.out));
    for (std::string l; std::getline(lines, l);) {
      auto tag = nlohmann::json::parse(l).at("shard");
      CHECK(tag == nlohmann::json{{"index", k}, {"count", 5}, {"grid_runs", 12}});
    }
    files.push_back(c.out);
  }
  std::sort(seen.begin(), seen.end(), [](const auto& x, const auto& y) {
    return std::tie(x.scenario, x.era, x.procs) < std::tie(y.scenario, y.era, y.procs);
  });
  auto sorted = all;
  std::sort(sorted.begin(), sorted.end(), [](const auto& x, const auto& y) {
    return std::tie(x.scenario, x.era, x.procs) < std::tie(y.scenario, y.era, y.procs);
  });
  CHECK(seen == sorted);

  // byte for byte, whatever the order the shards are named in
  CHECK(metrics::mergeShards(files) == expected);
  std::vector<std::string> reversed(files.rbegin(), files.rend());
  CHECK(metrics::mergeShards(reversed) == expected);

  // a resumed shard (interrupted after 1 run, here: its file cut) merges the same
  std::string s1 = slurp(files[0]);
  tmp.file("s1.jsonl", s1.substr(0, s1.find('\n') + 1));
  SUBCASE("unfinished") {
    CHECK(mergeError(files) ==
          fmt::format("{}: shard 1/5 has 1 of its 3 runs: its sweep was interrupted or is "
                      "still running (the same command finishes it)",
                      files[0]));
  }
  SUBCASE("resumed") {
    metrics::runSweep(config(files[0], metrics::Shard{1, 5}));
    CHECK(metrics::mergeShards(files) == expected);
  }
}

TEST_CASE("sweep merge: missing, repeated, torn, untagged and foreign shards are refused") {
  TempDir tmp("sweep_merge_bad");
  std::vector<std::string> files;
  for (size_t k = 1; k <= 3; k++) {
    auto c = config(tmp.file(fmt::format("s{}.jsonl", k)), metrics::Shard{k, 3});
    metrics::runSweep(c);
    files.push_back(c.out);
  }
  CHECK(mergeError({files[0], files[2]}) == "shard 2/3 is missing");
  CHECK(mergeError({files[0], files[1], files[1], files[2]}) ==
        fmt::format("{} and {} are both shard 2/3", files[1], files[1]));
  // torn: the last line without its end
  std::string s3 = slurp(files[2]);
  std::string torn = tmp.file("torn.jsonl", s3.substr(0, s3.size() - 5));
  CHECK(mergeError({files[0], files[1], torn}) ==
        fmt::format("{}:4: a torn last line: the shard's sweep was interrupted; run it again to "
                    "finish",
                    torn));
  // an unsharded sweep's file
  auto whole = config(tmp.file("whole.jsonl"), std::nullopt);
  metrics::runSweep(whole);
  CHECK(mergeError({whole.out}) ==
        fmt::format("{}:1: no \"shard\" (was it written by `gotimers sweep --shard K/N`?)",
                    whole.out));
  // shard 2 of a sweep with another era list
  auto other = config(tmp.file("other.jsonl"), metrics::Shard{2, 3});
  other.eras = {"go1.14", "go1.13"};
  metrics::runSweep(other);
  CHECK(mergeError({files[0], other.out, files[2]}).find("are not one grid") != std::string::npos);
  // shard 2 of a sweep whose scenario a differs (another N): another inputs hash
  auto changed = config(tmp.file("changed.jsonl"), metrics::Shard{2, 3}, 11);
  metrics::runSweep(changed);
  CHECK(mergeError({files[0], changed.out, files[2]}) ==
        fmt::format("{} and {} ran a from other inputs (the scenario file, --set, the cost model "
                    "or a limit differ): not shards of one sweep",
                    files[0], changed.out));
  // a shard of a 2-way split among 3-way ones
  auto half = config(tmp.file("half.jsonl"), metrics::Shard{2, 2});
  metrics::runSweep(half);
  CHECK(mergeError({files[0], half.out, files[2]}).find("not shards of one sweep") !=
        std::string::npos);
  CHECK(mergeError({}) == "sweep merge: expected the shards' results files");
}

#include "metrics/sweep_merge.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "io/input_file.h"
#include "io/json_line.h"
#include "metrics/run_metrics.h"
#include "metrics/sweep.h"

namespace gotimers::metrics {

using json = nlohmann::json;

namespace {

struct ShardFile {
  std::string path;
  Shard shard;
  size_t gridRuns = 0;
  std::vector<json> lines;  // without their "shard" tags
  std::vector<RunMetrics> runs;
};

template <typename T>
void addOnce(std::vector<T>& list, const T& v) {
  if (std::find(list.begin(), list.end(), v) == list.end()) list.push_back(v);
}

// One line's shard tag, or a message saying what is wrong with it.
std::string readTag(const json& j, Shard* s, size_t* gridRuns) {
  if (!j.is_object())
    return fmt::format("not a sweep result line (expected a JSON object, found {})", j.type_name());
  auto it = j.find("shard");
  if (it == j.end()) return "no \"shard\" (was it written by `gotimers sweep --shard K/N`?)";
  auto num = [&](const char* k, size_t* v) {
    auto f = it->is_object() ? it->find(k) : it->end();
    if (!it->is_object() || f == it->end() || !f->is_number_unsigned() || f->get<size_t>() < 1)
      return false;
    *v = f->get<size_t>();
    return true;
  };
  if (!num("index", &s->index) || !num("count", &s->count) || !num("grid_runs", gridRuns) ||
      s->index > s->count)
    return "\"shard\" is not {\"index\": K, \"count\": N, \"grid_runs\": T} with 1 <= K <= N";
  return "";
}

ShardFile readShard(const std::string& path) {
  ShardFile f;
  f.path = path;
  std::string text, why;
  if (!io::readRegularFile(path, &text, &why))
    throw SweepError(fmt::format("{}: cannot read the shard: {}", path, why));
  size_t pos = 0, lineNo = 0;
  while (pos < text.size()) {
    lineNo++;
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) {
      throw SweepError(fmt::format(
          "{}:{}: a torn last line: the shard's sweep was interrupted; run it again to finish",
          path, lineNo));
    }
    json j;
    if (auto bad = io::parseJsonLine(std::string_view(text).substr(pos, nl - pos), path, lineNo,
                                     "sweep result line", &j))
      throw SweepError(bad->message);
    Shard s;
    size_t grid = 0;
    if (std::string problem = readTag(j, &s, &grid); !problem.empty())
      throw SweepError(fmt::format("{}:{}: {}", path, lineNo, problem));
    if (lineNo == 1) {
      f.shard = s;
      f.gridRuns = grid;
    } else if (!(s == f.shard) || grid != f.gridRuns) {
      throw SweepError(fmt::format(
          "{}:{}: a line of shard {}/{} of {} runs in the file of shard {}/{} of {} runs", path,
          lineNo, s.index, s.count, grid, f.shard.index, f.shard.count, f.gridRuns));
    }
    j.erase("shard");
    try {
      f.runs.push_back(fromJson(j));
    } catch (const std::exception& e) {
      throw SweepError(fmt::format("{}:{}: not a sweep result line ({})", path, lineNo, e.what()));
    }
    f.lines.push_back(std::move(j));
    pos = nl + 1;
  }
  if (f.lines.empty()) {
    throw SweepError(
        fmt::format("{}: no runs: not a shard's results file, or its sweep has not started", path));
  }
  return f;
}

}  // namespace

std::string mergeShards(const std::vector<std::string>& paths) {
  if (paths.empty()) throw SweepError("sweep merge: expected the shards' results files");
  std::vector<ShardFile> files;
  for (const auto& p : paths)
    files.push_back(readShard(p));
  const size_t n = files[0].shard.count, total = files[0].gridRuns;
  std::vector<const ShardFile*> byIndex(n + 1, nullptr);
  for (const auto& f : files) {
    if (f.shard.count != n || f.gridRuns != total) {
      throw SweepError(fmt::format(
          "{}: shard {}/{} of a {}-run grid, but {} is shard {}/{} of a {}-run grid: not shards "
          "of one sweep",
          f.path, f.shard.index, f.shard.count, f.gridRuns, files[0].path, files[0].shard.index, n,
          total));
    }
    if (byIndex[f.shard.index]) {
      throw SweepError(fmt::format("{} and {} are both shard {}/{}", byIndex[f.shard.index]->path,
                                   f.path, f.shard.index, n));
    }
    byIndex[f.shard.index] = &f;
  }
  for (size_t k = 1; k <= n; k++) {
    if (!byIndex[k]) throw SweepError(fmt::format("shard {}/{} is missing", k, n));
    const ShardFile& f = *byIndex[k];
    if (f.lines.size() != shardRuns(total, f.shard)) {
      throw SweepError(fmt::format(
          "{}: shard {}/{} has {} of its {} runs: its sweep was interrupted or is still running "
          "(the same command finishes it)",
          f.path, k, n, f.lines.size(), shardRuns(total, f.shard)));
    }
  }
  // interleave, then check that the runs are one grid in grid order
  std::vector<const RunMetrics*> runs;
  std::vector<const json*> lines;
  std::vector<const std::string*> from;
  for (size_t i = 0; i < total; i++) {
    const ShardFile& f = *byIndex[i % n + 1];
    runs.push_back(&f.runs[i / n]);
    lines.push_back(&f.lines[i / n]);
    from.push_back(&f.path);
  }
  std::vector<std::string> scenarios, eras;
  std::vector<int> procs;
  std::vector<uint64_t> seeds;
  std::map<std::string, size_t> inputsOf;  // scenario -> the run that set its inputs hash
  for (size_t i = 0; i < total; i++) {
    const RunKey& k = runs[i]->key;
    addOnce(scenarios, k.scenario);
    addOnce(eras, k.era);
    addOnce(procs, k.procs);
    addOnce(seeds, k.seed);
    auto [it, fresh] = inputsOf.emplace(k.scenario, i);
    if (!fresh && runs[it->second]->inputs != runs[i]->inputs) {
      throw SweepError(fmt::format(
          "{} and {} ran {} from other inputs (the scenario file, --set, the cost model or a "
          "limit differ): not shards of one sweep",
          *from[it->second], *from[i], k.scenario));
    }
  }
  std::vector<RunKey> grid = gridKeys(scenarios, eras, procs, seeds);
  if (grid.size() != total) {
    throw SweepError(fmt::format(
        "the shards' {} runs are not one grid: they name scenarios {}, eras {}, GOMAXPROCS {} "
        "and seeds {} ({} runs): were the shards run with the same scenarios, --eras, --procs "
        "and --seeds?",
        total, fmt::join(scenarios, ","), fmt::join(eras, ","), fmt::join(procs, ","),
        fmt::join(seeds, ","), grid.size()));
  }
  for (size_t i = 0; i < total; i++) {
    if (!(runs[i]->key == grid[i])) {
      throw SweepError(fmt::format(
          "{}: the shards' runs are not one grid of scenarios x eras x GOMAXPROCS x seeds (run "
          "{} of the merge is {} on {} at GOMAXPROCS={}, seed {}): were the shards run with the "
          "same scenarios, --eras, --procs and --seeds?",
          *from[i], i + 1, runs[i]->key.scenario, runs[i]->key.era, runs[i]->key.procs,
          runs[i]->key.seed));
    }
  }
  std::string out;
  for (const json* j : lines)
    out += j->dump() + "\n";
  return out;
}

}  // namespace gotimers::metrics

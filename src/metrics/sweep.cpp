#include "metrics/sweep.h"

#include "io/input_file.h"
#include "io/json_line.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace gotimers::metrics {

using json = nlohmann::json;
namespace fs = std::filesystem;

bool parseShard(const std::string& text, Shard* out, std::string* why) {
  size_t slash = text.find('/');
  auto number = [](const std::string& s, size_t* v) {
    if (s.empty() || s.size() > 6 || s.find_first_not_of("0123456789") != std::string::npos)
      return false;
    *v = std::stoul(s);
    return true;
  };
  Shard s;
  if (slash == std::string::npos || !number(text.substr(0, slash), &s.index) ||
      !number(text.substr(slash + 1), &s.count)) {
    *why = "expected K/N, e.g. 2/8: run the 2nd of 8 slices of the grid";
    return false;
  }
  if (s.count < 1 || s.count > 100000 || s.index < 1 || s.index > s.count) {
    *why = "expected 1 <= K <= N <= 100000";
    return false;
  }
  *out = s;
  return true;
}

size_t shardRuns(size_t gridRuns, const Shard& s) {
  return gridRuns >= s.index ? (gridRuns - s.index) / s.count + 1 : 0;
}

std::vector<RunKey> gridKeys(const std::vector<std::string>& scenarios,
                             const std::vector<std::string>& eras, const std::vector<int>& procs,
                             const std::vector<uint64_t>& seeds) {
  std::vector<RunKey> keys;
  for (const auto& s : scenarios)
    for (const auto& era : eras)
      for (int p : procs)
        for (uint64_t seed : seeds)
          keys.push_back({s, era, p, seed});
  return keys;
}

std::vector<RunKey> gridKeys(const SweepConfig& cfg) {
  std::vector<std::string> ids;
  for (const auto& s : cfg.scenarios)
    ids.push_back(s.id);
  std::vector<RunKey> keys = gridKeys(ids, cfg.eras, cfg.procs, cfg.seeds);
  if (!cfg.shard) return keys;
  std::vector<RunKey> mine;
  for (size_t i = cfg.shard->index - 1; i < keys.size(); i += cfg.shard->count)
    mine.push_back(keys[i]);
  return mine;
}

ResultsFile readResults(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return {};
  std::string text, readWhy;
  if (!io::readRegularFile(path, &text, &readWhy))
    throw SweepError(fmt::format("{}: cannot read the results: {}", path, readWhy));
  return parseResults(path, text);
}

ResultsFile parseResults(const std::string& path, const std::string& text) {
  ResultsFile rf;
  size_t pos = 0, lineNo = 0;
  while (pos < text.size()) {
    lineNo++;
    size_t nl = text.find('\n', pos);
    bool last = nl == std::string::npos || nl + 1 == text.size();
    std::string line = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    std::string problem;  // "FILE:LINE[:COL]: what is wrong"
    RunMetrics m;
    if (nl == std::string::npos) {
      problem = fmt::format("{}:{}: not a sweep result line (no end of line)", path, lineNo);
    } else if (json j; auto bad = io::parseJsonLine(line, path, lineNo, "sweep result line", &j)) {
      // JSON, but refused (a key twice, a number out of range, too deep): not torn
      if (!bad->syntax)
        throw SweepError(fmt::format(
            "{}. Fix or remove the line, or run the sweep again with --restart", bad->message));
      problem = bad->message;
    } else {
      try {
        m = fromJson(j);
      } catch (const std::exception& e) {
        problem = fmt::format("{}:{}: not a sweep result line ({})", path, lineNo, e.what());
      }
    }
    if (!problem.empty()) {
      if (last) {  // torn by an interrupted write: cut off and redo
        rf.torn = true;
        break;
      }
      throw SweepError(fmt::format(
          "{}; only the last line may be torn. Fix or remove the line, or run the sweep again "
          "with --restart",
          problem));
    }
    rf.runs.push_back(std::move(m));
    rf.lines.push_back(lineNo);
    pos = nl + 1;
    rf.goodBytes = pos;
  }
  return rf;
}

namespace {

std::string keyName(const RunKey& k) {
  return fmt::format("{} on {}, GOMAXPROCS={}, seed {}", k.scenario, k.era, k.procs, k.seed);
}

// Appends whole lines to the results file, flushing each.
class LineAppender {
 public:
  explicit LineAppender(const std::string& path) : path_(path) {
    f_ = std::fopen(path.c_str(), "ab");
    if (!f_) {
      throw SweepError(
          fmt::format("{}: cannot open for appending: {}", path, std::strerror(errno)));
    }
  }
  ~LineAppender() {
    if (f_) std::fclose(f_);
  }
  LineAppender(const LineAppender&) = delete;
  LineAppender& operator=(const LineAppender&) = delete;
  void append(const std::string& line) {
    std::string whole = line + "\n";
    if (std::fwrite(whole.data(), 1, whole.size(), f_) != whole.size() || std::fflush(f_) != 0) {
      throw SweepError(fmt::format("{}: cannot write: {}", path_, std::strerror(errno)));
    }
  }

 private:
  std::string path_;
  std::FILE* f_ = nullptr;
};

}  // namespace

SweepOutcome runSweep(const SweepConfig& cfg, const std::function<void(size_t, size_t)>& progress) {
  std::vector<RunKey> keys = gridKeys(cfg);
  json shardTag;  // what each line of a shard's results file carries
  if (cfg.shard) {
    SweepConfig whole = cfg;
    whole.shard.reset();
    shardTag = {{"index", cfg.shard->index},
                {"count", cfg.shard->count},
                {"grid_runs", gridKeys(whole).size()}};
  }
  SweepOutcome out;
  out.planned = keys.size();
  std::map<std::string, std::string> inputs;  // scenario id -> inputs hash
  std::map<std::string, const ScenarioInput*> byId;
  for (const auto& s : cfg.scenarios) {
    inputs[s.id] = inputsHash(s, cfg.settings);
    byId[s.id] = &s;
  }

  std::error_code ec;
  // before --restart's remove, which would take an empty directory with it
  if (fs::exists(cfg.out, ec) && !fs::is_regular_file(cfg.out, ec)) {
    throw SweepError(fmt::format(
        "--out {}: {}; --out names the results file (JSON Lines) the sweep writes and resumes",
        cfg.out, io::regularFileProblem(cfg.out)));
  }
  if (cfg.restart) fs::remove(cfg.out, ec);
  ResultsFile rf = readResults(cfg.out);
  if (rf.torn) {
    fs::resize_file(cfg.out, rf.goodBytes, ec);
    if (ec)
      throw SweepError(fmt::format("{}: cannot cut the torn last line: {}", cfg.out, ec.message()));
    out.tornRedone = true;
  }

  std::vector<std::optional<RunMetrics>> results(keys.size());
  for (size_t li = 0; li < rf.runs.size(); li++) {
    RunMetrics& m = rf.runs[li];
    size_t at = keys.size();
    for (size_t i = 0; i < keys.size(); i++) {
      if (keys[i] == m.key) {
        at = i;
        break;
      }
    }
    if (at == keys.size()) {
      out.foreign++;
      continue;
    }
    if (results[at]) continue;  // a duplicate: the first line wins
    if (m.inputs != inputs[m.key.scenario]) {
      throw SweepError(fmt::format(
          "{}:{}: the result for {} was computed from other inputs (the scenario file, --set, "
          "the cost model or a limit changed); use --restart to discard the file, or another --out",
          cfg.out, rf.lines[li], keyName(m.key)));
    }
    results[at] = std::move(m);
    out.reused++;
  }

  std::vector<size_t> todo;
  for (size_t i = 0; i < keys.size(); i++)
    if (!results[i]) todo.push_back(i);
  size_t done = out.reused;
  if (progress) progress(done, keys.size());

  LineAppender file(cfg.out);
  size_t nextToWrite = 0;  // index into todo: lines are written in grid order
  runParallel(
      todo.size(), cfg.jobs,
      [&](size_t t) {
        const RunKey& k = keys[todo[t]];
        RunMetrics m = runPoint(*byId.at(k.scenario), k, cfg.settings);
        m.inputs = inputs.at(k.scenario);
        return m;
      },
      [&](size_t t, RunMetrics&& m) {
        if (interruptedRun(m)) {
          throw SweepInterrupted(
              fmt::format("{} of the {} runs are in {}; the same command runs the others",
                          out.reused + nextToWrite, keys.size(), cfg.out));
        }
        results[todo[t]] = std::move(m);
        while (nextToWrite < todo.size() && results[todo[nextToWrite]]) {
          json line = toJson(*results[todo[nextToWrite]]);
          if (cfg.shard) line["shard"] = shardTag;
          file.append(line.dump());
          nextToWrite++;
        }
        out.ran++;
        done++;
        if (progress) progress(done, keys.size());
      });
  for (auto& r : results)
    out.results.push_back(std::move(*r));
  return out;
}

}  // namespace gotimers::metrics

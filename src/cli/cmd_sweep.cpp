// gotimers sweep: scenarios x eras x GOMAXPROCS x seeds in parallel, one JSON Lines result per
// run in a results file that an interrupted sweep resumes from (metrics/sweep.h), then a
// summary table of one metric. A progress bar is drawn only when stderr is a terminal.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/cli.h"
#include "cli/common.h"
#include "cli/compare_outputs.h"
#include "cli/scenario_input.h"
#include "cli/scenario_paths.h"
#include "eras/registry.h"
#include "io/atomic_file.h"
#include "metrics/format.h"
#include "metrics/spikes.h"
#include "metrics/sweep.h"
#include "metrics/sweep_merge.h"

namespace gotimers::cli {

namespace {

struct SweepArgs {
  std::vector<std::string> scenarios;
  std::string eras = "go1.9,go1.13,go1.14";
  std::string procs = "1..16";
  std::string seeds = "1";
  // what every run shares: --set, --time-limit, --event-limit, --cost-model, --ncpu
  ScenarioArgs common;
  std::string out = "sweep.jsonl";
  std::string metric = "ns_per_op";
  int jobs = 0;
  bool restart = false;
  std::string shard;  // K/N
  OutputArgs outputs;
  TableLayoutArgs layout;  // only its --width
};

struct MergeArgs {
  std::vector<std::string> shards;
  std::string out;
};

// "[=========>          ] 123/528 runs, 1m02s, about 2m05s left" on one terminal line.
class ProgressBar {
 public:
  explicit ProgressBar(bool on) : on_(on), start_(std::chrono::steady_clock::now()) {}
  void update(size_t done, size_t total) {
    if (!on_ || total == 0) return;
    if (first_) {
      first_ = false;
      doneAtStart_ = done;
    }
    constexpr size_t kWidth = 30;
    size_t fill = done * kWidth / total;
    std::string bar(fill, '=');
    if (fill < kWidth) bar += '>' + std::string(kWidth - fill - 1, ' ');
    double secs = elapsed();
    std::string eta;
    if (done > doneAtStart_ && done < total) {
      double left = secs / double(done - doneAtStart_) * double(total - done);
      eta = fmt::format(", about {} left", clock(left));
    }
    std::cerr << fmt::format("\r[{}] {}/{} runs, {}{}\033[K", bar, done, total, clock(secs), eta)
              << std::flush;
  }
  void finish() {
    if (on_ && !first_) std::cerr << fmt::format("\nsweep took {}\n", clock(elapsed()));
  }

 private:
  double elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
  static std::string clock(double s) {
    int t = static_cast<int>(s + 0.5);
    return t >= 60 ? fmt::format("{}m{:02}s", t / 60, t % 60) : fmt::format("{}s", t);
  }
  bool on_;
  bool first_ = true;
  size_t doneAtStart_ = 0;
  std::chrono::steady_clock::time_point start_;
};

int sweep(const SweepArgs& a) {
  metrics::SweepConfig cfg;
  // the scenarios: as named, or every shipped benchmark
  std::vector<std::pair<std::string, std::string>> named;  // id, argument
  if (a.scenarios.empty()) {
    for (const auto& rel : shippedScenarios()) {
      if (rel.rfind("benchmarks/", 0) != 0) continue;
      std::string id = rel.substr(0, rel.size() - 5);  // drop .json
      named.emplace_back(id, id);
    }
    if (named.empty()) {
      return badInput(
          fmt::format("no shipped benchmark scenarios under {}/benchmarks", scenariosDir()));
    }
  } else {
    for (const auto& s : a.scenarios)
      named.emplace_back(s, s);
  }
  for (const auto& [id, arg] : named) {
    ScenarioArgs sa = a.common;
    sa.scenario = arg;
    int status = 0;
    auto in = loadInput(sa, {}, false, &status);
    if (!in) return status;
    in->id = id;
    cfg.scenarios.push_back(std::move(*in));
  }
  if (!parseEraList(a.eras, &cfg.eras)) return 2;
  if (!parseProcs(a.procs, "--procs", &cfg.procs)) return 2;
  std::vector<int64_t> seeds;
  std::string err;
  if (!metrics::parseIntList(a.seeds, 0, INT64_MAX / 2, &seeds, &err)) {
    return badInput(fmt::format("--seeds {}: {}", a.seeds, err));
  }
  cfg.seeds.assign(seeds.begin(), seeds.end());
  scenario::RunOptions opts;
  if (!runOptionsFromArgs(a.common, &opts)) return 2;
  if (metrics::metricIndex(a.metric) < 0) {
    return badInput(unknownMetric("--metric", a.metric));
  }
  if (!checkOutputArgs(a.outputs)) return 2;
  cfg.settings = {opts.timeLimit, opts.eventLimit, opts.cost, opts.limits};
  cfg.out = a.out;
  cfg.jobs = a.jobs > 0 ? a.jobs : metrics::defaultJobs();
  cfg.restart = a.restart;
  if (!a.shard.empty()) {
    metrics::Shard sh;
    if (!metrics::parseShard(a.shard, &sh, &err))
      return badInput(fmt::format("--shard {}: {}", a.shard, err));
    cfg.shard = sh;
  }

  ProgressBar bar(isatty(STDERR_FILENO) != 0);
  metrics::SweepOutcome res;
  try {
    res = metrics::runSweep(cfg, [&](size_t done, size_t total) { bar.update(done, total); });
  } catch (const metrics::SweepError& e) {
    bar.finish();
    return badInput(e.what());
  } catch (const metrics::SweepInterrupted& e) {
    bar.finish();
    std::cerr << fmt::format("gotimers: sweep interrupted ({}): {}\n",
                             rt::signalName(interruptFlag()->load()), e.what());
    return 130;
  }
  bar.finish();
  std::cerr << fmt::format(
      "sweep: {} runs{}: {} from {}, {} run now{}{}\n", res.planned,
      cfg.shard ? fmt::format(" (shard {}/{})", cfg.shard->index, cfg.shard->count) : "",
      res.reused, cfg.out, res.ran,
      res.tornRedone ? "; a torn last line was cut off and redone" : "",
      res.foreign ? fmt::format("; {} lines of other runs kept", res.foreign) : "");
  std::vector<std::string> ids;
  for (const auto& s : cfg.scenarios)
    ids.push_back(s.id);
  metrics::TableOptions table;
  if (!tableLayoutFromArgs(a.layout, &table)) return 2;
  std::cout << metrics::sweepTable(res.results, ids, cfg.eras, cfg.procs, a.metric, table.width);
  std::cout << metrics::spikeNotes(
      metrics::findSpikes(res.results, ids, cfg.eras, cfg.procs, a.metric), a.metric);
  int worst = 0;
  for (const auto& r : res.results) {
    if (r.exitCode != 0 && !r.skipped()) {
      std::cout << fmt::format(
          "note: {} on {} at GOMAXPROCS={}, seed {} ended with {} (exit "
          "status {})\n",
          r.key.scenario, r.key.era, r.key.procs, r.key.seed, r.exit, r.exitCode);
    }
    worst = std::max(worst, r.exitCode);
  }
  OutputContext ctx{"", "", cfg.eras, cfg.procs, cfg.seeds};
  if (!writeOutputs(a.outputs, ctx, res.results)) return 2;
  return worst;
}

int merge(const MergeArgs& a) {
  for (const auto& p : a.shards) {
    std::error_code ec;
    if (std::filesystem::equivalent(p, a.out, ec)) {
      return badInput(fmt::format(
          "sweep merge: -o {} is also a shard to merge; write the merge to another file", a.out));
    }
  }
  std::string text;
  try {
    text = metrics::mergeShards(a.shards);
  } catch (const metrics::SweepError& e) {
    return badInput(e.what());
  }
  std::string err;
  if (!io::writeFileAtomic(a.out, text, &err)) return badInput(err);
  std::cerr << fmt::format("sweep merge: {} shards, {} runs, in grid order in {}\n",
                           a.shards.size(), std::count(text.begin(), text.end(), '\n'), a.out);
  return 0;
}

}  // namespace

void addSweepCommand(CLI::App& app, CliState& st) {
  auto args = std::make_shared<SweepArgs>();
  auto* c = app.add_subcommand(
      "sweep", "Run scenarios x eras x GOMAXPROCS x seeds in parallel; resumable results file");
  c->footer(
      "Examples:\n"
      "  gotimers sweep                                  # every benchmark, 3 eras, GOMAXPROCS "
      "1..16\n"
      "  gotimers sweep sleep stop --procs 1,2,4,8 --seeds 1..3 --out s.jsonl\n"
      "  gotimers sweep --out s.jsonl                    # again: resumes, runs only what is "
      "missing\n"
      "Results: one JSON object per line and run in --out, appended and flushed line by line;\n"
      "an interrupted sweep resumes where it stopped (a torn last line is redone).\n"
      "Exit status: 0 ok, 1 an expectation failed in some run, 2 bad input, 3 a limit was hit,\n"
      "130 interrupted (Ctrl-C; the same command resumes).");
  c->add_option("scenarios", args->scenarios,
                "Scenario files or shipped names (default: every scenario in benchmarks/)");
  c->add_option("--eras,--era", args->eras,
                "Eras: a comma-separated list of " + eras::eraNames() + ", or all")
      ->capture_default_str();
  c->add_option("--procs", args->procs,
                "GOMAXPROCS values: a list and/or ranges, e.g. 1..16 or 1,2,4,8")
      ->capture_default_str();
  c->add_option("--seeds", args->seeds, "Seeds: a list and/or ranges, e.g. 1..5")
      ->capture_default_str();
  c->add_option("--set", args->common.sets,
                "Override a parameter of every scenario: NAME=VALUE (repeatable)");
  c->add_option("--time-limit", args->common.timeLimit, "Virtual-time limit per run, e.g. 10m");
  c->add_option("--event-limit", args->common.eventLimit, "Maximum simulation events per run");
  addCostOptions(c, args->common);
  c->add_option("-o,--out", args->out, "The JSON Lines results file (resumed if it exists)")
      ->capture_default_str();
  c->add_flag("--restart", args->restart, "Discard an existing results file first");
  c->add_option("--shard", args->shard,
                "Run only slice K of N of the grid (K/N), for a machine of its own; `sweep "
                "merge` joins the slices' files");
  c->add_option("-j,--jobs", args->jobs, "Runs at once (default: the machine's hardware threads)")
      ->check(CLI::Range(1, 1024));
  c->add_option("--metric", args->metric, "The metric of the summary table")->capture_default_str();
  c->add_option("--width", args->layout.width,
                "Columns the summary table should fit (default: $COLUMNS, else the terminal's, "
                "else 100)")
      ->check(CLI::Range(40, 10000));
  addOutputOptions(c, args->outputs, /*withChart=*/false);
  auto margs = std::make_shared<MergeArgs>();
  auto* m = c->add_subcommand(
      "merge", "Join the results files of a sharded sweep into the unsharded sweep's file");
  m->footer(
      "Example (3 shards, one per machine, then the merge):\n"
      "  gotimers sweep sleep stop --procs 1..16 --shard 1/3 --out s1.jsonl   # and 2/3, 3/3\n"
      "  gotimers sweep merge -o sweep.jsonl s1.jsonl s2.jsonl s3.jsonl\n"
      "The result is byte for byte the file the sweep without --shard writes.");
  m->add_option("shards", margs->shards, "The shards' results files, in any order")->required();
  m->add_option("-o,--out", margs->out, "The merged results file (written whole, or not at all)")
      ->required();
  m->callback([margs, &st] { st.exit = merge(*margs); });
  c->callback([args, m, &st] {
    if (m->parsed()) return;
    st.exit = sweep(*args);
  });
}

}  // namespace gotimers::cli

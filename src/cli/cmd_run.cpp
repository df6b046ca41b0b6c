// gotimers run: one scenario on one era or several, with its output, summary and expectations.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/cli.h"
#include "cli/common.h"
#include "cli/go_test_args.h"
#include "cli/scenario_input.h"
#include "eras/registry.h"
#include "io/atomic_file.h"
#include "metrics/snapshot_estimate.h"
#include "metrics/summary.h"
#include "program/gofront.h"
#include "program/run.h"
#include "program/vm.h"
#include "trace/jsonl.h"
#include "trace/order.h"
#include "trace/perfetto.h"

namespace gotimers::cli {

namespace fs = std::filesystem;

namespace {

struct RunArgs {
  ScenarioArgs scenario;
  std::string era = "go1.9";
  std::string trace;
  std::string traceFilter;
  bool heapSnapshots = false;
  std::string perfetto;
  bool quiet = false;
  std::vector<std::string> progArgs;  // after `--`: os.Args[1:] of a Go program
  bool dashDash = false;
  GoTestArgs test;  // --run, --bench, --benchtime
};

// trace.jsonl -> trace.go1.9.jsonl when several eras write traces.
std::string tracePath(const std::string& path, const std::string& era, bool perEra) {
  if (!perEra) return path;
  auto dot = path.rfind('.');
  auto slash = path.rfind('/');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) {
    return path + "." + era;
  }
  return path.substr(0, dot) + "." + era + path.substr(dot);
}

void printResult(const scenario::Scenario& s, const std::string& era,
                 const scenario::ScenarioResult& res, bool quiet) {
  std::cout << fmt::format("== {} on {}, GOMAXPROCS={}, seed {} ==\n", s.name, era, res.gomaxprocs,
                           res.seed);
  std::cout << res.program.output;
  // the program's panics and fatal errors, and a limit's message: stderr, as Go writes its own
  // (std::cerr is tied to std::cout, so the lines come out in order on a terminal)
  if (!res.program.run.report.empty()) std::cerr << res.program.run.report;
  if (!quiet) {
    if (res.program.leakedGoroutines > 0) {
      std::cout << fmt::format("leak report: {} goroutine(s) still blocked at exit:\n{}",
                               res.program.leakedGoroutines, res.program.leakReport);
    }
    if (!res.program.timerReport.empty()) {
      std::cout << "timers still in heaps at exit:\n" << res.program.timerReport;
    }
    std::cout << metrics::formatSummary(res.program, res.expectedEnding);
    if (res.bench.complete()) {
      std::cout << fmt::format("benchmark: b.N={} in {} ns: {:.0f} ns/op\n", res.bench.n,
                               res.bench.end - res.bench.start, res.bench.nsPerOp());
    }
  } else {
    std::cout << fmt::format("ended: {}{}\n", metrics::exitKindName(res.program.run.kind),
                             res.expectedEnding ? " (expected)" : "");
  }
  for (const auto& f : res.failures)
    std::cout << "FAIL " << f << "\n";
  if (!res.failures.empty()) {
    std::cout << fmt::format("{} expectation(s) failed\n", res.failures.size());
  }
  std::cout << "\n";
}

// --trace-heap-snapshots writes every timer of a heap after each change: gigabytes on a
// contention scenario. Before writing, a run without snapshots estimates the size; above
// kSnapshotWarnBytes, stderr says so (the run goes on: Ctrl-C stops it and leaves no file).
constexpr uint64_t kSnapshotWarnBytes = 256ull << 20;

void warnSnapshotSize(const metrics::ScenarioInput& in, scenario::RunOptions opts,
                      const std::string& era, const std::string& path) {
  metrics::SnapshotEstimate est;
  opts.era = era;
  opts.sink = &est;
  std::string errText;
  auto res = metrics::runInput(in, opts, &errText);
  if (res.program.run.kind == rt::ExitKind::Interrupted || est.bytes() < kSnapshotWarnBytes) return;
  std::cerr << fmt::format(
      "gotimers: warning: --trace-heap-snapshots on {}: {} will hold about {:.1f} GB of heap "
      "snapshots ({} heap changes, each writing its heap of up to {} timers; estimated by a run "
      "without them); writing it (Ctrl-C stops and leaves no file)\n",
      era, path, double(est.bytes()) / 1e9, est.snapshots(), est.maxLength());
}

// gotimers run: a JSON scenario, or a Go program (the front end lowers it to the IR, the VM
// runs it), on each era; the same output, summary, traces and exit status for both.
int run(const RunArgs& a) {
  const bool isGo = program::isGoProgramPath(a.scenario.scenario);
  std::optional<metrics::ScenarioInput> in;
  int status = 0;
  if (!isGo) {
    if (a.dashDash || a.test.given()) {
      return badInput(
          "arguments after --, --run and --bench are for Go programs (a .go file or a "
          "directory); a JSON scenario takes --set NAME=VALUE");
    }
    in = loadInput(a.scenario, {}, false, &status);
    if (!in) return status;
  }
  std::vector<std::string> eraList;
  if (!parseEraList(a.era, &eraList)) return 2;
  scenario::RunOptions opts;
  if (!runOptionsFromArgs(a.scenario, &opts)) return 2;
  if (isGo) {
    in = loadInput(a.scenario, a.progArgs, a.dashDash, &status);
    if (!in) return status;
    in->scenario.name = a.scenario.scenario;  // the run header names the file
    if (!applyGoTestArgs(a.test, a.scenario.scenario, &*in)) return 2;
  }
  const scenario::Scenario* s = &in->scenario;
  uint32_t cats = trace::kAllCats;
  if (std::string err; !trace::parseCatList(a.traceFilter, &cats, &err)) {
    return badInput(fmt::format("--trace-filter {}: {}", a.traceFilter, err));
  }
  // one file cannot be both the JSON Lines trace (of some era) and the Perfetto file
  if (!a.trace.empty() && !a.perfetto.empty()) {
    std::error_code ec;
    auto same = [&ec](const std::string& x, const std::string& y) {
      return fs::weakly_canonical(x, ec) == fs::weakly_canonical(y, ec);
    };
    for (const auto& era : eraList) {
      std::string path = tracePath(a.trace, era, eraList.size() > 1);
      if (same(path, a.perfetto)) {
        return badInput(fmt::format(
            "--trace {} and --perfetto {}: both would write {}; give them different files", a.trace,
            a.perfetto, path));
      }
    }
  }
  // every era of the run goes into one Perfetto file, one process each, side by side
  // streamed into FILE.tmp as the runs go; renamed to FILE once every era has run
  io::AtomicWriter perfettoFile;
  std::unique_ptr<trace::PerfettoTrace> perfetto;
  if (!a.perfetto.empty()) {
    std::string err;
    if (!perfettoFile.open(a.perfetto, &err)) return badInput(err);
    perfetto = std::make_unique<trace::PerfettoTrace>(
        std::string("gotimers ") + GOTIMERS_VERSION,
        [&perfettoFile](std::string_view piece) { perfettoFile.write(piece); });
  }
  int worst = 0;
  std::vector<std::string> written;  // complete traces, for the interrupt message
  for (const auto& era : eraList) {
    opts.era = era;
    if (const eras::EraInfo* info = eras::findEra(era); info && info->goMinor < s->minGoMinor) {
      // "minGo": the program would not compile with this era's Go version
      std::cout << fmt::format("== {} on {} ==\nskipped: needs Go 1.{}\n\n", s->name, era,
                               s->minGoMinor);
      continue;
    }
    const int procs = opts.procs > 0 ? opts.procs : s->gomaxprocs;
    const uint64_t seed = opts.seed.value_or(s->seed);
    // the event stream: runtime -> OrderedSink (virtual-time order) -> JSONL and/or Perfetto
    std::unique_ptr<trace::JsonlSink> traceSink;
    trace::TeeSink tee;
    trace::OrderedSink ordered(&tee);
    std::string path;
    if (!a.trace.empty()) {
      path = tracePath(a.trace, era, eraList.size() > 1);
      if (a.heapSnapshots) warnSnapshotSize(*in, opts, era, path);
      try {
        traceSink = std::make_unique<trace::JsonlSink>(
            path, traceHeader(*s, era, procs, seed, opts.cost ? &*opts.cost : nullptr, cats), cats,
            a.heapSnapshots, trace::traceFormatFor(path));
      } catch (const std::exception& e) {
        return badInput(e.what());
      }
      tee.add(traceSink.get());
    }
    trace::PerfettoRun* perfettoRun = nullptr;
    if (perfetto) {
      perfettoRun = &perfetto->beginRun(
          fmt::format("{} on {} (GOMAXPROCS={}, seed {})", s->name, era, procs, seed));
      tee.add(perfettoRun);
    }
    opts.sink = traceSink || perfettoRun ? &ordered : nullptr;
    std::string errText;  // a Go program's stderr
    auto res = metrics::runInput(*in, opts, &errText);
    opts.sink = nullptr;
    ordered.flush();
    if (res.program.run.kind == rt::ExitKind::Interrupted) {
      // Stop here: no partial trace (the sink's destructor removes FILE.tmp), no more eras.
      traceSink.reset();
      perfettoFile.abandon();
      std::vector<std::string> lost;
      for (const std::string* f : {static_cast<const std::string*>(&path), &a.perfetto})
        if (!f->empty()) lost.push_back(*f);
      printResult(*s, era, res, a.quiet);
      std::cerr << fmt::format(
          "gotimers: interrupted during {}: {}{}\n", era,
          lost.empty() ? "no output file was being written"
                       : fmt::format("{} {} not written (partial .tmp files removed)",
                                     fmt::join(lost, " and "), lost.size() > 1 ? "were" : "was"),
          written.empty() ? ""
                          : fmt::format("; complete traces kept: {}", fmt::join(written, ", ")));
      return 130;
    }
    if (perfettoRun) perfettoRun->finish(res.program.run.endTime);
    if (traceSink) {
      std::string err;
      if (!traceSink->finish(&err)) return badInput(err);
      written.push_back(path);
      if (rt::isLimit(res.program.run.kind) || res.program.run.kind == rt::ExitKind::CheckFailed) {
        res.program.run.report +=
            fmt::format("gotimers: the trace {} is complete up to where the run stopped\n", path);
      }
    }
    printResult(*s, era, res, a.quiet);
    std::cout.flush();
    std::cerr << errText;
    worst = std::max(worst, res.exitCode());
  }
  if (perfetto) {
    perfetto->finish();
    std::string err;
    if (!perfettoFile.commit(&err)) return badInput(err);
  }
  return worst;
}

}  // namespace

void addRunCommand(CLI::App& app, CliState& st) {
  auto args = std::make_shared<RunArgs>();
  auto* c = app.add_subcommand("run", "Run a scenario on one era or several");
  c->footer(
      "Examples:\n"
      "  gotimers run timer-basics\n"
      "  gotimers run scenarios/pitfalls/after-in-loop.json --era all --procs 4\n"
      "  gotimers run after-in-loop --set N=10000 --seed 7\n"
      "  gotimers run prog.go --era all -- -n 5000\n"
      "  gotimers run sleep_test.go --bench StartStop --procs 4\n"
      "A Go program's own arguments go after --; --set NAME=V passes it -NAME=V.\n"
      "Exit status: 0 ok, 1 an expectation failed, 2 bad input or an unexpected deadlock/panic,\n"
      "3 a limit was hit, 130 interrupted (SIGINT), 143 stopped (SIGTERM).");
  addScenarioOptions(c, args->scenario);
  c->add_option("--era", args->era,
                "Era to run: " + eras::eraNames() + ", a comma-separated list, or all")
      ->capture_default_str();
  c->add_option("--trace", args->trace,
                "Write the event log as JSON Lines to FILE (several eras: FILE.<era>.jsonl); "
                "FILE.gtb: as binary records, 6-8x smaller and faster (trace convert turns it "
                "into JSON Lines)");
  c->add_option("--trace-filter", args->traceFilter,
                "Categories to write to --trace: comma-separated heap, lock, status, sched, timer, "
                "chan, proc, user (default all)");
  c->add_flag("--trace-heap-snapshots", args->heapSnapshots,
              "Write a heap.snapshot (every timer of the heap) after each heap change to --trace");
  c->add_option("--perfetto", args->perfetto,
                "Write a Perfetto / chrome://tracing trace to FILE (all eras in one file)");
  c->add_flag("-q,--quiet", args->quiet, "Print only the program output and how it ended");
  addGoTestOptions(c, args->test);
  c->callback([args, &st] {
    args->progArgs = st.programArgs;
    args->dashDash = st.dashDash;
    st.exit = run(*args);
  });
}

}  // namespace gotimers::cli

// The bodies of the libFuzzer targets, shared with the regression test that replays every
// input a fuzzer once crashed on (tests/unit/test_fuzz_regressions.cpp), so a fixed crash
// stays fixed in the ordinary test suite too.
//
// Contract of every target: for any input bytes, return normally. Bad input must end in the
// reader's own error (a message): a ScenarioError (scenarios, cost models, calibration
// references), a heap-lab ParseError, an IR LoadError, a SweepError (sweep results), the
// trace readers' error strings, a CLI11 parse error turned into its message and exit 2; a
// runaway program in a limit. Anything else that escapes (another exception, a sanitizer
// report, a crash, a hang) is a bug.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/app.h"
#include "eras/registry.h"
#include "fuzz/ir_invariants.h"
#include "heaplab/lab.h"
#include "heaplab/ops.h"
#include "metrics/calibration.h"
#include "metrics/figure_check.h"
#include "metrics/figure_set.h"
#include "metrics/format.h"
#include "metrics/reference_file.h"
#include "metrics/sweep.h"
#include "metrics/sweep_select.h"
#include "metrics/trace_stats.h"
#include "program/ir.h"
#include "scenario/cost_file.h"
#include "scenario/duration.h"
#include "scenario/interpreter.h"
#include "scenario/scenario.h"
#include "trace/binary.h"
#include "trace/check.h"

namespace gotimers::fuzz {

// fn()'s result, or nullopt when it threw Error (bad input answered with its message).
template <typename Error, typename F>
auto parsedOr(F fn) -> std::optional<decltype(fn())> {
  try {
    return fn();
  } catch (const Error&) {
    return std::nullopt;
  }
}

// The scenario loader and the duration parser on arbitrary text.
inline void scenarioLoad(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::string err;
  (void)scenario::parseDuration(text, &err);
  try {
    scenario::Scenario s = scenario::parseScenario("fuzz.json", text);
    (void)s.where("/main/0");
  } catch (const scenario::ScenarioError&) {
  }
}

// Loads the input and, if it is a valid scenario, runs it with --check and small limits on
// an era picked from the input's length (so every era gets inputs).
inline void scenarioRun(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto parsed =
      parsedOr<scenario::ScenarioError>([&] { return scenario::parseScenario("fuzz.json", text); });
  if (!parsed) return;
  const scenario::Scenario& s = *parsed;
  static const char* const kEras[] = {"go1.9", "go1.13", "go1.14@go1.14", "go1.14@go1.15",
                                      "go1.14"};
  scenario::RunOptions o;
  o.era = kEras[size % 5];
  o.check = true;
  o.timeLimit = 10 * Second;
  o.eventLimit = 20'000;
  o.limits = [](rt::RunConfig& c) {
    c.goroutineLimit = 200;
    c.timerLimit = 2'000;
    c.memoryLimit = 16 << 20;
    c.spinLimit = 10'000;
    c.wallLimitMs = 5'000;
    c.gomaxprocs = c.gomaxprocs > 8 ? 8 : c.gomaxprocs;
  };
  (void)scenario::runScenario(s, o);
}

// The heap-lab operation parser (`gotimers heap --ops TEXT`) on arbitrary text. Text that
// parses is run on every era's heap lab with --check (the era's heap checks after every heap
// operation and event) and the recorder's self-check; only inputs of at most 32 operations
// and 64 timers run, so no input runs long. A lab error (no such timer, pop on an empty heap,
// time going back) is an answer; a failed check, an abnormal end of the lab program or a
// recorder mismatch throws, which the fuzzer reports as a crash.
inline void heaplabParse(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  heaplab::ParseResult parsed = heaplab::parseOps(text);
  if (parsed.error) {
    if (!parsed.ops.empty() || parsed.error->pos > size)
      throw std::logic_error("parseOps: an error with operations, or past the end of the text");
    (void)parsed.error->format();
    return;
  }
  size_t timers = 0;
  int maxP = 0;
  for (const heaplab::Op& op : parsed.ops) {
    timers += op.timers.size();
    for (const heaplab::TimerArg& a : op.timers)
      maxP = std::max(maxP, a.p);
  }
  if (parsed.ops.size() > 32 || timers > 64 || maxP > 15) return;  // bounded runs
  rt::RunConfig::checkByDefault = true;  // runLab's runs are checked, as with --check
  for (const eras::EraInfo& era : eras::allEras()) {
    heaplab::LabOutcome out = heaplab::runLab(parsed.ops, era.name);
    if (out.error) {
      (void)out.error->format();
      continue;
    }
    if (out.result->mismatches != 0)
      throw std::logic_error("heap lab recorder: frames differ from the heap on " + era.name);
  }
}

// The Go program loader (src/program/ir_load.cpp) on arbitrary text as an IR document
// (docs/go-ir.md): it loads, or is refused with a LoadError ("malformed IR: ...", or an
// extern not yet in the VM). A program that loads is not run (the VM trusts the types the
// front end checked, which the loader does not re-check), but it must meet every invariant
// the VM relies on for indices (fuzz/ir_invariants.h), and every position must print.
inline void irLoad(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  program::Program p;
  try {
    p = program::loadProgram(text);
  } catch (const program::LoadError&) {
    return;
  }
  IrInvariants(p).check();
  for (size_t i = 0; i < p.positions.size(); i++)
    (void)p.where(static_cast<int32_t>(i));
}

// The cost-model reader (`--cost-model FILE`, src/scenario/cost_file.cpp) on arbitrary text:
// a cost model, or a ScenarioError; every field of a model that loads is within its range.
inline void costModel(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto c = parsedOr<scenario::ScenarioError>(
      [&] { return scenario::parseCostModel("fuzz.json", text); });
  if (!c) return;
  for (const auto& [name, v] : c->values()) {
    rt::CostModel::Range r = rt::CostModel::range(name);
    if (v < r.min || v > r.max)
      throw std::logic_error("parseCostModel: " + name + " out of its range");
  }
}

// The calibration reference reader (`calibrate --reference FILE`,
// src/metrics/reference_file.cpp): a reference with at least one change, each from positive
// finite figures, or a ScenarioError.
inline void reference(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto ref =
      parsedOr<scenario::ScenarioError>([&] { return metrics::parseReference("fuzz.json", text); });
  if (!ref) return;
  if (ref->changes.empty()) throw std::logic_error("parseReference: a reference without changes");
}

// The calibration figure-set reader (`calibrate --set FILE`, src/metrics/figure_set.cpp): a
// set whose every figure is positive, with an era, in "versions" order, and whose changes
// join figures of one benchmark; checked against itself (each figure simulated as published)
// it meets every target. Anything else is a ScenarioError.
inline void figureSet(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto set =
      parsedOr<scenario::ScenarioError>([&] { return metrics::parseFigureSet("fuzz.json", text); });
  if (!set) return;
  size_t v = 0;
  for (const auto& f : set->figures) {
    if (!(f.nsPerOp > 0) || f.era.empty() || f.era != metrics::eraForGoVersion(f.goVersion))
      throw std::logic_error("parseFigureSet: a figure without a positive value or its era");
    while (v < set->versions.size() && set->versions[v] != f.goVersion)
      v++;
    if (v == set->versions.size()) throw std::logic_error("parseFigureSet: figures out of order");
  }
  for (const auto& c : metrics::figureChanges(*set))
    if (set->figures[c.from].goName != set->figures[c.to].goName)
      throw std::logic_error("figureChanges: a change between two benchmarks");
  std::vector<metrics::FigureSet> sets = {*set};
  metrics::FigureCheck check = metrics::checkFigures(
      sets, [&](size_t s, size_t f) { return std::vector<double>{sets[s].figures[f].nsPerOp}; });
  if (!check.targetsMet() || check.score() != 0)
    throw std::logic_error("checkFigures: a set does not meet its own figures");
  (void)metrics::formatFigureCheck(check, "fuzz");
}

// The sweep results reader (what `compare --from FILE` and a resumed sweep read,
// src/metrics/sweep.cpp), then what compare --from does with the runs: select the first
// run's scenario (a std::runtime_error says what the file lacks) and print its table and
// JSON. A bad line is a SweepError.
inline void sweepResults(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto rf =
      parsedOr<metrics::SweepError>([&] { return metrics::parseResults("fuzz.jsonl", text); });
  if (!rf || rf->runs.empty()) return;
  metrics::SweepSelectQuery q;
  q.scenario = rf->runs.front().key.scenario;
  auto sel = parsedOr<std::runtime_error>([&] { return metrics::selectFromSweep(rf->runs, q); });
  if (!sel) return;
  (void)metrics::compareTable(sel->scenario, sel->eras, sel->procs, sel->runs);
  for (const auto& r : sel->runs)
    (void)metrics::toJson(r).dump();
}

// The trace readers on the same text: `trace check` (src/trace/check.cpp: errors listed,
// never thrown) and `trace stats` (src/metrics/trace_stats.cpp: an error string, or the
// summary in text and JSON).
inline void traceRead(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  {  // a binary trace (--trace FILE.gtb) is read as the JSON Lines text it decodes to
    std::istringstream raw(text);
    if (trace::isBinaryTrace(raw)) {
      trace::BinaryTraceText decoder(raw, "fuzz.gtb");
      std::istream lines(&decoder);
      std::ostringstream decoded;
      decoded << lines.rdbuf();
      if (!decoder.error().empty() && decoder.error().rfind("fuzz.gtb: byte ", 0) != 0)
        throw std::logic_error("BinaryTraceText: an error that does not name the byte");
      text = decoded.str();
    }
  }
  {
    std::istringstream in(text);
    trace::CheckResult r = trace::checkTrace(in, "fuzz.jsonl", 5);
    if (r.errors.size() > 5 || (r.errorCount == 0) != r.errors.empty())
      throw std::logic_error("checkTrace: the errors listed disagree with the count");
  }
  std::istringstream in(text);
  metrics::TraceStats s;
  std::string err;
  if (!metrics::readTraceStats(in, "fuzz.jsonl", &s, &err)) {
    if (err.empty()) throw std::logic_error("readTraceStats: failed without a message");
    return;
  }
  (void)metrics::formatTraceStats(s);
  (void)metrics::traceStatsJson(s).dump(2);
}

// The command line (src/cli/app.h) on the input split into words at NUL and newline: parsed
// and validated by CLI11 as main() does, but no command runs (parseOnly), so nothing is
// simulated, read or written. A bad command line is a message and exit status 2.
inline void cliParse(const uint8_t* data, size_t size) {
  std::vector<std::string> words = {"gotimers"};
  std::string word;
  for (size_t i = 0; i <= size; i++) {
    if (i == size || data[i] == 0 || data[i] == '\n') {
      if (i < size || !word.empty()) words.push_back(word);
      word.clear();
      if (words.size() > 64) break;
    } else {
      word += static_cast<char>(data[i]);
    }
  }
  std::vector<char*> argv;
  for (auto& w : words)
    argv.push_back(w.data());
  argv.push_back(nullptr);
  cli::CliState st;
  std::unique_ptr<CLI::App> app = cli::makeApp(st);
  cli::parseOnly(*app);
  std::ostringstream out, err;
  std::optional<int> status =
      cli::parseCommandLine(*app, st, static_cast<int>(words.size()), argv.data(), out, err);
  if (status && *status != 0 && err.str().empty())
    throw std::logic_error("parseCommandLine: a failure without a message");
}

}  // namespace gotimers::fuzz

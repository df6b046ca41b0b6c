// What writing the JSON trace costs: Go's StartStop (AfterFunc(Hour) + Stop on top of 100k
// idle timers, bench_sim.cpp) untraced, and traced to a JSON Lines file through the same
// pipeline as `gotimers run --trace` (OrderedSink -> JsonlSink), or to a binary trace
// (--trace FILE.gtb). The ratio traced/untraced of the two times per iteration is the
// overhead the issue bounds (<= 2x). Reported, not
// asserted. The 100k-timer setup runs outside the timed loop in both.
//
// The traced cost splits into two parts measured on their own: FormatLines (the events of a
// StartStop run, captured once, formatted into memory: CPU per event and bytes per event)
// and WriteFile (bytes written to a file in 64 KiB chunks, as JsonlSink does, or 1 MiB: what
// the kernel charges per byte, the floor of any writer of these bytes).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <vector>

#include "eras/registry.h"
#include "go/program.h"
#include "go/time.h"
#include "scenario/interpreter.h"
#include "scenario/scenario.h"
#include "scenario/trace_header.h"
#include "trace/header.h"
#include "trace/jsonl.h"
#include "trace/jsonl_line.h"
#include "trace/order.h"

using namespace gotimers;
using namespace gotimers::go;

// traced: to a JSON Lines file, or with binary to a binary trace (FILE.gtb).
static void startStop(benchmark::State& state, bool traced, bool binary = false) {
  const auto& eras = eras::allEras();
  const std::string era = eras[static_cast<size_t>(state.range(0))].name;
  const int live = static_cast<int>(state.range(1));
  state.SetLabel(era + (!traced ? " untraced" : binary ? " traced (binary)" : " traced"));
  ProgramOptions o;
  o.era = era;
  o.config.gomaxprocs = 1;
  o.config.eventLimit = UINT64_MAX;
  std::string path = (std::filesystem::temp_directory_path() /
                      (binary ? "gotimers-bench-trace.gtb" : "gotimers-bench-trace.jsonl"))
                         .string();
  std::unique_ptr<trace::JsonlSink> jsonl;
  std::unique_ptr<trace::OrderedSink> ordered;
  if (traced) {
    trace::HeaderInfo h;
    h.scenario = "bench StartStop";
    h.era = era;
    jsonl = std::make_unique<trace::JsonlSink>(path, trace::makeHeader(h), trace::kAllCats, false,
                                               trace::traceFormatFor(path));
    ordered = std::make_unique<trace::OrderedSink>(jsonl.get());
    o.sink = ordered.get();
  }
  auto res = runProgram(o, [&]() -> Task<void> {
    std::vector<time::TimerPtr> garbage;
    garbage.reserve(static_cast<size_t>(live));
    for (int i = 0; i < live; i++) {
      garbage.push_back(co_await time::AfterFunc(time::Hour, nullptr));
    }
    for (auto _ : state) {
      time::TimerPtr t = co_await time::AfterFunc(time::Hour, nullptr);
      bool ok = co_await t->Stop();
      benchmark::DoNotOptimize(ok);
    }
    for (auto& t : garbage)  // after the timed loop
      (void)co_await t->Stop();
  });
  if (res.run.kind != rt::ExitKind::Normal) state.SkipWithError(res.run.report.c_str());
  if (traced) {
    ordered->flush();
    std::string err;
    if (!jsonl->finish(&err)) state.SkipWithError(err.c_str());
    state.counters["trace_bytes"] = static_cast<double>(std::filesystem::file_size(path));
    state.counters["trace_lines"] = static_cast<double>(jsonl->lines());
    std::filesystem::remove(path);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * 2);
}

static void eraArgs(benchmark::internal::Benchmark* b) {
  for (size_t i = 0; i < eras::allEras().size(); i++)
    b->Args({static_cast<int64_t>(i), 100000});
}
static void BM_StartStopUntraced(benchmark::State& state) {
  startStop(state, false);
}
static void BM_StartStopTraced(benchmark::State& state) {
  startStop(state, true);
}
static void BM_StartStopTracedBinary(benchmark::State& state) {
  startStop(state, true, true);
}
// The events of 1000 StartStop iterations on top of 10k idle timers (after the setup).
static std::vector<trace::Event> startStopEvents(const std::string& era) {
  trace::MemorySink mem;
  ProgramOptions o;
  o.era = era;
  o.config.gomaxprocs = 1;
  o.sink = &mem;
  size_t setupEnd = 0;
  runProgram(o, [&]() -> Task<void> {
    std::vector<time::TimerPtr> garbage;
    for (int i = 0; i < 10000; i++) {
      garbage.push_back(co_await time::AfterFunc(time::Hour, nullptr));
    }
    setupEnd = mem.events.size();
    for (int i = 0; i < 1000; i++) {
      time::TimerPtr t = co_await time::AfterFunc(time::Hour, nullptr);
      (void)co_await t->Stop();
    }
  });
  return {mem.events.begin() + static_cast<std::ptrdiff_t>(setupEnd), mem.events.end()};
}

static void BM_FormatLines(benchmark::State& state) {
  const std::string era = eras::allEras()[static_cast<size_t>(state.range(0))].name;
  state.SetLabel(era);
  const std::vector<trace::Event> events = startStopEvents(era);
  trace::LineFormat format;
  std::vector<char> buf(events.size() * trace::LineFormat::kMaxPlainLine);
  size_t bytes = 0;
  for (auto _ : state) {
    char* p = buf.data();
    for (const auto& e : events)
      p = format.write(p, e);
    bytes = static_cast<size_t>(p - buf.data());
    benchmark::DoNotOptimize(buf.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * events.size()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.counters["bytes_per_event"] = static_cast<double>(bytes) / events.size();
  state.counters["events_per_startstop"] = static_cast<double>(events.size()) / 1000;
}

static void BM_WriteFile(benchmark::State& state) {
  std::string path =
      (std::filesystem::temp_directory_path() / "gotimers-bench-write.jsonl").string();
  std::vector<char> chunk(static_cast<size_t>(state.range(0)), 'x');
  std::FILE* f = std::fopen(path.c_str(), "wb");
  std::setvbuf(f, nullptr, _IONBF, 0);
  for (auto _ : state)
    benchmark::DoNotOptimize(std::fwrite(chunk.data(), 1, chunk.size(), f));
  std::fclose(f);
  std::filesystem::remove(path);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * chunk.size()));
}

BENCHMARK(BM_StartStopUntraced)
    ->Apply(eraArgs)
    ->MeasureProcessCPUTime()
    ->Unit(benchmark::kNanosecond);
BENCHMARK(BM_StartStopTraced)
    ->Apply(eraArgs)
    ->MeasureProcessCPUTime()
    ->Unit(benchmark::kNanosecond);
BENCHMARK(BM_StartStopTracedBinary)
    ->Apply(eraArgs)
    ->MeasureProcessCPUTime()
    ->Unit(benchmark::kNanosecond);

BENCHMARK(BM_FormatLines)->DenseRange(0, static_cast<int>(eras::allEras().size()) - 1);
BENCHMARK(BM_WriteFile)->Arg(1 << 16)->Arg(1 << 20);

// The measure: the shipped StartStop benchmark scenario (scenarios/benchmarks/
// start-stop.json) with 100k garbage timers (4 Ps x Garbage=25000) and 100k AfterFunc+Stop
// pairs (4 x Ops=25 x Batch=1000), the whole run (setup, timed region, teardown) untraced
// and traced to a JSON Lines file as `gotimers run --trace` does. Compare the two times.
constexpr const char* kScenarioEras[] = {"go1.9", "go1.13", "go1.14", "go1.23"};
static void startStopScenario(benchmark::State& state, bool traced) {
  const std::string era = kScenarioEras[state.range(0)];
  state.SetLabel(era + (traced ? " traced" : " untraced"));
  scenario::Scenario s = scenario::loadScenario(std::string(GOTIMERS_SOURCE_DIR) +
                                                "/scenarios/benchmarks/start-stop.json");
  scenario::setParam(s, "Garbage=25000");
  scenario::setParam(s, "Ops=25");
  const std::string path =
      (std::filesystem::temp_directory_path() / "gotimers-bench-scenario.jsonl").string();
  for (auto _ : state) {
    scenario::RunOptions o;
    o.era = era;
    o.check = false;
    o.eventLimit = UINT64_MAX;
    std::unique_ptr<trace::JsonlSink> jsonl;
    std::unique_ptr<trace::OrderedSink> ordered;
    if (traced) {
      jsonl = std::make_unique<trace::JsonlSink>(
          path, trace::makeHeader(scenario::traceHeaderInfo(s, era, s.gomaxprocs, s.seed)));
      ordered = std::make_unique<trace::OrderedSink>(jsonl.get());
      o.sink = ordered.get();
    }
    auto r = scenario::runScenario(s, o);
    if (ordered) ordered->flush();
    jsonl.reset();
    if (!r.failures.empty() || !r.bench.complete()) state.SkipWithError("the scenario failed");
  }
  std::remove(path.c_str());
}
static void BM_StartStopScenarioUntraced(benchmark::State& state) {
  startStopScenario(state, false);
}
static void BM_StartStopScenarioTraced(benchmark::State& state) {
  startStopScenario(state, true);
}
BENCHMARK(BM_StartStopScenarioUntraced)
    ->DenseRange(0, std::size(kScenarioEras) - 1)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->MeasureProcessCPUTime();
BENCHMARK(BM_StartStopScenarioTraced)
    ->DenseRange(0, std::size(kScenarioEras) - 1)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->MeasureProcessCPUTime();

BENCHMARK_MAIN();

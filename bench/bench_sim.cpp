// Benchmarks of the simulator itself (not of Go): how many simulated timer operations per
// second of wall time, and how many bytes a live timer costs, with tracing off.
//
// StartStop: the main goroutine first creates 100k idle AfterFunc(Hour) timers (like Go's
// benchmark harness garbage), then each benchmark iteration is one simulated
// AfterFunc(Hour) + Stop pair on top of them (2 simulated timer operations).
#include <benchmark/benchmark.h>

#include <vector>

#include "bench/counting_new.h"
#include "eras/registry.h"
#include "go/program.h"
#include "go/time.h"
#include "sim/rng.h"

using gotimers::bench::gLiveBytes;

using namespace gotimers;
using namespace gotimers::go;

// randomWhens: deadlines uniform in [1h, 2h) so that every add and every Stop sifts through
// the 100k-timer heap (O(log n) levels) instead of landing at the end.
static void startStop(benchmark::State& state, bool randomWhens) {
  const auto& eras = eras::allEras();
  const std::string era = eras[static_cast<size_t>(state.range(0))].name;
  const int live = static_cast<int>(state.range(1));
  state.SetLabel(era);
  ProgramOptions o;
  o.era = era;
  o.config.gomaxprocs = 1;
  o.config.eventLimit = UINT64_MAX;
  double bytesPerTimer = 0;
  auto res = runProgram(o, [&]() -> Task<void> {
    std::vector<time::TimerPtr> garbage;
    garbage.reserve(static_cast<size_t>(live));
    int64_t before = gLiveBytes.load();
    sim::Rng grng(7);
    for (int i = 0; i < live; i++) {
      int64_t d =
          randomWhens ? time::Hour + static_cast<int64_t>(grng.next64() % time::Hour) : time::Hour;
      garbage.push_back(co_await time::AfterFunc(d, nullptr));
    }
    // the vector of handles is the benchmark's, not the runtime's
    bytesPerTimer = static_cast<double>(gLiveBytes.load() - before) / live;
    sim::Rng rng(42);
    for (auto _ : state) {
      int64_t d =
          randomWhens ? time::Hour + static_cast<int64_t>(rng.next64() % time::Hour) : time::Hour;
      time::TimerPtr t = co_await time::AfterFunc(d, nullptr);
      bool ok = co_await t->Stop();
      benchmark::DoNotOptimize(ok);
    }
    for (auto& t : garbage)
      (void)co_await t->Stop();
  });
  if (res.run.kind != rt::ExitKind::Normal) state.SkipWithError(res.run.report.c_str());
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * 2);
  state.counters["bytes_per_live_timer"] = bytesPerTimer;
  state.counters["sim_ops_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * 2, benchmark::Counter::kIsRate);
}

static void eraArgs(benchmark::internal::Benchmark* b) {
  for (size_t i = 0; i < eras::allEras().size(); i++)
    b->Args({static_cast<int64_t>(i), 100000});
}
static void BM_StartStop(benchmark::State& state) {
  startStop(state, false);
}
static void BM_StartStopRandom(benchmark::State& state) {
  startStop(state, true);
}
BENCHMARK(BM_StartStop)->Apply(eraArgs)->Unit(benchmark::kNanosecond);
BENCHMARK(BM_StartStopRandom)->Apply(eraArgs)->Unit(benchmark::kNanosecond);

// StartStopProcs: the simulator's cost per operation as GOMAXPROCS grows (issue 22): one
// goroutine per P, as Go's b.RunParallel runs BenchmarkStartStop's body, each making
// kProcsPairs / GOMAXPROCS AfterFunc(Hour) + Stop pairs on go1.14 (no garbage timers: at 256
// Ps Go's harness would make 8M). One iteration is the whole simulated program;
// items_per_second counts timer operations (2 per pair), so its inverse is the wall time per
// simulated operation, to compare across GOMAXPROCS.
constexpr int64_t kProcsPairs = 1 << 16;

static Task<void> startStopWorker(int64_t pairs, WaitGroup* wg) {
  for (int64_t i = 0; i < pairs; i++) {
    time::TimerPtr t = co_await time::AfterFunc(time::Hour, nullptr);
    bool ok = co_await t->Stop();
    benchmark::DoNotOptimize(ok);
  }
  co_await wg->Done();
}

static Task<void> startStopParallel(int procs) {
  WaitGroup wg;
  co_await wg.Add(procs);
  for (int p = 0; p < procs; p++)
    co_await Go(startStopWorker(kProcsPairs / procs, &wg));
  co_await wg.Wait();
}

static void BM_StartStopProcs(benchmark::State& state) {
  const int procs = static_cast<int>(state.range(0));
  ProgramOptions o;
  o.era = "go1.14";
  o.config.gomaxprocs = procs;
  o.config.eventLimit = UINT64_MAX;
  for (auto _ : state) {
    auto res = runProgram(o, [procs]() { return startStopParallel(procs); });
    if (res.run.kind != rt::ExitKind::Normal) {
      state.SkipWithError(res.run.report.c_str());
      break;
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * 2 * kProcsPairs);
}
BENCHMARK(BM_StartStopProcs)->RangeMultiplier(2)->Range(1, 256)->Unit(benchmark::kMillisecond);

// Bytes per parked goroutine (issue 22: at most 512): N goroutines blocked in a receive on
// one channel (sleep = false) or in time.Sleep(Hour) (sleep = true: its timer included), the
// live heap bytes once all have parked less those before the first started, over N. The
// runtime's g, the goroutine's coroutine frame and its sudog or timer are all counted.
static void parked(benchmark::State& state, bool sleep) {
  const auto& eras = eras::allEras();
  const std::string era = eras[static_cast<size_t>(state.range(0))].name;
  constexpr int kN = 10000;
  state.SetLabel(era);
  double perG = 0;
  for (auto _ : state) {
    ProgramOptions o;
    o.era = era;
    o.config.gomaxprocs = 1;
    o.config.eventLimit = UINT64_MAX;
    auto res = runProgram(o, [&]() -> Task<void> {
      Chan<int> c = Make<int>();
      int64_t before = gLiveBytes.load();
      for (int i = 0; i < kN; i++) {
        if (sleep) {
          co_await Go([]() -> Task<void> { co_await time::Sleep(time::Hour); }());
        } else {
          co_await Go([](Chan<int> ch) -> Task<void> { (void)co_await ch.Recv(); }(c));
        }
        // let each batch run and park, so that the run queues (whose capacity would stay
        // counted) never hold more than a batch
        if (i % 64 == 63) co_await time::Sleep(time::Microsecond);
      }
      // Every one has run and parked. On go1.14+ a Sleep's timer readies main into runnext,
      // ahead of the goroutines queued before it, so one long sleep is not enough (at 1 ms,
      // 7363 of 10000 had not run yet): wait until all are blocked.
      do {
        co_await time::Sleep(time::Millisecond);
      } while (RT().blockedGoroutines().size() < static_cast<size_t>(kN));
      perG = static_cast<double>(gLiveBytes.load() - before) / kN;
      if (!sleep) co_await c.Close();
    });
    // the sleepers are still asleep when main returns: the run ends there, as Go's would
    if (res.run.kind != rt::ExitKind::Normal) state.SkipWithError(res.run.report.c_str());
  }
  state.counters["bytes_per_parked_goroutine"] = perG;
}
static void BM_ParkedRecv(benchmark::State& state) {
  parked(state, false);
}
static void BM_ParkedSleep(benchmark::State& state) {
  parked(state, true);
}
static void eraOnly(benchmark::internal::Benchmark* b) {
  for (size_t i = 0; i < eras::allEras().size(); i++)
    b->Args({static_cast<int64_t>(i)});
}
BENCHMARK(BM_ParkedRecv)->Apply(eraOnly)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParkedSleep)->Apply(eraOnly)->Iterations(1)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();

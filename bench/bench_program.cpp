// The Go-source path against the C++ API path (issue 20's speed targets): Go's own timer
// benchmarks of src/time/sleep_test.go@go1.19 (StartStop, Reset, Stop, AfterFunc, Sleep),
// each run once as a Go program through gofront and the VM (src/program) and once written
// against the C++ API (src/go), on the same era with the same garbage timers.
//
// Each workload is Go's `benchmark` harness at GOMAXPROCS 1: 1<<15 idle AfterFunc(Hour)
// timers, then kReps calls of the benchmark's body with n = 1000, then the garbage stopped.
// One Google Benchmark iteration is one whole simulated program, timed by hand (the
// thread's CPU time, which is its wall time on an idle machine): the median time of the
// same program with no body calls (the garbage alone, measured first) is
// subtracted, as Go's harness calls b.ResetTimer after making its garbage. The counter op_us
// is the wall time per body call, which is what `go test -bench -cpu 1 time` reports as
// ns/op for real Go (scripts/bench-program.sh runs both and prints the ratios).
#include <benchmark/benchmark.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>

#include "eras/registry.h"
#include "go/program.h"
#include "go/time.h"
#include "program/gofront.h"
#include "program/ir.h"
#include "program/run.h"

using namespace gotimers;
using namespace gotimers::go;

namespace {

constexpr int kReps = 50;          // body calls per simulated program
constexpr int kGarbage = 1 << 15;  // idle timers, as Go's harness makes per P

// Go's harness, with the body of one benchmark put in at BODY (sleep_test.go@go1.19:86).
constexpr const char* kHarness = R"(package main

import (
	"sync"
	"time"
)

var _ sync.WaitGroup

func bench(n int) {
BODY
}

func main() {
	garbage := make([]*time.Timer, 1<<15)
	for j := range garbage {
		garbage[j] = time.AfterFunc(time.Hour, nil)
	}
	for r := 0; r < REPS; r++ {
		bench(1000)
	}
	for _, t := range garbage {
		t.Stop()
	}
}
)";

// The bodies of BenchmarkStartStop, BenchmarkReset, BenchmarkStop, BenchmarkAfterFunc and
// BenchmarkSleep (sleep_test.go@go1.19:120-200), with package time's names qualified.
struct Workload {
  const char* name;
  const char* goBody;
  std::function<Task<void>(int)> cpp;
};

Task<void> startStopCpp(int n) {
  std::vector<time::TimerPtr> timers(static_cast<size_t>(n));
  for (int i = 0; i < n; i++)
    timers[static_cast<size_t>(i)] = co_await time::AfterFunc(time::Hour, nullptr);
  for (int i = 0; i < n; i++)
    (void)co_await timers[static_cast<size_t>(i)]->Stop();
}

Task<void> resetCpp(int n) {
  time::TimerPtr t = co_await time::NewTimer(time::Hour);
  for (int i = 0; i < n; i++)
    (void)co_await t->Reset(time::Hour);
  (void)co_await t->Stop();
}

Task<void> stopCpp(int n) {
  for (int i = 0; i < n; i++) {
    time::TimerPtr t = co_await time::NewTimer(time::Second);
    (void)co_await t->Stop();
  }
}

// One step of BenchmarkAfterFunc's chain. A coroutine function with its state as parameters
// (copied into its frame): the std::function that starts it may be gone while it runs.
Task<void> afterFuncStep(std::shared_ptr<int> left, std::shared_ptr<std::function<Task<void>()>> f,
                         Chan<bool> c) {
  (*left)--;
  if (*left >= 0) {
    (void)co_await time::AfterFunc(0, *f);
  } else {
    co_await c.Send(true);
  }
}

Task<void> afterFuncCpp(int n) {
  Chan<bool> c = Make<bool>();
  auto left = std::make_shared<int>(n);
  auto f = std::make_shared<std::function<Task<void>()>>();
  std::weak_ptr<std::function<Task<void>()>> weak = f;  // no cycle through *f itself
  *f = [left, weak, c]() { return afterFuncStep(left, weak.lock(), c); };
  (void)co_await time::AfterFunc(0, *f);
  (void)co_await c.Recv();
}

Task<void> sleepCpp(int n) {
  WaitGroup wg;
  co_await wg.Add(n);
  for (int i = 0; i < n; i++) {
    co_await Go([](WaitGroup* w) -> Task<void> {
      co_await time::Sleep(time::Nanosecond);
      co_await w->Done();
    }(&wg));
  }
  co_await wg.Wait();
}

const Workload kWorkloads[] = {
    {"StartStop",
     "\ttimers := make([]*time.Timer, n)\n\tfor i := 0; i < n; i++ {\n\t\ttimers[i] = "
     "time.AfterFunc(time.Hour, nil)\n\t}\n\tfor i := 0; i < n; i++ {\n\t\ttimers[i].Stop()\n\t}",
     startStopCpp},
    {"Reset",
     "\tt := time.NewTimer(time.Hour)\n\tfor i := 0; i < n; i++ {\n\t\tt.Reset(time.Hour)\n\t}\n"
     "\tt.Stop()",
     resetCpp},
    {"Stop", "\tfor i := 0; i < n; i++ {\n\t\ttime.NewTimer(1 * time.Second).Stop()\n\t}", stopCpp},
    {"AfterFunc",
     "\tc := make(chan bool)\n\tvar f func()\n\tf = func() {\n\t\tn--\n\t\tif n >= 0 {\n\t\t\t"
     "time.AfterFunc(0, f)\n\t\t} else {\n\t\t\tc <- true\n\t\t}\n\t}\n\ttime.AfterFunc(0, f)\n"
     "\t<-c",
     afterFuncCpp},
    {"Sleep",
     "\tvar wg sync.WaitGroup\n\twg.Add(n)\n\tfor i := 0; i < n; i++ {\n\t\tgo func() {\n\t\t\t"
     "time.Sleep(time.Nanosecond)\n\t\t\twg.Done()\n\t\t}()\n\t}\n\twg.Wait()",
     sleepCpp},
};

ProgramOptions options(const std::string& era) {
  ProgramOptions o;
  o.era = era;
  o.config.gomaxprocs = 1;
  o.config.eventLimit = UINT64_MAX;
  return o;
}

// The CPU time f takes on this thread: the simulator runs on one thread, so this is its wall
// time on an idle machine, and a busy machine (other jobs on the same cores) does not inflate it.
double seconds(const std::function<void()>& f) {
  auto now = [] {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
  };
  double t0 = now();
  f();
  return now() - t0;
}

// The median of 5 runs of the garbage alone (no body calls).
double baseline(const std::function<void()>& garbageOnly) {
  std::vector<double> t;
  for (int i = 0; i < 5; i++)
    t.push_back(seconds(garbageOnly));
  std::sort(t.begin(), t.end());
  return t[2];
}

// Runs `full` once per iteration; the iteration's time is its CPU time less the baseline,
// and the counter op_us is that time per body call (one op of Go's benchmark), in µs.
void measure(benchmark::State& state, const std::function<ProgramResult()>& full, double base) {
  ProgramResult res;
  double opSeconds = 0;
  for (auto _ : state) {
    double s = std::max(seconds([&] { res = full(); }) - base, 1e-9);
    state.SetIterationTime(s);
    opSeconds += s / kReps;
  }
  state.counters["op_us"] = benchmark::Counter(opSeconds * 1e6, benchmark::Counter::kAvgIterations);
  if (res.run.kind != rt::ExitKind::Normal) state.SkipWithError(res.run.report.c_str());
}

// The workload's Go program with `reps` body calls, through gofront, loaded once.
program::Program loadWorkload(const Workload& w, int reps) {
  std::string src = kHarness;
  src.replace(src.find("BODY"), 4, w.goBody);
  src.replace(src.find("REPS"), 4, std::to_string(reps));
  auto dir =
      std::filesystem::temp_directory_path() / ("gotimers_bench_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::string file = (dir / (std::string(w.name) + ".go")).string();
  std::ofstream(file) << src;
  program::FrontendResult fe = program::runFrontend(GOTIMERS_GOFRONT, file);
  std::filesystem::remove_all(dir);
  if (fe.status != 0) throw std::runtime_error(fe.errors);
  return program::loadProgram(fe.ir);
}

void goSource(benchmark::State& state, const Workload& w, const std::string& era) {
  program::Program full = loadWorkload(w, kReps);
  program::Program garbage = loadWorkload(w, 0);
  double base = baseline([&] { program::runGoProgram(garbage, options(era)); });
  measure(
      state, [&] { return program::runGoProgram(full, options(era)); }, base);
}

void cppApi(benchmark::State& state, const Workload& w, const std::string& era) {
  auto program = [&w, &era](int reps) {
    return runProgram(options(era), [&w, reps]() -> Task<void> {
      std::vector<time::TimerPtr> garbage(kGarbage);
      for (auto& t : garbage)
        t = co_await time::AfterFunc(time::Hour, nullptr);
      for (int r = 0; r < reps; r++)
        co_await w.cpp(1000);
      for (auto& t : garbage)
        (void)co_await t->Stop();
    });
  };
  double base = baseline([&] { program(0); });
  measure(
      state, [&] { return program(kReps); }, base);
}

}  // namespace

// GoSource/WORKLOAD/ERA and CppApi/WORKLOAD/ERA for four eras (the time column is per
// simulated program; op_us per op of Go's benchmark).
int main(int argc, char** argv) {
  for (const Workload& w : kWorkloads) {
    for (const char* era : {"go1.9", "go1.13", "go1.14", "go1.23"}) {
      std::string e = era;
      benchmark::RegisterBenchmark(("GoSource/" + std::string(w.name) + "/" + e).c_str(),
                                   [&w, e](benchmark::State& st) { goSource(st, w, e); })
          ->UseManualTime()
          ->Unit(benchmark::kMillisecond);
      benchmark::RegisterBenchmark(("CppApi/" + std::string(w.name) + "/" + e).c_str(),
                                   [&w, e](benchmark::State& st) { cppApi(st, w, e); })
          ->UseManualTime()
          ->Unit(benchmark::kMillisecond);
    }
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

// Bytes per live timer of a Go program on the VM (issue 20's target: at most 256), against
// the same timers made through the C++ API. A program makes N AfterFunc(Hour, nil) timers,
// keeps them in a slice, then stops them; the peak of live heap bytes (counting_new.h) with N
// timers less that with none, over N, is the cost of one live timer: the runtime timer and its heap
// slot, package time's Timer, and the program's handle (a Box, and its slot in the slice:
// a 32-byte Value, counted apart as slot_bytes; Go's is an 8-byte pointer). The Chan variants
// make NewTimer(Hour) timers instead: the same, plus the timer's channel.
#include <benchmark/benchmark.h>

#include <unistd.h>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "bench/counting_new.h"
#include "go/program.h"
#include "go/time.h"
#include "program/gofront.h"
#include "program/ir.h"
#include "program/run.h"

using namespace gotimers;

namespace {

constexpr int kTimers = 100000;

constexpr const char* kProgram = R"(package main

import (
	"flag"
	"time"
)

var n = flag.Int("n", 0, "timers")
var withChan = flag.Bool("chan", false, "NewTimer (a channel timer) instead of AfterFunc")

func main() {
	flag.Parse()
	ts := make([]*time.Timer, *n)
	for i := range ts {
		if *withChan {
			ts[i] = time.NewTimer(time.Hour)
		} else {
			ts[i] = time.AfterFunc(time.Hour, nil)
		}
	}
	for _, t := range ts {
		t.Stop()
	}
}
)";

go::ProgramOptions options(const std::string& era) {
  go::ProgramOptions o;
  o.era = era;
  o.config.gomaxprocs = 1;
  o.config.eventLimit = UINT64_MAX;
  return o;
}

// The peak live bytes while f runs, above those live when it starts.
template <typename F>
int64_t peakOf(F&& f) {
  int64_t base = bench::gLiveBytes.load();
  bench::resetPeak();
  f();
  return bench::gPeakBytes.load() - base;
}

void goSource(benchmark::State& state, const std::string& era, bool withChan) {
  auto dir =
      std::filesystem::temp_directory_path() / ("gotimers_bench_mem_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::string file = (dir / "live.go").string();
  std::ofstream(file) << kProgram;
  program::FrontendResult fe = program::runFrontend(GOTIMERS_GOFRONT, file);
  std::filesystem::remove_all(dir);
  if (fe.status != 0) {
    state.SkipWithError(fe.errors.c_str());
    return;
  }
  double perTimer = 0;
  for (auto _ : state) {
    auto run = [&](int n) {
      return peakOf([&] {
        program::Program p = program::loadProgram(fe.ir);
        program::VMOptions vo;
        vo.args = {"-n", std::to_string(n), withChan ? "-chan=true" : "-chan=false"};
        program::runGoProgram(p, options(era), vo);
      });
    };
    perTimer = static_cast<double>(run(kTimers) - run(0)) / kTimers;
  }
  state.counters["bytes_per_live_timer"] = perTimer;
  state.counters["slot_bytes"] = static_cast<double>(sizeof(program::Value));
}

void cppApi(benchmark::State& state, const std::string& era, bool withChan) {
  double perTimer = 0;
  for (auto _ : state) {
    auto run = [&](int n) {
      return peakOf([&] {
        go::runProgram(options(era), [n, withChan]() -> go::Task<void> {
          std::vector<go::time::TimerPtr> ts(static_cast<size_t>(n));
          for (auto& t : ts)
            t = withChan ? co_await go::time::NewTimer(go::time::Hour)
                         : co_await go::time::AfterFunc(go::time::Hour, nullptr);
          for (auto& t : ts)
            (void)co_await t->Stop();
        });
      });
    };
    perTimer = static_cast<double>(run(kTimers) - run(0)) / kTimers;
  }
  state.counters["bytes_per_live_timer"] = perTimer;
  state.counters["slot_bytes"] = static_cast<double>(sizeof(go::time::TimerPtr));
}

}  // namespace

// GoSource/ERA and CppApi/ERA (AfterFunc timers), GoSourceChan/ERA and CppApiChan/ERA
// (NewTimer: the timer and its channel), one iteration each (the figure is exact, not timed).
int main(int argc, char** argv) {
  for (const char* era : {"go1.9", "go1.13", "go1.14", "go1.23"}) {
    std::string e = era;
    for (bool withChan : {false, true}) {
      std::string kind = withChan ? "Chan" : "";
      benchmark::RegisterBenchmark(
          ("GoSource" + kind + "/" + e).c_str(),
          [e, withChan](benchmark::State& st) { goSource(st, e, withChan); })
          ->Iterations(1);
      benchmark::RegisterBenchmark(("CppApi" + kind + "/" + e).c_str(), [e, withChan](
                                                                            benchmark::State& st) {
        cppApi(st, e, withChan);
      })->Iterations(1);
    }
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

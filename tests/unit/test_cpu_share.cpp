// The simulated machine (src/runtime/cpu_share.cpp, docs/cost-model.md "The machine"):
// runtime work stretches when more threads compute than there are cores, and again when
// there are more than hardware threads; user `work` does not; the cost-model file checks
// the machine's fields.
#include <fmt/format.h>

#include "harness.h"
#include "scenario/cost_file.h"
#include "scenario/scenario.h"

using namespace gotimers;
using namespace gotimers::go;
using gotimers::testing::closure;
using gotimers::testing::options;
using gotimers::testing::run;

namespace {

// GOMAXPROCS goroutines on go1.13 (one timer bucket each, so no lock is shared), each
// starting and stopping 400 timers: the longest time one of them takes.
int64_t batch(int procs, int64_t threads, int64_t smtPct = 70, int64_t userWork = 0) {
  go::ProgramOptions o = options(procs, 1, "go1.13");
  o.config.cost.cpu_threads = threads;
  o.config.cost.smt_slowdown_pct = smtPct;
  int64_t took = 0;
  auto res = run(o, [&]() -> Task<void> {
    WaitGroup wg;
    for (int w = 0; w < procs; w++) {
      co_await wg.Add(1);
      co_await Go(closure([&wg, &took, userWork]() -> Task<void> {
        // let every P's M start before the measured part
        co_await time::Sleep(time::Millisecond);
        time::Time start = time::Now();
        for (int i = 0; i < 400; i++) {
          auto t = co_await time::NewTimer(time::Hour);
          (void)co_await t->Stop();
          if (userWork) co_await Work(userWork);
        }
        took = std::max(took, time::Now().Sub(start));
        co_await wg.Done();
      }));
    }
    co_await wg.Wait();
  });
  INFO(res.run.report);
  CHECK(res.run.kind == rt::ExitKind::Normal);
  return took;
}

}  // namespace

TEST_CASE("machine: threads that share a core or a CPU stretch runtime work") {
  const int64_t wide2 = batch(2, 64), wide4 = batch(4, 64), wide8 = batch(8, 64);
  const int64_t two = batch(2, 4), four = batch(4, 4), eight = batch(8, 4);
  MESSAGE(fmt::format("64 threads: {} / {} / {} ns at 2/4/8 Ps; 4 threads: {} / {} / {}", wide2,
                      wide4, wide8, two, four, eight));
  // with a core each, more Ps do the same per-P batch in about the same time
  CHECK(wide4 < wide2 * 11 / 10);
  CHECK(wide8 < wide2 * 11 / 10);
  // 2 cores: 2 Ms have a core each, 4 share them (1.7x), 8 also time-share 4 threads
  CHECK(two < wide2 * 11 / 10);
  CHECK(four > wide4 * 14 / 10);
  CHECK(four < wide4 * 18 / 10);
  CHECK(eight > four * 17 / 10);
  // no SMT penalty: 4 threads behave like a core each
  const int64_t flat = batch(4, 4, 0);
  CHECK(flat < wide4 * 11 / 10);
}

TEST_CASE("machine: a user's `work` is not stretched, only the runtime's charges") {
  // Work dominates: 400 x 20 us per goroutine; the timer calls are about 1% of it.
  const int64_t wide = batch(4, 64, 70, 20 * time::Microsecond);
  const int64_t shared = batch(4, 4, 70, 20 * time::Microsecond);
  MESSAGE(fmt::format("with work: {} ns on 64 threads, {} on 4", wide, shared));
  CHECK(shared < wide * 105 / 100);
}

TEST_CASE("machine: the cost-model file checks cpu_threads and smt_slowdown_pct") {
  rt::CostModel c =
      scenario::parseCostModel("m.json", R"({"cpu_threads": 16, "smt_slowdown_pct": 0})");
  CHECK(c.cpu_threads == 16);
  CHECK(c.smt_slowdown_pct == 0);
  auto message = [](const std::string& text) {
    try {
      scenario::parseCostModel("m.json", text);
    } catch (const scenario::ScenarioError& e) {
      return std::string(e.what());
    }
    return std::string("(accepted)");
  };
  CHECK(message(R"({"cpu_threads": 0})") ==
        "m.json:1:17: at /cpu_threads: expected an integer from 1 to 4096 (hardware threads), "
        "got 0");
  CHECK(message(R"({"cpu_threads": 5000})") ==
        "m.json:1:17: at /cpu_threads: expected an integer from 1 to 4096 (hardware threads), "
        "got 5000");
  CHECK(message(R"({"smt_slowdown_pct": -1})") ==
        "m.json:1:22: at /smt_slowdown_pct: expected an integer from 0 to 1000 (percent), got -1");
  CHECK(message(R"({"futex_wake": 1.5})") ==
        "m.json:1:16: at /futex_wake: expected an integer from 0 to 3600000000000 (nanoseconds), "
        "got 1.5");
}

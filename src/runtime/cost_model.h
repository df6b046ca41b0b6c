// The cost model: what each simulated machine action costs in virtual nanoseconds.
//
// Every step of the simulation charges one of these figures to the virtual clock of the
// actor (M) doing it. Defaults, units and sources are documented in docs/cost-model.md;
// a scenario never tunes them; `--cost-model FILE` overrides them as a whole.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace gotimers::rt {

struct CostModel {
  // lock_futex.go
  int64_t lock_cas = 20;            // uncontended Xchg on the lock word
  int64_t cacheline_transfer = 30;  // per M contending for the lock word's cache line
  int64_t procyield_round = 90;     // one procyield(active_spin_cnt=30) round (30 PAUSEs)
  int64_t osyield = 200;            // sched_yield syscall (passive spin)
  int64_t futex_sleep = 800;        // futexsleep syscall entry, charged to the sleeper
  int64_t futex_wake = 1200;        // futexwakeup syscall, charged to the waker
  int64_t wake_latency = 5000;      // futex wake to the woken thread running again
  int64_t timer_slack = 50000;      // Linux timer slack on a timed futex/epoll sleep
  int64_t context_switch = 1500;    // thread switch charged to the thread switched in
  int64_t thread_create = 25000;    // newm: clone + mstart
  // proc.go
  int64_t gogo = 120;       // execute: switch to a goroutine
  int64_t gopark = 150;     // park: save state, switch to g0, dropg
  int64_t goready = 60;     // ready: runqput + status change
  int64_t newproc = 400;    // newproc1: allocate G and stack
  int64_t runq_steal = 40;  // examine one victim P in the steal loop
  int64_t schedule = 80;    // one pass of schedule() bookkeeping
  // time.go
  int64_t timer_op = 25;      // fixed part of addtimer / deltimer / modtimer
  int64_t sift_step = 12;     // one level of siftupTimer / siftdownTimer (compare + move)
  int64_t timer_alloc = 100;  // allocate a Timer and its runtime timer (NewTimer, AfterFunc)
  int64_t call_f = 30;        // call a timer function f
  // chan.go
  int64_t chan_op = 60;  // one chansend / chanrecv / selectgo case, lock excluded
  // netpoll (go1.14+)
  int64_t netpoll_break = 1200;    // write to the wake-up eventfd
  int64_t user_op = 30;            // a user statement and its call into package time
  int64_t stop_the_world = 30000;  // stopTheWorld + startTheWorld around procresize
  // a Go program's instruction (src/program's VM: one SSA instruction, i.e. about one Go
  // operation): 1 ns, an assumption of ~3-4 machine instructions at ~3.5 IPC-GHz for simple
  // SSA ops (docs/cost-model.md); library calls add their own costs
  int64_t user_instr = 1;
  // reading the clock (package time; measured, not fitted: real Go 1.19 on this project's
  // 2-core AMD EPYC VM, BenchmarkNow 46.6-48.6 ns and BenchmarkSince 26.5-28.7 ns over 5
  // runs, docs/cost-model.md): time.Now reads the wall and the monotonic clock (walltime +
  // nanotime through the vDSO); time.Since / Until of a Time with a monotonic reading read
  // only runtimeNano from Go 1.13 (before, they called Now)
  int64_t time_now = 45;
  int64_t nanotime = 25;
  // sync/atomic in the ported runtime code (Runtime::atomicWrite / atomicLoad): a locked
  // read-modify-write or store (LOCK CMPXCHG / XADD: 18-20 cycles on the Skylake-era cores
  // of the published figures, Agner Fog's instruction tables, ~7 ns at 3 GHz), plus a
  // cacheline_transfer when another M wrote the line last; and one element of a walk over a
  // timer heap (adjusttimers, clearDeletedTimers, moveTimers, cleantimers; go1.23's adjust,
  // cleanHead, take): a dependent load of the timer and a compare, an L2 hit (12-14 cycles,
  // Intel's optimization manual) at ~4 ns
  int64_t atomic_op = 7;
  int64_t heap_visit = 4;
  // the machine (cpu_share.cpp): hardware threads (Go's ncpu; >= 2: in cores of two
  // threads; 1: no lock spinning), and the extra time, in percent, of work on a core whose
  // other thread computes too. Not nanoseconds.
  int64_t cpu_threads = 4;
  int64_t smt_slowdown_pct = 80;
  // jitter (Runtime::jitter): every charge and every futex / netpoll wake-up latency is
  // scaled by a factor drawn from the run's "noise" stream, triangular on
  // [1 - noise_pct/100, 1 + noise_pct/100] (mean 1). 0 (the default): no noise, and no draws.
  // Percent, not nanoseconds.
  int64_t noise_pct = 0;

  // name/value pairs in documentation order, for listing and overriding
  std::vector<std::pair<std::string, int64_t*>> fields();
  // The same pairs by value (the trace header records them).
  std::vector<std::pair<std::string, int64_t>> values() const;
  // What a field may hold: every field is a duration in ns from 0 to an hour (no single
  // action costs more, and sums of such charges stay far from int64's end, so virtual time
  // cannot overflow through the cost model), except the machine's two (cpu_threads: 1 to
  // 4096 hardware threads; smt_slowdown_pct: 0 to 1000 percent) and noise_pct (0 to 100).
  static constexpr int64_t kMaxChargeNs = 3'600'000'000'000;
  struct Range {
    int64_t min = 0;
    int64_t max = kMaxChargeNs;
    const char* unit = "nanoseconds";
  };
  static Range range(const std::string& field);
};

}  // namespace gotimers::rt

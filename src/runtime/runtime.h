// Runtime: the simulated Go machine shared by every era (proc.go, lock_futex.go, chan.go).
//
// Execution model (docs/architecture.md): each M is an actor with its own virtual clock; the
// kernel always steps the M whose clock is smallest. An M's step runs scheduler code (on
// g0) or resumes its current goroutine's coroutine until that goroutine blocks or the M's
// clock passes the next pending event, when it yields so that other Ms catch up. Every
// runtime function charges its cost (CostModel) to the clock of the M running it.
// Runtime operations are atomic in processing order; a lock taken at virtual time t by one
// M is seen by every M processed later as held until its release time.
#pragma once
#include <algorithm>
#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "runtime/cache_line.h"
#include "runtime/cost_model.h"
#include "runtime/metrics.h"
#include "runtime/runtime2.h"
#include "sim/kernel.h"
#include "sim/rng.h"
#include "trace/event.h"

namespace gotimers::rt {

class TimerBackend;

// A Go panic travelling through coroutine frames (unrecovered: the program crashes).
struct GoPanic : std::runtime_error {
  explicit GoPanic(const std::string& msg) : std::runtime_error(msg) {}
};
// runtime.throw: a fatal error; never recoverable.
struct GoThrow : std::runtime_error {
  explicit GoThrow(const std::string& msg) : std::runtime_error(msg) {}
};

// A run limit was hit inside a simulation step (goroutine or timer creation, a loop that
// never lets virtual time pass, ...): the run stops with that ExitKind and exit status 3.
enum class ExitKind;
// Thrown in a parked M's step when the run is over (Runtime::finishFibers): unwinds the
// step's frames, coroutine frames included, so that nothing it holds leaks. Not a
// std::exception, so that no handler of the simulated program mistakes it for one.
struct UnwindM {};

struct LimitExceeded : std::runtime_error {
  LimitExceeded(ExitKind k, const std::string& msg) : std::runtime_error(msg), kind(k) {}
  ExitKind kind;
};
// --check found an inconsistent runtime or era state (a simulator bug): the run stops.
struct InvariantViolation : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The limits of one run (docs/reliability.md). Defaults are far above what a teaching or
// benchmark scenario needs; each has a CLI flag (src/cli/common.cpp).
struct RunConfig {
  int gomaxprocs = 1;
  uint64_t seed = 1;
  CostModel cost;
  Time timeLimit = 24 * Hour;              // --time-limit: virtual time
  uint64_t eventLimit = 500'000'000;       // --event-limit: kernel events
  int64_t goroutineLimit = 1'000'000;      // --goroutine-limit: live user goroutines
  int64_t timerLimit = 10'000'000;         // --timer-limit: timers in the era's heaps
  int64_t memoryLimit = int64_t{4} << 30;  // --memory-limit: bytes of simulated objects
  // --wall-limit: wall-clock milliseconds for the run, 0 = none. The one use of a wall clock
  // in the simulator: it can only stop a run (with a message), never change its output.
  int64_t wallLimitMs = 10 * 60 * 1000;
  // --spin-limit: iterations of a scenario `loop` forever without blocking (or of any loop
  // without blocking or virtual time passing) before it is reported as spinning (Spin);
  // also the bound on findrunnable's rounds (goto top) within one step of its M.
  int64_t spinLimit = 1'000'000;
  // Set to the signal's number (SIGINT, SIGTERM) by the command's signal handler, 0 until
  // then: the run stops at its next event (ExitKind::Interrupted) and names the signal.
  const std::atomic<int>* interrupt = nullptr;
  // --check: verify the heaps after every heap operation, the era's timer bookkeeping, lock
  // ownership and the monotonicity of virtual time; a violation ends the run (CheckFailed).
  // The default comes from checkByDefault, which the test runner sets (tests/unit/main.cpp)
  // so that every test runs checked; the CLI turns it on with --check.
  static inline bool checkByDefault = false;
  bool check = checkByDefault;
};

enum class ExitKind {
  Normal,
  Deadlock,
  Panic,
  Throw,
  TimeLimit,
  EventLimit,
  GoroutineLimit,
  TimerLimit,
  MemoryLimit,
  WallClockLimit,
  Spin,         // a loop that neither blocks nor lets virtual time pass (exit 3)
  Interrupted,  // SIGINT (exit 130)
  CheckFailed,  // --check found a violated invariant (exit 2)
};
// True for the kinds that mean "a limit was hit" (exit status 3).
bool isLimit(ExitKind k);
// "SIGINT", "SIGTERM", or "signal N": the name a message gives the signal that stopped a run.
std::string signalName(int sig);

struct RunResult {
  ExitKind kind = ExitKind::Normal;
  int exitCode = 0;
  std::string report;  // Go's fatal error / panic text, or the limit message
  Time endTime = 0;
};

class Runtime {
 public:
  Runtime(RunConfig cfg, std::function<std::unique_ptr<rt::TimerBackend>(Runtime&)> makeEra);
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  // The runtime running on this thread (each simulation runs on one OS thread). Inline: the
  // VM and package time ask for it on every library call.
  static Runtime& current() {
    if (!tlsCurrent_) [[unlikely]]
      noCurrent();
    return *tlsCurrent_;
  }

  // Starts the main goroutine and runs until main returns, a deadlock, a panic or a limit.
  RunResult run(Task<void> mainBody);

  // --- context -------------------------------------------------------------------------
  m* curm() const { return curm_; }
  g* curg() const { return curg_; }
  p* curp() const { return curm_ ? curm_->pp : nullptr; }
  Time nanotime() const { return curm_ ? curm_->clock : kernel_.now(); }
  void charge(int64_t ns) {
    if (noise_ && ns > 0) ns = jitter(ns);
    advance(ns);
  }
  // A batch of a Go program's instructions (the VM's user_instr charges): at the M's pace in
  // its time slice, without charge()'s own draw. A batch is many small costs whose jitter
  // averages out (64 instructions at +-p each vary the sum by about p/8), so one triangular
  // factor for the whole batch would overstate it (docs/cost-model.md, "Noise").
  void chargeUser(int64_t ns) {
    if (noise_ && ns > 0) ns = scaled(ns, curm_->speed);
    advance(ns);
  }
  // True when the current M's clock has passed another pending event (or the virtual-time
  // limit, so that a busy loop with nothing else pending still stops there): it must yield.
  bool behind() { return curm_->clock > std::min(kernel_.peekTime(), cfg_.timeLimit); }
  // Counts a step of work in the current kernel event; true once there were too many (the
  // M should yield: runtime.cpp).
  bool stepBudgetSpent();
  const CostModel& cost() const { return cfg_.cost; }
  // sync/atomic on runtime state (atomics.cpp; docs/cost-model.md "Atomics"): a locked
  // read-modify-write or store costs atomic_op, plus cacheline_transfer when the line is
  // elsewhere (another M wrote it last, or for a CacheLine also read it since); a load costs a
  // transfer when another M wrote the line since this M last read it. *writer (a timer's status
  // word, an M id below Go's 10000-thread limit) and the line record the current M.
  void atomicWrite(int16_t* writer);
  void atomicWrite(CacheLine& line);
  void atomicLoad(CacheLine& line);
  // n elements of a walk over a timer heap, heap_visit each.
  void chargeHeapVisits(size_t n) { charge(cfg_.cost.heap_visit * static_cast<int64_t>(n)); }
  const RunConfig& config() const { return cfg_; }
  int gomaxprocs() const { return static_cast<int>(allp_.size()); }
  const std::vector<p*>& allp() const { return allp_; }
  rt::TimerBackend& era() { return *era_; }
  sim::RngStreams& rng() { return rng_; }
  // ns scaled by the noise model (CostModel::noise_pct): a factor triangular on
  // [1 - p, 1 + p], from two uniform draws of the "noise" stream; ns itself when p is 0.
  int64_t jitter(int64_t ns) {
    if (!noise_ || ns <= 0) return ns;
    // u1 + u2 - 1 of two uniforms on [0, 1) is triangular on (-1, 1) with mean 0; 2^-32
    // steps. (u1 + u2 is computed as (a + b) * 2^-32 of the two 32-bit draws: exact, the
    // same double.)
    uint64_t a = noise_->next32();
    uint64_t b = noise_->next32();
    double factor = 1 + noiseScale_ * (static_cast<double>(a + b) * 0x1p-32 - 1);
    if (curm_) factor *= curm_->speed;
    return scaled(ns, factor);
  }
  // The noise model's time slice: a thread created or switched back in runs at a pace of its
  // own until it sleeps again, uniform on [1 - p, 1 + p] (1 without noise).
  void newTimeSlice(m* mp);
  Metrics& metrics() { return metrics_; }
  schedt& sched() { return sched_; }

  // --- proc.go -------------------------------------------------------------------------
  g* newproc(Task<void> body, std::string label, bool system = false);
  void ready(g* gp, bool next);
  void goready(g* gp) { ready(gp, true); }
  void wakep();
  void startm(p* pp, bool spinning);
  void handoffp(p* pp);
  void injectglist(std::vector<g*>& list);
  // runtime.GOMAXPROCS(n) from the current goroutine: stop the world, procresize, start the
  // world. Returns the previous setting; n < 1 only reads it.
  int setGOMAXPROCS(int n);
  // proc.go@go1.14+ wakeNetPoller: netpollBreak if an M is blocked in netpoll past when;
  // 1.16+: otherwise wakep.
  void wakeNetPoller(int64_t when);
  // netpoll_epoll.go netpollBreak: write the wake-up eventfd (1.15+: coalesced).
  void netpollBreak();
  // The Go minor version of the scheduler paths to follow (the era's goMinor()).
  int goMinor() const;
  // runtime.osyield() in a loop that waits for another M to finish a status change (go1.14
  // timers): costs osyield, then lets every M behind this one in virtual time run first.
  // Returns false, without charging, if this M cannot stop here (it holds a runtime lock).
  bool osyield();

  // --- awaitables for goroutine code -----------------------------------------------------
  struct ParkAwaiter {
    Runtime* rt;
    mutex* unlockf;
    const char* reason;
    bool (*fn)(Runtime&, g*, void*) = nullptr;
    void* arg = nullptr;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h);
    void await_resume() const noexcept {}
  };
  // A park that may not happen: timeSleep's, which parks (as `park` says) unless ns <= 0.
  // An awaitable the era's timeSleep returns once it has done everything before its
  // gopark, so that a sleeping goroutine has no coroutine frame of its own between its
  // body and the park (issue 22's bytes per parked goroutine).
  struct MaybePark {
    std::optional<ParkAwaiter> park;
    bool await_ready() const noexcept { return !park; }
    void await_suspend(std::coroutine_handle<> h) { park->await_suspend(h); }
    void await_resume() const noexcept {}
  };
  // gopark / goparkunlock: park the current G; unlockf (if any) is released after parking.
  ParkAwaiter gopark(mutex* unlockf, const char* reason) { return {this, unlockf, reason}; }
  // gopark(unlockf, arg, reason): fn(rt, gp, arg) runs on g0 after the G is parked.
  ParkAwaiter goparkf(bool (*fn)(Runtime&, g*, void*), void* arg, const char* reason) {
    return {this, nullptr, reason, fn, arg};
  }

  struct NoteSleepAwaiter {
    Runtime* rt;
    note* n;
    int64_t ns;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h);
    bool await_resume() const noexcept { return n->key != 0; }
  };
  // notetsleepg: entersyscallblock, timed futex sleep on n, exitsyscall.
  NoteSleepAwaiter notetsleepg(note* n, int64_t ns) { return {this, n, ns}; }

  struct YieldAwaiter {
    Runtime* rt;
    bool force = false;
    bool await_ready() const { return !force && !rt->behind(); }
    void await_suspend(std::coroutine_handle<> h);
    void await_resume() const noexcept {}
  };
  // Lets other Ms catch up if this M's clock has run ahead, or (force) ends the kernel event
  // (stepBudgetSpent); not a Go-level yield: the G goes on on the same M.
  YieldAwaiter checkpoint(bool force = false) { return {this, force}; }
  // A Go function's prologue (the C++ API's Sync results are awaited between calls): where
  // Go's stack-guard check stops a goroutine that sysmon's preemptone marked (gp.preempt,
  // go1.14+ retake after forcePreemptNS): newstack -> gopreempt_m -> goschedImpl. Without it
  // a C++ program looping on AfterFunc+Stop was never preempted, so schedule's checkTimers
  // never ran on its P (go1.14's deleted timers then piled up until the timer limit).
  bool preemptPending() const { return curg_ != nullptr && curg_->preempt; }
  // Clears gp.preempt and stops the G at h (goschedImpl puts it on the global run queue).
  void preemptAt(std::coroutine_handle<> h);
  // Busy CPU for d on the current G (the `work` operation).
  Task<void> work(Duration d);

  // --- lock_futex.go ---------------------------------------------------------------------
  void lock(mutex& l);
  void unlock(mutex& l);
  void notewakeup(note& n);
  void noteclear(note& n) { n.key = 0; }
  mutex& registerLock(mutex& l, std::string name);
  // l's name: a registered lock's, else its LockKind's ("" for an unnamed lock).
  const char* lockName(const mutex& l) const;
  const std::vector<mutex*>& locks() const { return locks_; }
  // A registered lock's counters; every unregistered lock's (a go1.23 timer's t.mu, a
  // channel's lock) go to one tally, which no report shows yet.
  LockStats& lockStats(const mutex& l) {
    return l.id >= 0 ? lockStats_[static_cast<size_t>(l.id)] : unregisteredLockStats_;
  }
  const LockStats& lockStats(const mutex& l) const {
    return l.id >= 0 ? lockStats_[static_cast<size_t>(l.id)] : unregisteredLockStats_;
  }
  // The timelines the locks borrow while they are in use (lock_futex.h).
  LockTimelines& lockTimelines() { return timelines_; }

  // --- Go's locking rules, executable under --check (lock_futex.cpp) --------------------------
  // assertLockHeld, assertWorldStopped and assertWorldStoppedOrLockHeld are Go's
  // (lockrank_on.go@go1.16:253-273, 345-383; checked there in staticlockranking builds),
  // placed where Go calls them or where Go's comment states the rule ("The caller must have
  // locked the timers for pp", "Sched must be locked", "The world is stopped"). With --check
  // (checking()) a broken rule is an InvariantViolation naming the lock and the M; without it
  // they cost one branch. A rule holds trivially while no M runs (curm() == nullptr).
  void assertLockHeld(const mutex& l) const;
  // Go's "must not hold" comments (Go enforces them by its static lock ranking).
  void assertLockNotHeld(const mutex& l) const;
  void assertWorldStopped() const;
  void assertWorldStoppedOrLockHeld(const mutex& l) const;
  // Between stopTheWorld and startTheWorld (proc.go worldStopped / worldStarted), and while
  // the Ps are set up at startup (schedinit: "The world starts stopped").
  bool worldStopped() const { return worldStopped_; }

  // --- ids and tracing -------------------------------------------------------------------
  uint32_t nextTimerId() {
    ++timerIds_;
    if (!nextTimerName_.empty()) [[unlikely]]
      nameTimer();
    return timerIds_;
  }
  uint32_t nextChanId() { return ++chanIds_; }
  void setSink(trace::Sink* s) {
    sink_ = s;
    sinkCats_ = s ? s->wantedCats() : 0;
    heapSnapshots_ = s && s->wantsHeapSnapshots() && (sinkCats_ & uint32_t(trace::Cat::Heap));
    if (s) {
      for (const mutex* l : locks_)
        s->onLockRegistered(l->id, lockName(*l));
    }
  }
  bool tracing() const { return sink_ != nullptr; }
  // The next timer the runtime allocates is called `name` by the program: the sink, if any,
  // is told its id as it is allocated (Sink::onTimerNamed), so that even its first heap events
  // show the name. Nothing without a sink.
  void nameNextTimer(std::string name) {
    if (sink_) nextTimerName_ = std::move(name);
  }
  // True when the sink asked for a heap.snapshot after every heap change.
  bool heapSnapshots() const { return heapSnapshots_; }
  void emit(trace::Kind k, int64_t a0 = 0, int64_t a1 = 0, int64_t a2 = 0, int64_t a3 = 0,
            int64_t a4 = 0, int64_t a5 = 0) {
    if (sink_) emitSlow(k, {a0, a1, a2, a3, a4, a5}, {});
  }
  // emit, from inside Go function `fn` (a string literal: trace::Event::fn).
  void emitIn(const char* fn, trace::Kind k, int64_t a0 = 0, int64_t a1 = 0, int64_t a2 = 0,
              int64_t a3 = 0, int64_t a4 = 0, int64_t a5 = 0) {
    if (sink_) emitSlow(k, {a0, a1, a2, a3, a4, a5}, {}, fn);
  }
  void emitText(trace::Kind k, std::string text, int64_t a0 = 0, int64_t a1 = 0,
                const char* fn = nullptr);
  // Program output (the `print` operation, fmt.Println in ported tests).
  void print(const std::string& line);
  const std::string& output() const { return output_; }

  // Heap lab only: the running goroutine goes on on P k, as if it had blocked in a system
  // call (entersyscallblock: its P is handed off) and exitsyscallfast had taken P k from the
  // idle list. Abstraction: real exitsyscall takes whichever P is idle; the lab chooses one,
  // so that an operation can add a timer to P k's heap (or bucket k, go1.13). False if P k is
  // not idle (an M holds it). No time passes.
  bool labMoveToP(int k);

  // --- goroutines, for reports -----------------------------------------------------------
  std::vector<const g*> blockedGoroutines() const;
  std::string goroutineReport(bool includeRunning) const;
  int64_t liveGoroutines() const;
  uint64_t eventsProcessed() const { return kernel_.eventsProcessed(); }

  // --- limits and checks (limits.cpp) ----------------------------------------------------
  // Checks the counting limits (goroutines, timers; memory, wall clock and SIGINT every
  // 1024th call); throws LimitExceeded. Called where goroutines and timers are created, by
  // scenario loops, and by the kernel loop.
  void pollLimits();
  // "at virtual time 1.5s (event 1234)": where a limit or check message says it happened.
  std::string where() const;
  // Bytes of simulated objects: coroutine frames, g structs, timers, buffered channel
  // values, program output, per-timer and per-wait metrics, pending kernel events.
  int64_t simulatedBytes() const;
  // Timers in the era's heaps (TimerHeap keeps it), live user goroutines.
  int64_t heapEntries() const { return heapEntries_; }
  void addHeapEntries(int64_t d) { heapEntries_ += d; }
  int64_t liveUserGoroutines() const { return liveGs_; }
  bool checking() const { return cfg_.check; }
  // --check: throws InvariantViolation with msg, the event number and a dump of the heaps.
  [[noreturn]] void checkFailed(const std::string& msg) const;
  // The era's heaps, for a violation report (at most `max` timers per heap).
  std::string dumpHeaps(size_t max = 32) const;

  // True if an M is parked inside a runtime call (syncBeforeLock): its operation is half done.
  bool midOperation() const {
    return std::any_of(allm_.begin(), allm_.end(), [](const auto& mp) { return mp->parked; });
  }
  // Called by m::step.
  void runM(m* mp, Time t);

 private:
  // charge and chargeUser, past the noise: the current M's clock moves by ns (stretched when
  // more threads than cores compute, cpu_share.cpp) and by the debt it owes.
  void advance(int64_t ns) {
    if (ns > 0 && static_cast<int64_t>(allm_.size()) > cores()) ns = cpuShared(ns);
    curm_->clock += ns + curm_->debt;
    curm_->debt = 0;
  }
  // ns x factor rounded to the nearest ns, at least 1 (the noise model's scaling).
  static int64_t scaled(int64_t ns, double factor) {
    auto out = static_cast<int64_t>(double(ns) * factor + 0.5);
    return out > 0 ? out : 1;
  }
  friend struct m;
  void emitSlow(trace::Kind k, std::array<int64_t, 6> a, std::string text,
                const char* fn = nullptr);
  // proc.go internals
  g* schedule();
  g* findrunnable(bool* inheritTime);
  bool gotoTop(m* mp);
  void findrunnableGuard(int64_t iterations);
  void execute(g* gp);
  void park_m(g* gp);
  void goexit0(g* gp);
  void stopm();
  void newm(p* pp, bool spinning);
  void resetspinning();
  void acquirep(p* pp);
  p* releasep();
  void pidleput(p* pp);
  p* pidleget(p* want = nullptr);
  m* mget();
  void mput(m* mp);
  void runqput(p* pp, g* gp, bool next);
  void runqputslow(p* pp, g* gp);
  g* runqget(p* pp, bool* inheritTime);
  g* runqsteal(p* pp, p* p2, bool stealRunNextG);
  g* globrunqget(p* pp, int max);
  void globrunqput(g* gp);
  void stopTheWorld();
  void procresize(int nprocs);
  void startTheWorld();
  void entersyscallblock();
  // exitsyscallfast's idle-P path: mp takes an idle P (want: that one, for labMoveToP) and its
  // goroutine runs on; false if there is none.
  bool exitsyscallfast(m* mp, p* want);
  void exitsyscall(m* mp);
  void sleepM(m* mp, MState st, Time wakeAt);
  Time futexsleepLock(mutex& l, m* mp, Time x);
  void wakeM(m* mp, Time at);
  void yieldM(m* mp) { kernel_.schedule(mp->clock, mp); }
  // fibers (lock_futex.cpp, runtime.cpp)
  void mBody(m* mp);
  void syncBeforeLock(m* mp);
  bool canPark(const m* mp) const;
  void parkM(m* mp);
  void waitParkedMs();
  void finishFibers();
  void finishRun(ExitKind k, int code, std::string report);
  // The run loop's per-event limit and --check work; false once the run is finished.
  bool beforeEvent();
  // Ends the run for an exception from a step (gp: the goroutine whose body threw, if any).
  void finishFromException(std::exception_ptr ex, const g* gp);
  void checkAfterEvent();
  void checkdead();
  // proc.go@go1.14+ internals (sysmon.cpp, netpoll.cpp)
  void checkdeadFromMput();
  void goschedImpl(g* gp);
  bool shouldStealTimers(p* p2);
  void netpollBlock(m* mp, int64_t delay, bool wasSpinning);
  void netpollWake(m* mp);
  void startSysmon();
  void sysmonStep(m* mp);
  uint32_t retake(int64_t now);
  bool preemptone(p* pp);
  // cpu_share.cpp: the machine's cores, and ns of work stretched by the threads that share
  // them at the current M's clock.
  int64_t ncpu() const { return cfg_.cost.cpu_threads; }
  int64_t cores() const { return ncpu() >= 2 ? ncpu() / 2 : 1; }
  int64_t cpuShared(int64_t ns);
  // Every M state change goes through here: it keeps activeMs_ and recentSleepers_.
  void setMState(m* mp, MState st);
  void watchLockWait(m* mp);  // mp's lockWaitFrom/To were just set
  void watchSwitchIn(m* mp);  // mp runs now: its clock may move while it sleeps in name

  RunConfig cfg_;
  sim::Kernel kernel_;
  sim::RngStreams rng_;
  sim::Rng* noise_ = nullptr;  // the "noise" stream when CostModel::noise_pct > 0
  double noiseScale_ = 0;      // noise_pct / 100
  std::unique_ptr<rt::TimerBackend> era_;
  std::vector<p*> allp_;
  std::vector<std::unique_ptr<p>> pstore_;
  std::vector<std::unique_ptr<m>> allm_;
  int lockParked_ = 0;  // Ms parked inside lock() after a futex sleep (m::inLockSince)
  std::vector<std::unique_ptr<g>> allgs_;
  std::vector<g*> gfree_;
  schedt sched_;
  static inline thread_local Runtime* tlsCurrent_ = nullptr;
  [[noreturn]] static void noCurrent();
  std::vector<mutex*> locks_;
  std::deque<std::string> lockNames_;  // registered locks' names, by id (lockName)
  std::deque<LockStats> lockStats_;    // registered locks' counters, by mutex::id
  LockStats unregisteredLockStats_;
  LockTimelines timelines_;
  std::vector<uint32_t> coprimes_;  // randomOrder for findrunnable's steal loop
  std::vector<p*> runnablePs_;      // procresize -> startTheWorld
  // cpu_share.cpp: who computes at a time t >= the kernel's now, without scanning allm_.
  // Invariants: activeMs_ is the number of Ms in Start, Schedule or RunG; every M in one
  // of those states that is inside its latest lock wait at some t >= now is on
  // lockWaiters_; every M in a sleeping state (or Sysmon) whose clock is > now is on
  // recentSleepers_. Entries that no longer qualify are dropped as they are met.
  int64_t activeMs_ = 0;
  std::vector<m*> lockWaiters_;
  std::vector<m*> recentSleepers_;
  Metrics metrics_;
  m* curm_ = nullptr;
  g* curg_ = nullptr;
  g* main_ = nullptr;
  bool mainStarted_ = false;
  bool worldStopped_ = false;  // see worldStopped()
  std::optional<RunResult> result_;
  trace::Sink* sink_ = nullptr;
  uint32_t sinkCats_ = 0;  // sink_->wantedCats(): events of other categories are not built
  bool heapSnapshots_ = false;
  std::string output_;
  uint32_t timerIds_ = 0;
  std::string nextTimerName_;  // nameNextTimer's name, until the next timer id is allocated
  void nameTimer();            // tells the sink timerIds_ is nextTimerName_, and clears it
  uint32_t chanIds_ = 0;
  // limits.cpp
  int64_t heapEntries_ = 0;
  int64_t liveGs_ = 0;
  int64_t frameBytesAtStart_ = 0;
  int64_t timerObjectsAtStart_ = 0;
  int64_t chanBytesAtStart_ = 0;
  int64_t programBytesAtStart_ = 0;
  uint64_t polls_ = 0;
  static constexpr uint64_t kStepsPerEvent = 4096;
  uint64_t stepEvent_ = ~uint64_t{0};  // the kernel event steps_ counts in
  uint64_t steps_ = 0;
  uint64_t nextEraCheck_ = 0;
  std::chrono::steady_clock::time_point wallStart_;
  Runtime* prevCurrent_ = nullptr;
  // sysmon's loop variables (proc.go sysmon: idle, delay) and where it is in the loop
  int sysmonIdle_ = 0;
  uint32_t sysmonDelay_ = 0;
  bool sysmonDeepSleep_ = false;
};

}  // namespace gotimers::rt

// runtime/time.go@go1.23rc1 on the simulated runtime.
//
// Every function below carries Go's name (methods of timer and timers become functions
// taking the timer or the timers first) and follows time.go@go1.23rc1 (equal to master of
// 2024-07-12; whether go1.23.0 differs is unchecked: ../shared/reference/go-timer-eras.md
// §10). The asyncTimerChan option is Go's
// debug.asynctimerchan: 0 (default), 1 (package time passes no channel: plain timers) or 2
// (channel timers without sendLock/seq/drain, maybeRunAsync in stop/modify).
//
// Locks: t.mu, t.sendLock and each P's timers.mu are simulated runtime mutexes (lock_futex
// phases and costs). The simulation runs one M step at a time, so no other M ever observes a
// timer between t.lock and t.unlock, and t.astate (the state published at unlock, read by
// the lock-free fast paths) always equals t.state when another M looks; it is kept anyway so
// the fast paths read what Go reads.
// Not modelled: acquirem/releasem (no preemption inside the runtime; maybeAdd uses the
// current P), cleanHead's gp.preemptStop bail-out, race detector contexts, netpollGenericInit.
// Locking rules: Go's assertLockHeld / assertWorldStopped / assertWorldStoppedOrLockHeld
// calls of time.go@go1.23rc1 are made at the same places (Runtime's, under --check), and the
// "must not hold" comments (maybeAdd, take, maybeRunChan) assert assertLockNotHeld.
// Simulator additions: a timer fired lazily by its receiver (maybeRunChan / maybeRunAsync,
// not from a heap) is counted in timersFired but not in the lateness metric (its value is
// back-dated by delay, so the program observes no lateness); its TimerFire event has a4 = 1.
// A send squelched by a stale seq is not counted as a fire.
#include "eras/go1_23/go1_23.h"

#include <fmt/format.h>

#include <stdexcept>

#include "eras/era_timer.h"
#include "eras/go1_23/timers_heap.h"
#include "eras/timer_code_clock.h"
#include "runtime/chan.h"

namespace gotimers::eras {

using trace::Kind;

std::string timerStateWords(uint8_t state) {
  std::vector<std::string> bits;
  if (state & timerHeaped) bits.emplace_back("heaped");
  if (state & timerModified) bits.emplace_back("modified");
  if (state & timerZombie) bits.emplace_back("zombie");
  return bits.empty() ? "none" : fmt::format("{}", fmt::join(bits, "|"));
}

std::string timerStateName(uint8_t s) {
  std::string out = "---";
  if (s & timerHeaped) out[0] = 'h';
  if (s & timerModified) out[1] = 'm';
  if (s & timerZombie) out[2] = 'z';
  return out;
}

namespace {

// A per-P set of timers (time.go@go1.23rc1 `timers`, the p.timers field).
// Invariants (mu not held): heap is a 4-ary heap on the entries' own when; every timer in it
// has pp == this P and timerHeaped set; len == len(heap) as of the last unlock; zombies ==
// number of entries with timerZombie; minWhenHeap == heap[0].when (0 if empty);
// minWhenModified is 0 or <= t.when of every timerModified non-zombie entry.
struct Timers {
  Timers(rt::Runtime& r, int id) : heap(r, id) {}
  rt::mutex mu;
  TimersHeap heap;
  uint32_t len = 0;  // atomic copy of len(heap), updated only at unlock
  int32_t zombies = 0;
  int64_t minWhenHeap = 0;
  int64_t minWhenModified = 0;
  // The cache line of the atomic fields len, zombies, minWhenHeap and minWhenModified
  // (docs/cost-model.md, "Atomics"). Abstraction: Go's timers struct puts mu on the same
  // 64 bytes; here the lock's line is accounted by the lock alone.
  rt::CacheLine line;
};

// The no-op unlockAndRun substitutes for f when a Stop/Reset made the send stale.
void staleSend(rt::Runtime&, void*, uint64_t, int64_t) {}

class Go123 final : public rt::TimerBackend {
 public:
  Go123(rt::Runtime& r, int async, std::string name)
      : rt::TimerBackend(r), async_(async), name_(std::move(name)) {
    for (int i = 0; i < r.gomaxprocs(); i++)
      addP(i);
    // p.init: "This P may get timers when it starts running."
    timerpMask_.assign(static_cast<size_t>(r.gomaxprocs()), true);
  }

  std::string name() const override { return name_; }
  int goMinor() const override { return 23; }
  int asyncTimerChan() const override { return async_; }

  // A zero go1.23 timer (a zero Ticker's, the heap lab's): newTimer and timeSleep init theirs.
  rt::Ref<rt::timer> allocTimer() override { return alloc(); }
  std::string timerFields(const rt::timer& t) const override {
    const auto& x = static_cast<const timer123&>(t);
    return fmt::format("ts={} state={}", x.ts, timerStateName(x.state));
  }

  // --- package time entry points -----------------------------------------------------------

  // newTimer allocates and returns a new time.Timer or time.Ticker (same layout) with the
  // given parameters.
  rt::Ref<rt::timer> newTimer(uint32_t id, int64_t when, int64_t period, rt::TimerFunc f, void* arg,
                              rt::Ref<rt::RefCounted> argRef, rt::hchan* c) override {
    TimerCodeClock tc(rt_);
    rt_.charge(rt_.cost().timer_alloc);
    rt::Ref<timer123> t = c != nullptr && async_ == 0 ? allocSyncChan() : alloc();
    t->id = id;
    initTimer(t.get(), nullptr, nullptr);
    if (c != nullptr) {
      // NewTimer's arg is its channel (sleep.go@go1.23rc1): t.hchan() reads it from t.arg.
      // Go trusts package time for that; this check is the simulator's own guard.
      if (arg != c) throw rt::GoThrow("newTimer: a channel timer's arg must be its channel");
      t->isChan = true;
      if (async_ == 0) sendLock(t.get()).setKind(rt::LockKind::TimerSendLock);
      c->timer = rt::Ref<rt::timer>(t);  // t.arg = c: modify below (t.hchan() reads it)
      if (c->dataqsiz == 0) throw rt::GoThrow("invalid timer channel: no capacity");
    }
    modify(t.get(), when, period, f, arg, &argRef, 0);
    return t;
  }

  void addtimer(rt::timer*) override {
    throw rt::GoThrow("addtimer does not exist in go1.23 (package time calls newTimer)");
  }
  // stopTimer
  bool deltimer(rt::timer* t) override { return stop(T(t)); }
  // resetTimer(t, when, t.period): the Sleep path (reset) and tests.
  bool resettimer(rt::timer* t, int64_t when) override {
    return modify(T(t), when, t->period, nullptr, nullptr, nullptr, 0);
  }
  // resetTimer(t, when, period) from package time passes f == nil (f, arg, seq unchanged).
  bool modtimer(rt::timer* t, int64_t when, int64_t period, rt::TimerFunc f, void* arg,
                uint64_t seq) override {
    return modify(T(t), when, period, f, arg, nullptr, seq);
  }

  // timeSleep puts the current goroutine to sleep for at least ns nanoseconds.
  rt::Runtime::MaybePark timeSleep(int64_t ns) override {
    if (ns <= 0) return {};
    rt::g* gp = rt_.curg();
    if (!gp->sleeptimer) {
      rt::Ref<timer123> t = alloc();
      t->id = rt_.nextTimerId();
      rt_.charge(rt_.cost().timer_alloc);
      initTimer(t.get(), rt::goroutineReady, gp);
      t->kind = rt::TimerKind::Sleep;  // simulator: the run summary's kind
      gp->sleeptimer = rt::Ref<rt::timer>(t);
    }
    int64_t when =
        static_cast<int64_t>(static_cast<uint64_t>(rt_.nanotime()) + static_cast<uint64_t>(ns));
    if (when < 0) when = maxWhen;  // check for overflow.
    gp->sleepWhen = when;
    return {rt_.goparkf(resetForSleep, T(gp->sleeptimer.get()), "sleep")};
  }

  // --- timer channels (chan.go / select.go@go1.23rc1) -----------------------------------

  // maybeRunChan checks whether the timer needs to run to send a value to its associated
  // channel. If so, it does. The timer must not be locked.
  void maybeRunChan(rt::timer* rtt) override {
    timer123* t = T(rtt);
    rt_.assertLockNotHeld(t->mu);  // time.go@go1.23rc1:1242
    if (t->astate & timerHeaped) {
      // If the timer is in the heap, the ordinary timer code is in charge of sending when
      // appropriate.
      return;
    }
    rt::Ref<rt::timer> keep(t);
    TimerCodeClock tc(rt_);
    lockT(t);
    int64_t now = rt_.nanotime();
    if ((t->state & timerHeaped) || t->when == 0 || t->when > now) {
      // Timer in the heap, or not running at all, or not triggered.
      unlockT(t);
      return;
    }
    unlockAndRun(t, now);
  }

  // blockTimerChan is called when a channel op has decided to block on c. The caller holds
  // the channel lock for c and possibly other channels. blockTimerChan makes sure that c is
  // in a timer heap, adding it if needed.
  void blockTimerChan(rt::hchan* c) override {
    rt_.assertLockHeld(c->lock);  // time.go@go1.23rc1:1265 (a comment; Go does not assert it)
    timer123* t = T(c->timer.get());
    TimerCodeClock tc(rt_);
    lockT(t);
    if (!t->isChan) badTimer();
    t->blocked++;
    // If this is the first enqueue after a recent dequeue, the timer may still be in the
    // heap but marked as a zombie. Unmark it in this case, if the timer is still pending.
    if ((t->state & timerHeaped) && (t->state & timerZombie) && t->when > 0) {
      setState(t, t->state & ~timerZombie, "blockTimerChan");
      TS(t).zombies--;
      tsWrite(TS(t));
    }
    // t.maybeAdd must be called with t unlocked, because it needs to lock t.ts before t.
    bool add = needsAdd(t);
    unlockT(t);
    if (add) maybeAdd(t);
  }

  // unblockTimerChan is called when a channel op that was blocked on c is no longer
  // blocked. It removes c from the timer heap when nothing is blocked on it anymore.
  // Go says the caller holds c's channel lock (time.go@go1.23rc1:1302), but its own chanrecv
  // calls it after gopark without it (chan.go@go1.23rc1:645-647), as src/runtime/chan.cpp
  // does; selectgo holds it (select.go@go1.23rc1:338, 363). So nothing is asserted here.
  void unblockTimerChan(rt::hchan* c) override {
    timer123* t = T(c->timer.get());
    lockT(t);
    if (!t->isChan || t->blocked == 0) badTimer();
    t->blocked--;
    if (t->blocked == 0 && (t->state & timerHeaped) && !(t->state & timerZombie)) {
      // Last goroutine that was blocked on this timer. Mark for removal from heap but do not
      // clear t.when, so that we know what time it is still meant to trigger.
      setState(t, t->state | timerZombie, "unblockTimerChan");
      TS(t).zombies++;
      tsWrite(TS(t));
    }
    unlockT(t);
  }

  // --- scheduler hooks (proc.go@go1.23rc1) ------------------------------------------------

  // findRunnable's first step, pp.timers.check(0) (the simulated schedule() calls this hook
  // before its local run-queue check, as findRunnable checks timers before runqget).
  void checkTimersHook(rt::p* pp) override { (void)check(pp, 0); }
  CheckTimersResult checkTimers(rt::p* pp, int64_t now) override { return check(pp, now); }
  int64_t nobarrierWakeTime(rt::p* pp) override { return wakeTime(P(pp)); }

  // timeSleepUntil returns the time when the next timer should fire. Returns maxWhen if
  // there are no timers. This is only called by sysmon and checkdead.
  // Go locks allpLock around its loop over allp (time.go@go1.23rc1:1125-1137); here allp
  // changes only with the world stopped, when sysmon does not run. Like allp, the loop
  // covers the live Ps only (ps_ also keeps destroyed ones).
  int64_t timeSleepUntil() override {
    int64_t next = maxWhen;
    for (size_t i = 0; i < static_cast<size_t>(rt_.gomaxprocs()); i++) {
      if (int64_t w = wakeTime(*ps_[i]); w != 0) next = std::min(next, w);
    }
    return next;
  }

  bool timerpMaskRead(int32_t pid) const override { return timerpMask_[static_cast<size_t>(pid)]; }
  // pidleput: if pp.timers.len.Load() == 0 { timerpMask.clear(pp.id) }
  void onPidleput(rt::p* pp) override {
    if (P(pp).len == 0) timerpMask_[static_cast<size_t>(pp->id)] = false;
  }
  // pidleget: timerpMask.set(pp.id): timers may be added now.
  void onPidleget(rt::p* pp) override { timerpMask_[static_cast<size_t>(pp->id)] = true; }
  // checkdead: len(pp.timers.heap) > 0
  bool hasTimers(const rt::p* pp) const override {
    return !ps_[static_cast<size_t>(pp->id)]->heap.empty();
  }

  // procresize with the world stopped: (*p).init for new Ps, and (*p).destroy for Ps going
  // away: "Move all timers to the local P": getg().m.p.ptr().timers.take(&pp.timers).
  void procresize(int oldProcs, int nprocs, rt::p* local) override {
    // (*p).destroy: "sched.lock must be held and the world must be stopped"
    // (proc.go@go1.23rc1:5592-5595).
    rt_.assertLockHeld(rt_.sched().lock);
    rt_.assertWorldStopped();
    for (int i = oldProcs; i < nprocs; i++) {
      if (static_cast<size_t>(i) == ps_.size()) addP(i);
      if (timerpMask_.size() <= static_cast<size_t>(i)) timerpMask_.resize(i + 1);
      timerpMask_[static_cast<size_t>(i)] = true;
    }
    for (int i = nprocs; i < oldProcs; i++)
      take(P(local), local, *ps_[static_cast<size_t>(i)]);
  }

  // --- introspection -------------------------------------------------------------------------

  // --- how viewers show it: per-P heaps of {timer, when}, state bits as sets ------------------

  std::string heapName(int heapId) const override { return fmt::format("P{}", heapId); }
  const char* heapLayout() const override { return "perP"; }
  const rt::HeapCode& heapCode() const override { return kTimersHeapCode; }
  const rt::CallWords& callWords() const override {
    static const rt::CallWords words{
        "newTimer -> t.modify -> t.maybeAdd: cleanHead drops zombies at the root, then addHeap "
        "appends {t, when}.",
        "newTimer for {} timers in order; each maybeAdd first runs cleanHead, then addHeap.",
        "t.stop sets timerZombie and t.when = 0; the entry stays in the heap until cleanHead, "
        "adjust or deleteMin drops it.",
        "t.modify sets t.when and timerModified; the heap's copy of when is fixed later by "
        "updateHeap.",
        "time advances to the root's heap key; ts.check/ts.run run what is due.",
        "time advances to {}; ts.check adjusts (forced if zombies > len/4) and ts.run runs "
        "every timer due.",
    };
    return words;
  }
  // every set a timer can have (Modified and Zombie only with Heaped: go1_23.h)
  std::vector<std::string> stateNames() const override {
    std::vector<std::string> out;
    for (uint8_t s : {0, 1, 3, 5, 7})
      out.push_back(timerStateWords(s));
    return out;
  }
  std::string stateName(uint8_t s) const override { return timerStateWords(s); }
  rt::TimerLook look(const rt::timer& rtt, int64_t key,
                     std::optional<uint8_t> state) const override {
    const auto& t = static_cast<const timer123&>(rtt);
    uint8_t bits = state.value_or(t.state);
    rt::TimerLook l{timerStateWords(bits), key, std::nullopt};
    // updateHeap/adjust clear timerModified and then copy t.when into the entry: show the
    // key the entry is about to get (the sift steps that follow move that key)
    if (state && (t.state & timerModified) && !(bits & timerModified) && (bits & timerHeaped)) {
      l.key = t.when;
    }
    // timerModified: t.when is the new when, the heap entry still has the old key (t.when
    // is 0 for a zombie: nothing pending)
    if ((bits & timerModified) && !(bits & timerZombie) && t.when != key) l.nextwhen = t.when;
    return l;
  }
  // what the bits mean, and the line of fn that sets them
  rt::StateStory stateStory(uint8_t from, uint8_t to, const std::string& fn) const override {
    auto has = [](uint8_t s, uint8_t bit) { return (s & bit) != 0; };
    if (!has(from, timerHeaped) && has(to, timerHeaped)) {
      return {"t.maybeAdd: it enters the heap", "t.state |= timerHeaped", ""};
    }
    if (has(from, timerHeaped) && !has(to, timerHeaped)) {
      return {fmt::format("{}: {}", fn,
                          has(from, timerZombie) ? "a zombie is cleaned out of the heap"
                                                 : "it leaves the heap"),
              "timerHeaped | timerZombie | timerModified", ""};
    }
    if (!has(from, timerZombie) && has(to, timerZombie)) {
      return {fn == "unlockAndRun"       ? "t.unlockAndRun: a one-shot timer ran; its entry is "
                                           "now a zombie"
              : fn == "unblockTimerChan" ? "the last receiver stopped waiting: the channel "
                                           "timer's entry is now a zombie"
                                         : "t.stop: t.when = 0; it stays in the heap as a zombie "
                                           "until cleaned",
              "t.state |= timerZombie", ""};
    }
    if (has(from, timerZombie) && !has(to, timerZombie)) {
      return {fmt::format("{} restarts a stopped timer still in the heap: no longer a zombie",
                          fn == "modify" ? "t.modify" : fn),
              "t.state &^= timerZombie", ""};
    }
    if (!has(from, timerModified) && has(to, timerModified)) {
      return {fn == "unlockAndRun" ? "t.unlockAndRun: a periodic timer's when moved on"
                                   : "t.modify: t.when changed; the heap entry keeps the old key",
              "t.state |= timerModified", ""};
    }
    if (has(from, timerModified) && !has(to, timerModified)) {
      return {fn == "updateHeap" ? "t.updateHeap: heap[0].when = t.when, then siftDown(0)"
                                 : fmt::format("{}: heap[i].when = t.when (initHeap follows)", fn),
              "&^= timerModified", ""};
    }
    return {};
  }
  std::string whenOnlyStory(const std::string& timer, const std::string& when) const override {
    return fmt::format(
        "t.modify: {} is already timerModified; only its when changes, to {} (the heap key is "
        "fixed later).",
        timer, when);
  }

  std::vector<rt::HeapView> heaps() const override {
    std::vector<rt::HeapView> out;
    for (size_t i = 0; i < ps_.size(); i++) {
      rt::HeapView h{fmt::format("P{}", i), {}, {}};
      for (const auto& tw : ps_[i]->heap.items()) {
        h.t.push_back(tw.timer);
        h.when.push_back(tw.when);
      }
      out.push_back(std::move(h));
    }
    return out;
  }

  // Timers in heaps that are still meant to fire (zombies excluded). A channel timer nobody
  // is blocked on is in no heap: it fires lazily when its channel is received from, and is
  // not counted.
  size_t liveTimers() const override {
    size_t n = 0;
    for (const auto& ts : ps_) {
      for (const auto& tw : ts->heap.items()) {
        if (!(H(tw)->state & timerZombie)) n++;
      }
    }
    return n;
  }

  // ts.verify (time.go@go1.23rc1, with verifyTimers) plus the counters and state bits.
  void checkInvariants() const override {
    rt::TimerBackend::checkInvariants();
    for (size_t i = 0; i < ps_.size(); i++) {
      const Timers& ts = *ps_[i];
      int32_t zombies = 0;
      for (const auto& tw : ts.heap.items()) {
        const auto* t = static_cast<const timer123*>(tw.timer);
        if (t->ts != static_cast<int16_t>(i) || !(t->state & timerHeaped)) {
          throw rt::GoThrow(fmt::format("P{}: timer {} in the heap with ts P{} and state {}", i,
                                        t->id, t->ts, timerStateName(t->state)));
        }
        if (t->state & timerZombie) zombies++;
        if ((t->state & timerModified) && !(t->state & timerZombie) &&
            (ts.minWhenModified == 0 || ts.minWhenModified > t->when)) {
          throw rt::GoThrow(fmt::format("P{}: minWhenModified {} above modified timer {}'s when {}",
                                        i, ts.minWhenModified, t->id, t->when));
        }
        if (t->astate != t->state) {
          throw rt::GoThrow(fmt::format("P{}: timer {} astate {} != state {}", i, t->id,
                                        timerStateName(t->astate), timerStateName(t->state)));
        }
      }
      int64_t w0 = ts.heap.empty() ? 0 : ts.heap.at(0).when;
      if (ts.len != ts.heap.size() || ts.zombies != zombies || ts.minWhenHeap != w0) {
        throw rt::GoThrow(fmt::format(
            "P{}: counters len={} (heap {}), zombies={} (counted {}), minWhenHeap={} (root {})", i,
            ts.len, ts.heap.size(), ts.zombies, zombies, ts.minWhenHeap, w0));
      }
    }
  }

  TimersView view(int pid) const {
    const Timers& ts = *ps_.at(static_cast<size_t>(pid));
    return TimersView{ts.heap.size(), ts.zombies, ts.minWhenHeap, ts.minWhenModified,
                      timerpMask_.at(static_cast<size_t>(pid))};
  }

 private:
  void addP(int i) {
    ps_.push_back(std::make_unique<Timers>(rt_, i));
    rt_.registerLock(ps_.back()->mu, fmt::format("P{}.timers.mu", i));
  }
  Timers& P(const rt::p* pp) { return *ps_[static_cast<size_t>(pp->id)]; }
  static rt::Ref<timer123> alloc() { return rt::Ref<timer123>(new timer123()); }
  static rt::Ref<timer123> allocSyncChan() { return rt::Ref<timer123>(new syncChanTimer123()); }
  // t.sendLock of a synchronous channel timer (isChan on this era without asynctimerchan: the
  // timers allocSyncChan made, so the cast is exact).
  static rt::mutex& sendLock(timer123* t) { return static_cast<syncChanTimer123*>(t)->sendLock; }
  // t.ts: the timers whose heap holds t.
  Timers& TS(const timer123* t) {
    if (t->ts < 0) badTimer();
    return *ps_[static_cast<size_t>(t->ts)];
  }
  // A timer handed to the era (checked under --check, eras/era_timer.h): every go1.23
  // timer comes from newTimer or allocTimer, so package time's are all timer123.
  timer123* T(rt::timer* t) const { return eraTimer<timer123>(rt_, t, "go1.23"); }
  // Timers in a heap were all made by this era.
  static timer123* H(const timerWhen& tw) { return static_cast<timer123*>(tw.timer); }

  // badTimer is called if the timer data structures have been corrupted, presumably due to
  // racy use by the program.
  [[noreturn]] static void badTimer() { throw rt::GoThrow("timer data corruption"); }

  // hchan returns the channel in t.arg. t must be a timer with a channel
  // (time.go@go1.23rc1:208).
  static rt::hchan* hchan(const timer123* t) {
    if (!t->isChan) badTimer();
    return static_cast<rt::hchan*>(t->arg);
  }

  // Every state change is traced (TimerStatus: a2 = old bits, a3 = new bits), with the Go
  // function that makes it (fn, a string literal: the code pane shows that function).
  void setState(timer123* t, uint8_t to, const char* fn) {
    if (to == t->state) return;
    rt_.emitIn(fn, Kind::TimerStatus, t->ts, t->id, t->state, to);
    t->state = to;
  }

  // init initializes a newly allocated timer t.
  static void initTimer(timer123* t, rt::TimerFunc f, void* arg) {
    t->mu.setKind(rt::LockKind::TimerMu);
    t->f = f;
    t->setArg(arg);
  }

  // lock locks the timer, allowing reading or writing any of the timer fields.
  void lockT(timer123* t) { rt_.lock(t->mu); }
  // unlock updates t.astate and unlocks the timer.
  void unlockT(timer123* t) {
    // Let heap fast paths know whether heap[i].when is accurate. Also let maybeRunChan know
    // whether channel is in heap.
    t->astate = t->state;
    rt_.charge(rt_.cost().atomic_op);  // t.astate.Store: XCHG on the line t.mu just brought
    rt_.unlock(t->mu);
  }
  void lockTS(Timers& ts) { rt_.lock(ts.mu); }
  void unlockTS(Timers& ts) {
    // Update atomic copy of len(ts.heap). We only update at unlock so that the len is always
    // the most recent unlocked length, not an ephemeral length.
    ts.len = static_cast<uint32_t>(ts.heap.size());
    tsWrite(ts);
    rt_.unlock(ts.mu);
  }

  // t.ts = nil. The heap no longer reaches the channel of a channel timer: from here only
  // the program's references keep it (and, through c.timer, the timer) alive.
  static void leaveHeap(timer123* t) {
    t->ts = -1;
    if (t->isChan) t->releaseArg();
  }

  // updateHeap updates t as directed by t.state, updating t.state and returning a bool
  // indicating whether the state (and ts.heap[0].when) changed. t must be t.ts.heap[0]; the
  // caller holds t's lock and t.ts's lock, and a reference on t.
  bool updateHeap(timer123* t) {
    rt_.assertWorldStoppedOrLockHeld(t->mu);  // time.go@go1.23rc1:226
    if (t->ts < 0) badTimer();
    Timers& ts = TS(t);
    if (ts.heap.empty() || ts.heap.at(0).timer != t) badTimer();
    rt_.assertLockHeld(ts.mu);  // time.go@go1.23rc1:232
    if (t->state & timerZombie) {
      // Take timer out of heap.
      setState(t, t->state & ~(timerHeaped | timerZombie | timerModified), "updateHeap");
      ts.zombies--;
      tsWrite(ts);
      deleteMin(ts);
      return true;
    }
    if (t->state & timerModified) {
      // Update ts.heap[0].when and move within heap.
      setState(t, t->state & ~timerModified, "updateHeap");
      ts.heap.setWhen(0, t->when);
      ts.heap.siftDown(0);
      updateMinWhenHeap(ts);
      return true;
    }
    return false;
  }

  // addHeap adds t to the timers heap. The caller must hold ts.lock or the world must be
  // stopped (take). The caller must also have checked that t belongs in the heap.
  void addHeap(Timers& ts, int pid, timer123* t) {
    rt_.assertWorldStoppedOrLockHeld(ts.mu);  // time.go@go1.23rc1:363
    if (t->ts != -1) throw rt::GoThrow("ts set in timer");
    t->ts = static_cast<int16_t>(pid);
    if (t->isChan) t->holdArg(hchan(t));  // the heap reaches the channel
    ts.heap.push(t, t->when);
    if (ts.heap.at(0).timer == t) updateMinWhenHeap(ts);
  }

  // maybeRunAsync checks whether t needs to be triggered and runs it if so. The caller is
  // responsible for locking the timer and for checking that we are running timers in async
  // mode. If the timer needs to be run, maybeRunAsync will unlock and re-lock it.
  void maybeRunAsync(timer123* t) {
    rt_.assertLockHeld(t->mu);  // time.go@go1.23rc1:387
    if (!(t->state & timerHeaped) && t->isChan && t->when > 0) {
      // If timer should have triggered already (but nothing looked at it yet), trigger now,
      // so that a receive after the stop sees the "old" value that should be there.
      if (int64_t now = rt_.nanotime(); t->when <= now) {
        unlockAndRun(t, now);  // resets t.when
        lockT(t);
      }
    }
  }

  // stop stops the timer t. It may be on some other P, so we can't actually remove it from
  // the timers heap. We can only mark it as stopped. It will be removed in due course by the
  // P whose heap it is on. Reports whether the timer was stopped before it was run.
  bool stop(timer123* t) {
    TimerCodeClock tc(rt_);
    rt_.charge(rt_.cost().timer_op);
    rt::Ref<rt::timer> keep(t);
    bool async = async_ != 0;
    if (!async && t->isChan) rt_.lock(sendLock(t));
    lockT(t);
    if (async) maybeRunAsync(t);
    if (t->state & timerHeaped) {
      uint8_t s = t->state | timerModified;
      if (!(t->state & timerZombie)) {
        s |= timerZombie;
        TS(t).zombies++;
        tsWrite(TS(t));
      }
      setState(t, s, "stop");
    }
    bool pending = t->when > 0;
    t->when = 0;
    if (!async && t->isChan) {
      // Stop any future sends with stale values. See timer.unlockAndRun.
      t->seq++;
    }
    unlockT(t);
    if (!async && t->isChan) {
      rt_.unlock(sendLock(t));
      if (rt::timerchandrain(rt_, hchan(t))) pending = true;
    }
    return pending;
  }

  // deleteMin removes timer 0 from ts. ts must be locked. The caller holds a reference on
  // the timer.
  void deleteMin(Timers& ts) {
    rt_.assertLockHeld(ts.mu);  // time.go@go1.23rc1:449
    auto* t = H(ts.heap.at(0));
    if (&TS(t) != &ts) throw rt::GoThrow("wrong timers");
    leaveHeap(t);
    (void)ts.heap.deleteMin();
    updateMinWhenHeap(ts);
    // If there are no timers, then clearly there are no timerModified timers.
    if (ts.heap.empty()) {
      ts.minWhenModified = 0;
      tsWrite(ts);
    }
  }

  // modify modifies an existing timer. This is called by the netpoll code or
  // time.Ticker.Reset or time.Timer.Reset. Reports whether the timer was modified before it
  // was run. If f == nil, then t.f, t.arg, and t.seq are not modified. argRef (optional)
  // keeps arg alive for a timer without a channel.
  bool modify(timer123* t, int64_t when, int64_t period, rt::TimerFunc f, void* arg,
              const rt::Ref<rt::RefCounted>* argRef, uint64_t seq) {
    if (when <= 0) throw rt::GoThrow("timer when must be positive");
    if (period < 0) throw rt::GoThrow("timer period must be non-negative");
    TimerCodeClock tc(rt_);
    rt_.charge(rt_.cost().timer_op);
    rt::Ref<rt::timer> keep(t);
    bool async = async_ != 0;
    if (!async && t->isChan) rt_.lock(sendLock(t));
    lockT(t);
    if (async) maybeRunAsync(t);
    t->period = period;
    if (f != nullptr) {
      t->f = f;
      if (argRef && !t->isChan) {
        t->setArg(arg, argRef->get());
      } else {
        t->replaceArg(arg);
      }
      t->seq = seq;
    }
    bool wake = false;
    bool pending = t->when > 0;
    t->when = when;
    if (t->state & timerHeaped) {
      uint8_t s = t->state | timerModified;
      Timers& ts = TS(t);
      if (s & timerZombie) {
        // In the heap but marked for removal (by a Stop). Unmark it, since it has been Reset
        // and will be running again.
        ts.zombies--;
        tsWrite(ts);
        s &= ~timerZombie;
      }
      setState(t, s, "modify");
      // The corresponding heap[i].when is updated later. See timers.adjust.
      if (int64_t min = minWhenModifiedLoaded(ts); min == 0 || when < min) {
        wake = true;
        // Force timerModified bit out to t.astate before updating t.minWhenModified, to
        // synchronize with t.ts.adjust.
        t->astate = t->state;
        rt_.charge(rt_.cost().atomic_op);  // t.astate.Store, t.mu held
        updateMinWhenModified(ts, when);
      }
    }
    bool add = needsAdd(t);
    if (!async && t->isChan) {
      // Stop any future sends with stale values. See timer.unlockAndRun.
      t->seq++;
    }
    unlockT(t);
    if (!async && t->isChan) {
      if (rt::timerchandrain(rt_, hchan(t))) pending = true;
      rt_.unlock(sendLock(t));
    }
    if (add) maybeAdd(t);
    if (wake) rt_.wakeNetPoller(when);
    return pending;
  }

  // needsAdd reports whether t needs to be added to a timers heap. t must be locked.
  bool needsAdd(const timer123* t) const {
    rt_.assertLockHeld(t->mu);  // time.go@go1.23rc1:550
    return !(t->state & timerHeaped) && t->when > 0 && (!t->isChan || t->blocked > 0);
  }

  // maybeAdd adds t to the local timers heap if it needs to be in a heap. The caller must
  // not hold t's lock nor any timers heap lock (timers.adjust holds ts.lock while acquiring
  // each t's lock, so we cannot hold any t's lock while acquiring ts.lock).
  void maybeAdd(timer123* t) {
    // time.go@go1.23rc1:561-565 (a comment; Go's lock ranking enforces it). The caller may
    // hold channel locks (blockTimerChan).
    rt_.assertLockNotHeld(t->mu);
    for (const auto& other : ps_)
      rt_.assertLockNotHeld(other->mu);
    // acquirem: insert into the current P's timers (the simulation never reschedules a G
    // inside this function).
    rt::p* pp = rt_.curp();
    Timers& ts = P(pp);
    lockTS(ts);
    cleanHead(ts);
    lockT(t);
    int64_t when = 0;
    bool wake = false;
    if (needsAdd(t)) {
      setState(t, t->state | timerHeaped, "maybeAdd");
      when = t->when;
      int64_t wakeTime = this->wakeTime(ts);
      wake = wakeTime == 0 || when < wakeTime;
      addHeap(ts, pp->id, t);
    }
    unlockT(t);
    unlockTS(ts);
    if (wake) rt_.wakeNetPoller(when);
  }

  // cleanHead cleans up the head of the timer queue. This speeds up programs that create
  // and delete timers; leaving them in the heap slows down heap operations. The caller must
  // have locked ts.
  void cleanHead(Timers& ts) {
    rt_.assertLockHeld(ts.mu);  // time.go@go1.23rc1:624
    for (;;) {
      if (ts.heap.empty()) return;
      rt_.chargeHeapVisits(1);
      // (gp.preemptStop bail-out not modelled: nothing preempts runtime code here.)
      // Delete zombies from tail of heap. It requires no heap adjustments at all, and doing
      // so increases the chances that when we swap out a zombie in heap[0] for the tail of
      // the heap, we'll get a non-zombie timer, shortening this loop.
      size_t n = ts.heap.size();
      if (timer123* t = H(ts.heap.at(n - 1)); t->astate & timerZombie) {
        rt::Ref<rt::timer> keep(t);
        lockT(t);
        if (t->state & timerZombie) {
          setState(t, t->state & ~(timerHeaped | timerZombie | timerModified), "cleanHead");
          leaveHeap(t);
          ts.zombies--;
          tsWrite(ts);
          (void)ts.heap.popTail();
        }
        unlockT(t);
        continue;
      }
      timer123* t = H(ts.heap.at(0));
      if (&TS(t) != &ts) throw rt::GoThrow("bad ts");
      if ((t->astate & (timerModified | timerZombie)) == 0) {
        return;  // Fast path: head of timers does not need adjustment.
      }
      rt::Ref<rt::timer> keep(t);
      lockT(t);
      bool updated = updateHeap(t);
      unlockT(t);
      if (!updated) return;  // Head of timers does not need adjustment.
    }
  }

  // take moves any timers from src into ts and then clears the timer state from src,
  // because src is being destroyed. The caller must not have locked either timers. For now
  // this is only called when the world is stopped (which is why it locks neither).
  void take(Timers& ts, rt::p* local, Timers& src) {
    // time.go@go1.23rc1:684 (assertWorldStopped) and :680 (neither timers locked).
    rt_.assertWorldStopped();
    rt_.assertLockNotHeld(ts.mu);
    rt_.assertLockNotHeld(src.mu);
    if (src.heap.empty()) return;
    for (const timerWhen& tw : src.heap.takeAll()) {
      rt_.chargeHeapVisits(1);
      timer123* t = H(tw);
      rt::Ref<rt::timer> keep(t);
      t->release();  // keep now holds src.heap's reference
      if (t->state & timerZombie) {
        setState(t, t->state & ~(timerHeaped | timerZombie | timerModified), "take");
        leaveHeap(t);
      } else {
        setState(t, t->state & ~timerModified, "take");
        t->ts = -1;
        addHeap(ts, local->id, t);
      }
    }
    src.zombies = 0;
    src.minWhenHeap = 0;
    src.minWhenModified = 0;
    src.len = 0;
    for (int store = 0; store < 4; store++)
      tsWrite(src);  // four atomic Stores
    ts.len = static_cast<uint32_t>(ts.heap.size());
    tsWrite(ts);
  }

  // adjust looks through the timers in ts.heap for any timers that have been modified to run
  // earlier, and puts them in the correct place in the heap. While looking for those timers,
  // it also moves timers that have been modified to run later, and removes deleted timers.
  // The caller must have locked ts.
  void adjust(Timers& ts, int64_t now, bool force) {
    rt_.assertLockHeld(ts.mu);  // time.go@go1.23rc1:715
    // If we haven't yet reached the time of the earliest modified timer, don't do anything.
    // This speeds up programs that adjust a lot of timers back and forth if the timers
    // rarely expire. We'll postpone looking through all the adjusted timers until one would
    // actually expire.
    if (!force) {
      tsLoad(ts);
      int64_t first = ts.minWhenModified;
      if (first == 0 || first > now) return;
    }
    // 1. minWhenHeap = min(minWhenHeap, minWhenModified), 2. minWhenModified = 0,
    // 3. scan, 4. minWhenHeap = heap[0].when: keeps wakeTime correct throughout.
    ts.minWhenHeap = wakeTime(ts);
    tsWrite(ts);
    ts.minWhenModified = 0;
    tsWrite(ts);

    bool changed = false;
    for (int64_t i = 0; i < static_cast<int64_t>(ts.heap.size()); i++) {
      rt_.chargeHeapVisits(1);
      timer123* t = H(ts.heap.at(static_cast<size_t>(i)));
      if (&TS(t) != &ts) throw rt::GoThrow("bad ts");
      if ((t->astate & (timerModified | timerZombie)) == 0) continue;  // no adjustment
      rt::Ref<rt::timer> keep(t);
      lockT(t);
      if (!(t->state & timerHeaped)) {
        badTimer();
      } else if (t->state & timerZombie) {
        ts.zombies--;
        tsWrite(ts);
        setState(t, t->state & ~(timerHeaped | timerZombie | timerModified), "adjust");
        (void)ts.heap.swapRemove(static_cast<size_t>(i));
        leaveHeap(t);
        i--;
        changed = true;
      } else if (t->state & timerModified) {
        ts.heap.setWhen(static_cast<size_t>(i), t->when);
        setState(t, t->state & ~timerModified, "adjust");
        changed = true;
      }
      unlockT(t);
    }
    if (changed) ts.heap.initHeap();
    updateMinWhenHeap(ts);
  }

  // wakeTime looks at ts's timers and returns the time when we should wake up the
  // netpoller. It returns 0 if there are no timers.
  int64_t wakeTime(Timers& ts) {
    tsLoad(ts);
    int64_t nextWhen = ts.minWhenModified;
    int64_t when = ts.minWhenHeap;
    if (when == 0 || (nextWhen != 0 && nextWhen < when)) when = nextWhen;
    return when;
  }

  // check runs any timers in ts that are ready. If now is not 0 it is the current time. It
  // returns the passed time or the current time if now was passed as 0, and the time when
  // the next timer should run or 0 if there is no next timer, and reports whether it ran any
  // timers.
  CheckTimersResult check(rt::p* pp, int64_t now) {
    Timers& ts = P(pp);
    // If it's not yet time for the first timer, or the first adjusted timer, then there is
    // nothing to do.
    int64_t next = wakeTime(ts);
    if (next == 0) return {now, 0, false};  // No timers to run or adjust.
    if (now == 0) now = rt_.nanotime();
    // If this is the local P, and there are a lot of deleted timers, clear them out. We only
    // do this for the local P to reduce lock contention on timersLock.
    int32_t zombies = ts.zombies;
    if (zombies < 0) badTimer();
    bool local = pp == rt_.curp();
    bool force = local && static_cast<int64_t>(zombies) > static_cast<int64_t>(ts.len) / 4;
    if (now < next && !force) {
      // Next timer is not ready to run, and we don't need to clear deleted timers.
      return {now, next, false};
    }
    TimerCodeClock tc(rt_);
    lockTS(ts);
    int64_t pollUntil = 0;
    bool ran = false;
    if (!ts.heap.empty()) {
      adjust(ts, now, false);
      while (!ts.heap.empty()) {
        // Note that run may temporarily unlock ts.
        if (int64_t tw = run(ts, now); tw != 0) {
          if (tw > 0) pollUntil = tw;
          break;
        }
        ran = true;
      }
      // Note: Delaying the forced adjustment until after the ts.run (as opposed to calling
      // ts.adjust(now, force) above) is significantly faster under contention (CL 574740).
      force = local && static_cast<int64_t>(ts.zombies) > static_cast<int64_t>(ts.len) / 4;
      if (force) adjust(ts, now, true);
    }
    unlockTS(ts);
    return {now, pollUntil, ran};
  }

  // run examines the first timer in ts. If it is ready based on now, it runs the timer and
  // removes or updates it. Returns 0 if it ran a timer, -1 if there are no more timers, or
  // the time when the first timer should run. The caller must have locked ts. If a timer is
  // run, this will temporarily unlock ts.
  int64_t run(Timers& ts, int64_t now) {
    rt_.assertLockHeld(ts.mu);  // time.go@go1.23rc1:928

    for (;;) {  // Redo:
      if (ts.heap.empty()) return -1;
      timerWhen tw = ts.heap.at(0);
      timer123* t = H(tw);
      if (&TS(t) != &ts) throw rt::GoThrow("bad ts");
      if ((t->astate & (timerModified | timerZombie)) == 0 && tw.when > now) {
        return tw.when;  // Fast path: not ready to run.
      }
      rt::Ref<rt::timer> keep(t);
      lockT(t);
      if (updateHeap(t)) {
        unlockT(t);
        continue;  // goto Redo
      }
      if (!(t->state & timerHeaped) || (t->state & timerModified)) badTimer();
      if (t->when > now) {
        unlockT(t);  // Not ready to run.
        return t->when;
      }
      unlockAndRun(t, now);
      rt_.assertLockHeld(ts.mu);  // t is unlocked now, but not ts (time.go@go1.23rc1:961)
      return 0;
    }
  }

  // unlockAndRun unlocks and runs the timer t (which must be locked). If t is in a timer set
  // (t.ts != nil), the caller must also have locked the timer set, and this call will
  // temporarily unlock the timer set while running the timer function.
  void unlockAndRun(timer123* t, int64_t now) {
    // time.go@go1.23rc1:973-976: t locked, and t.ts too if t is in a heap.
    rt_.assertLockHeld(t->mu);
    if (t->ts >= 0) rt_.assertLockHeld(TS(t).mu);
    rt::Ref<rt::timer> keep(t);
    // f's argument stays reachable while f runs (the channel of a channel timer).
    rt::Ref<rt::RefCounted> argKeep =
        t->isChan ? rt::Ref<rt::RefCounted>(hchan(t)) : rt::Ref<rt::RefCounted>(t->argRef());
    if (t->state & (timerModified | timerZombie)) badTimer();
    rt::TimerFunc f = t->f;
    void* arg = t->arg;
    uint64_t seq = t->seq;
    int64_t when = t->when;
    int64_t next = 0;
    int64_t delay = now - t->when;
    if (t->period > 0) {
      // Leave in heap but adjust next time to fire.
      uint64_t add =
          static_cast<uint64_t>(t->period) * static_cast<uint64_t>(1 + delay / t->period);
      next = static_cast<int64_t>(static_cast<uint64_t>(t->when) + add);
      if (next < 0) next = maxWhen;  // check for overflow.
    }
    int tsId = t->ts;
    t->when = next;
    if (t->state & timerHeaped) {
      uint8_t s = t->state | timerModified;
      if (next == 0) {
        s |= timerZombie;
        TS(t).zombies++;
        tsWrite(TS(t));
      }
      setState(t, s, "unlockAndRun");
      updateHeap(t);
    }
    unlockT(t);
    Timers* ts = tsId >= 0 ? ps_[static_cast<size_t>(tsId)].get() : nullptr;
    if (ts) unlockTS(*ts);

    bool async = async_ != 0;
    if (!async && t->isChan) {
      // For a timer channel, we want to make sure that no stale sends happen after a t.stop
      // or t.modify: both increment t.seq while holding both t.mu and t.sendLock. We copied
      // the seq value above while holding t.mu; if it changed, skip the send.
      rt_.lock(sendLock(t));
      if (t->seq != seq) f = staleSend;
    }
    fire(f, arg, seq, delay, t->id, when, /*lazy=*/ts == nullptr, t->kind);
    if (!async && t->isChan) rt_.unlock(sendLock(t));
    if (ts) lockTS(*ts);
  }

  // Calls f(arg, seq, delay) with the fire accounting (see the file comment).
  void fire(rt::TimerFunc f, void* arg, uint64_t seq, int64_t delay, uint32_t id, int64_t when,
            bool lazy, rt::TimerKind kind) {
    rt_.charge(rt_.cost().call_f);
    if (f == staleSend) return;
    rt_.metrics().timersFired++;
    rt_.metrics().timerOps[static_cast<size_t>(kind)].fired++;
    if (!lazy) rt_.metrics().lateness.add(delay);
    rt_.emitIn("unlockAndRun", Kind::TimerFire, 0, id, when, delay, lazy ? 1 : 0);
    if (f) f(rt_, arg, seq, delay);
  }

  // updateMinWhenHeap sets ts.minWhenHeap to ts.heap[0].when. The caller must have locked
  // ts or the world must be stopped.
  void updateMinWhenHeap(Timers& ts) {
    rt_.assertWorldStoppedOrLockHeld(ts.mu);  // time.go@go1.23rc1:1096
    ts.minWhenHeap = ts.heap.empty() ? 0 : ts.heap.at(0).when;
    tsWrite(ts);
  }

  // Atomic stores and read-modify-writes of ts's atomic fields, and their loads.
  void tsWrite(Timers& ts) { rt_.atomicWrite(ts.line); }
  void tsLoad(Timers& ts) { rt_.atomicLoad(ts.line); }
  int64_t minWhenModifiedLoaded(Timers& ts) {  // ts.minWhenModified.Load()
    tsLoad(ts);
    return ts.minWhenModified;
  }

  // updateMinWhenModified updates ts.minWhenModified to be <= when. ts need not be (and
  // usually is not) locked.
  void updateMinWhenModified(Timers& ts, int64_t when) {
    tsLoad(ts);
    int64_t old = ts.minWhenModified;
    if (old != 0 && old < when) return;
    ts.minWhenModified = when;
    tsWrite(ts);  // the CompareAndSwap
  }

  // resetForSleep is called after the goroutine is parked for timeSleep. We can't call
  // timer.reset in timeSleep itself because if this is a short sleep and there are many
  // goroutines then the P can wind up running the timer function, goroutineReady, before
  // the goroutine has been parked.
  static bool resetForSleep(rt::Runtime& r, rt::g* gp, void* ut) {
    auto* t = static_cast<timer123*>(ut);  // timeSleep's gp.timer
    // gp.timer.reset(gp.sleepWhen, 0) (time.go@go1.23rc1:293): resettimer passes the timer's
    // period, which is 0 for a sleep timer.
    r.era().resettimer(t, gp->sleepWhen);
    return true;
  }

  int async_;
  std::string name_;
  std::vector<std::unique_ptr<Timers>> ps_;
  std::vector<bool> timerpMask_;
};

}  // namespace

std::unique_ptr<rt::TimerBackend> makeGo123(rt::Runtime& r, int asyncTimerChan, std::string name) {
  if (asyncTimerChan < 0 || asyncTimerChan > 2)
    throw std::invalid_argument("go1.23 era: asynctimerchan must be 0, 1 or 2");
  return std::make_unique<Go123>(r, asyncTimerChan, std::move(name));
}

TimersView go123Timers(const rt::TimerBackend& era, int pid) {
  const auto* e = dynamic_cast<const Go123*>(&era);
  if (!e) throw std::logic_error("go123Timers: the running era is not the go1.23 era");
  return e->view(pid);
}

}  // namespace gotimers::eras

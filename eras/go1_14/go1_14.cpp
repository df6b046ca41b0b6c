// runtime/time.go@go1.14, @go1.15 and @go1.16 on the simulated runtime.
//
// Every function below carries Go's name and follows the source of the tag its version
// option names; differences between the tags are marked v14 / v15 / v16. The go1.16 option
// ("1.16+") follows runtime/time.go as Go 1.16-1.22 users got it after the era's bug fixes,
// i.e. the go1.16 tag plus:
//   * CL 336432 (go1.17; go1.16.7): adjusttimers no longer clears timerModifiedEarliest when
//     adjustTimers is 0 (#47329: that lost a concurrently added timerModifiedEarlier timer);
//   * CL 337309 (go1.17; go1.16.7): the adjustTimers counter is gone: adjusttimers always
//     scans the whole heap once timerModifiedEarliest is due;
//   * CL 343882 (go1.18; go1.16.9, go1.17.2): dodeltimer returns the smallest changed heap
//     index and adjusttimers restarts there (#47762: a timerModifiedEarlier timer sifted up
//     into an already scanned slot was skipped, and with timerModifiedEarliest cleared it
//     waited until it surfaced at the heap root, hours late if its old when was far off);
//   * CL 417434 (go1.19; go1.17.13, go1.18.5): dodeltimer / dodeltimer0 clear
//     timerModifiedEarliest when the last timer is deleted (#51654).
// Between go1.19 and go1.22 time.go only changed to atomic types (no algorithmic change).
// Package time's 1.18 change (Ticker.Reset(d <= 0) panics, CL 361074, #49315) is in
// src/go/time.cpp. The go1.14 and go1.15 options are those tags as released. The scheduler
// side (checkTimers call sites, timer stealing, netpoll sleeps, wakeNetPoller, sysmon) is in
// src/runtime, which calls the hooks of src/runtime/timer_backend.h.
//
// Atomics: the simulation runs one M at a time, so every CAS below succeeds. A transient
// status (Running, Removing, Modifying, Moving) is entered and left without another M
// running in between, except across a lock() that stops its M until it is the earliest
// again (Runtime::syncBeforeLock): v15+ modtimer holds a removed timer in timerModifying
// while it takes timersLock to re-add it. Another M that meets the status then osyields
// and looks again, as in Go (Runtime::osyield lets the stopped M finish first). The heap
// walkers (adjusttimers, runtimer, clearDeletedTimers, moveTimers) hold timersLock and never
// meet a transient status, since no timer in a heap is left mid-transition; reaching one
// throws (lockedTransient).
// Not modelled: acquirem/releasem (no preemption inside the runtime), cleantimers' 1.15
// preemptStop bail-out, netpollGenericInit. moveTimers runs when runtime.GOMAXPROCS removes
// Ps ((*p).destroy, from procresize).
// Not ported: go1.14's `ok` results (time.go@go1.14: siftupTimer/siftdownTimer 1080-1082,
// 1101-1103 return false on an index past the slice; doaddtimer, dodeltimer, dodeltimer0,
// cleantimers pass it on; addInitializedTimer 267-271, adjusttimers 671-673/689-691,
// addAdjustedTimers 727-729, runtimer 783-785/799-804, runOneTimer 850-852/859-861 and
// moveTimers 605-607/615-617 call badTimer() on false) and the badTimer() guards of go1.15+'s
// siftupTimer/siftdownTimer (@go1.15:1053-1055, 1073-1075; @go1.16:1084-1090, 1107-1113, the
// latter also for when <= 0): only a racy use of a timer trips them, and the simulator has
// none (--check verifies every heap instead). A failed CAS's `continue` is unreachable for
// the same reason.
// Locking rules: each function Go documents as "The caller must have locked the timers for
// pp" (or "... when the world is stopped") asserts it under --check (Runtime::assertLockHeld,
// assertWorldStopped), citing the comment's line in each tag.
#include "eras/go1_14/go1_14.h"

#include <fmt/format.h>

#include <stdexcept>

#include "eras/era_timer.h"
#include "eras/timer_code_clock.h"
#include "eras/timer_heap.h"
#include "eras/timerproc/timers_bucket.h"  // runTimerFunc: shared fire/lateness accounting

namespace gotimers::eras {

using trace::Kind;

const char* timerStatusName(uint8_t s) {
  static const char* const names[] = {
      "timerNoStatus",      "timerWaiting", "timerRunning",   "timerDeleted",
      "timerRemoving",      "timerRemoved", "timerModifying", "timerModifiedEarlier",
      "timerModifiedLater", "timerMoving"};
  return s < 10 ? names[s] : "timer?";
}

namespace {

// The timer fields of one P (runtime2.go@go1.16 p: timersLock, timers, numTimers,
// adjustTimers, deletedTimers, timer0When, timerModifiedEarliest).
// Invariants (timersLock not held, i.e. between steps): timers is a 4-ary heap on when;
// every timer in it has pp == this P; numTimers == len(timers); deletedTimers == number of
// timerDeleted timers in it; adjustTimers == number of timerModifiedEarlier timers in it
// (v14/v15; v16 has no such counter since CL 337309 and keeps it 0); timer0When ==
// timers[0].when (0 if empty); v16: if there is a timerModifiedEarlier timer,
// timerModifiedEarliest is non-zero and <= its nextwhen (#47762 broke exactly this).
struct PTimers {
  PTimers(rt::Runtime& r, int id) : timers(r, id, /*trackIndex=*/false) {}
  rt::mutex timersLock;
  TimerHeap timers;
  uint32_t numTimers = 0;
  uint32_t deletedTimers = 0;
  int32_t adjustTimers = 0;
  int64_t timer0When = 0;
  int64_t timerModifiedEarliest = 0;
  // The cache lines Go's atomics touch (docs/cost-model.md, "Atomics"): numTimers,
  // adjustTimers and deletedTimers sit together in runtime2.go's p, timer0When and
  // timerModifiedEarliest together elsewhere in it.
  rt::CacheLine counters, whens;
};

class Go114 final : public rt::TimerBackend {
 public:
  Go114(rt::Runtime& r, int minor, std::string name)
      : rt::TimerBackend(r), v_(minor), name_(std::move(name)) {
    for (int i = 0; i < r.gomaxprocs(); i++) {
      ps_.push_back(std::make_unique<PTimers>(r, i));
      r.registerLock(ps_.back()->timersLock, fmt::format("P{}.timersLock", i));
    }
    // p.init: "This P may get timers when it starts running."
    timerpMask_.assign(r.gomaxprocs(), true);
  }

  std::string name() const override { return name_; }
  int goMinor() const override { return v_; }

  rt::Ref<rt::timer> allocTimer() override { return rt::Ref<rt::timer>(new timer114()); }
  std::string timerFields(const rt::timer& t) const override {
    const timer114* x = H(&t);
    return fmt::format("pp={} status={} nextwhen={}", x->pp, timerStatusName(x->status),
                       x->nextwhen);
  }

  // --- package time entry points -----------------------------------------------------------

  // addtimer adds a timer to the current P (startTimer).
  void addtimer(rt::timer* rtt) override {
    timer114* t = T(rtt);
    TimerCodeClock tc(rt_);
    rt_.charge(rt_.cost().timer_op);
    if (v_ >= 16) {
      // when must be positive. A negative value will cause runtimer to overflow during its
      // delta calculation and never expire other runtime timers. Zero will cause
      // checkTimers to fail to notice the timer.
      if (t->when <= 0) throw rt::GoThrow("timer when must be positive");
      if (t->period < 0) throw rt::GoThrow("timer period must be non-negative");
    } else if (t->when < 0) {
      t->when = maxWhen;
    }
    if (t->status != timerNoStatus) {
      if (v_ == 14) badTimer();
      throw rt::GoThrow("addtimer called with initialized timer");
    }
    setStatus(t, timerWaiting, "addtimer", /*atomic=*/false);  // a plain store in Go
    // time.go@go1.14: addtimer = status Waiting + addInitializedTimer (1.15+ inlines the same
    // lock / cleantimers / doaddtimer / unlock / wakeNetPoller sequence).
    addInitializedTimer(t);
  }

  // deltimer deletes the timer t. It may be on some other P, so we can't actually remove
  // it from the timers heap. We can only mark it as deleted. It will be removed in due
  // course by the P whose heap it is on. Reports whether the timer was removed before it
  // was run.
  bool deltimer(rt::timer* rtt) override {
    timer114* t = T(rtt);
    TimerCodeClock tc(rt_);
    rt_.charge(rt_.cost().timer_op);
    for (;;) {
      switch (uint8_t s = t->status) {
        case timerWaiting:
        case timerModifiedLater: {
          PTimers& tpp = heapOf(t);
          if (v_ == 14) {
            setStatus(t, timerDeleted, "deltimer");
          } else {
            setStatus(t, timerModifying, "deltimer");
            setStatus(t, timerDeleted, "deltimer");
          }
          tpp.deletedTimers++;
          xadd(tpp);
          (void)s;
          return true;  // Timer was not yet run.
        }
        case timerModifiedEarlier: {
          PTimers& tpp = heapOf(t);
          setStatus(t, timerModifying, "deltimer");
          if (v_ <= 15) {  // v16: no counter (CL 337309)
            tpp.adjustTimers--;
            xadd(tpp);
          }
          setStatus(t, timerDeleted, "deltimer");
          tpp.deletedTimers++;
          xadd(tpp);
          return true;
        }
        case timerDeleted:
        case timerRemoving:
        case timerRemoved:
          return false;  // Timer was already run.
        case timerNoStatus:
          return false;  // Removed from heap but not in use, or already run.
        case timerRunning:
        case timerMoving:
          osyield(t, "deltimer");  // being run or moved by a different P: wait
          continue;
        case timerModifying:
          if (v_ == 14) badTimer();  // Simultaneous calls to deltimer and modtimer.
          osyield(t, "deltimer");    // v15+: wait for the other call to complete
          continue;
        default:
          badTimer();
      }
    }
  }

  // modtimer modifies an existing timer (netpoll, Ticker.Reset, v15+: Timer.Reset).
  // Reports whether the timer was modified before it was run.
  bool modtimer(rt::timer* rtt, int64_t when, int64_t period, rt::TimerFunc f, void* arg,
                uint64_t seq) override {
    timer114* t = T(rtt);
    TimerCodeClock tc(rt_);
    rt_.charge(rt_.cost().timer_op);
    if (v_ >= 16) {
      if (when <= 0) throw rt::GoThrow("timer when must be positive");
      if (period < 0) throw rt::GoThrow("timer period must be non-negative");
    } else if (when < 0) {
      when = maxWhen;
    }
    uint8_t status = 0;
    bool wasRemoved = false;
    bool pending = false;
    for (bool settled = false; !settled;) {  // loop: for { ... break loop ... }
      settled = true;                        // every case but the osyield ones breaks loop
      switch (status = t->status) {
        case timerWaiting:
        case timerModifiedEarlier:
        case timerModifiedLater:
          setStatus(t, timerModifying, "modtimer");
          pending = true;  // timer not yet run
          break;
        case timerNoStatus:
        case timerRemoved:
          // Timer was already run and t is no longer in a heap. Act like addtimer.
          setStatus(t, v_ == 14 ? timerWaiting : timerModifying, "modtimer");
          wasRemoved = true;
          pending = false;  // timer already run or stopped
          break;
        case timerDeleted:
          if (v_ == 14) badTimer();  // Simultaneous calls to modtimer and deltimer.
          setStatus(t, timerModifying, "modtimer");
          heapOf(t).deletedTimers--;
          xadd(heapOf(t));
          pending = false;  // timer already stopped
          break;
        case timerRunning:
        case timerRemoving:
        case timerMoving:
          osyield(t, "modtimer");  // being run or moved by a different P: wait
          settled = false;
          break;
        case timerModifying:
          if (v_ == 14) badTimer();  // Multiple simultaneous calls to modtimer.
          osyield(t, "modtimer");    // v15+: wait for the other call to complete
          settled = false;
          break;
        default:
          badTimer();
      }
    }

    t->period = period;
    t->f = f;
    t->replaceArg(arg);
    t->seq = seq;

    if (wasRemoved) {
      t->when = when;
      if (v_ == 14) {
        addInitializedTimer(t);
      } else {
        rt::p* pp = rt_.curp();
        PTimers& ps = P(pp);
        rt_.lock(ps.timersLock);
        doaddtimer(pp, t);
        rt_.unlock(ps.timersLock);
        setStatus(t, timerWaiting, "modtimer");
        rt_.wakeNetPoller(when);
      }
    } else {
      // The timer is in some other P's heap, so we can't change the when field. If we did,
      // the other P's heap would be out of order. So we put the new when value in the
      // nextwhen field, and let the other P set the when field when it is prepared to
      // resort the heap.
      t->nextwhen = when;
      uint8_t newStatus = when < t->when ? timerModifiedEarlier : timerModifiedLater;
      PTimers& tpp = heapOf(t);
      if (v_ >= 16) {
        // v16 (CL 337309): no adjustTimers counter, only timerModifiedEarliest.
        if (newStatus == timerModifiedEarlier) updateTimerModifiedEarliest(tpp, when);
      } else {
        // Update the adjustTimers field. Subtract one if we are removing a
        // timerModifiedEarlier, add one if we are adding a timerModifiedEarlier.
        int32_t adjust = 0;
        if (status == timerModifiedEarlier) adjust--;
        if (newStatus == timerModifiedEarlier) adjust++;
        if (adjust != 0) {
          tpp.adjustTimers += adjust;
          xadd(tpp);
        }
      }
      setStatus(t, newStatus, "modtimer");
      // If the new status is earlier, wake up the poller.
      if (newStatus == timerModifiedEarlier) rt_.wakeNetPoller(when);
    }
    return pending;
  }

  // resettimer resets the time when a timer should fire (v14: only an inactive timer).
  bool resettimer(rt::timer* rtt, int64_t when) override {
    timer114* t = T(rtt);
    if (v_ >= 15) return modtimer(t, when, t->period, t->f, t->arg, t->seq);
    TimerCodeClock tc(rt_);
    rt_.charge(rt_.cost().timer_op);
    if (when < 0) when = maxWhen;
    for (;;) {
      switch (t->status) {
        case timerNoStatus:
        case timerRemoved:
          setStatus(t, timerWaiting, "resettimer");
          t->when = when;
          addInitializedTimer(t);
          return false;
        case timerDeleted: {
          PTimers& tpp = heapOf(t);
          setStatus(t, timerModifying, "resettimer");
          t->nextwhen = when;
          uint8_t newStatus = timerModifiedLater;
          if (when < t->when) {
            newStatus = timerModifiedEarlier;
            tpp.adjustTimers++;
            xadd(tpp);
          }
          setStatus(t, newStatus, "resettimer");
          tpp.deletedTimers--;
          xadd(tpp);
          if (newStatus == timerModifiedEarlier) rt_.wakeNetPoller(when);
          return false;
        }
        case timerRemoving:
        case timerRunning:
          osyield(t, "resettimer");  // being removed or run by a different P: wait
          continue;
        default:
          // timerWaiting, timerModifying, timerModifiedXX, timerMoving: called resettimer on
          // an active timer.
          badTimer();
      }
    }
  }

  // timeSleep puts the current goroutine to sleep for at least ns nanoseconds. The timer is
  // (re)armed by resetForSleep, which park_m runs after the G is parked: "if this is a short
  // sleep and there are many goroutines then the P can wind up running the timer function,
  // goroutineReady, before the goroutine has been parked."
  rt::Runtime::MaybePark timeSleep(int64_t ns) override {
    if (ns <= 0) return {};
    rt::g* gp = rt_.curg();
    if (!gp->sleeptimer) {
      gp->sleeptimer = allocTimer();
      gp->sleeptimer->id = rt_.nextTimerId();
      rt_.charge(rt_.cost().timer_alloc);
    }
    timer114* t = T(gp->sleeptimer.get());
    t->kind = rt::TimerKind::Sleep;  // simulator: the run summary's kind
    t->f = rt::goroutineReady;
    t->setArg(gp);
    t->nextwhen =
        static_cast<int64_t>(static_cast<uint64_t>(rt_.nanotime()) + static_cast<uint64_t>(ns));
    if (v_ >= 16 && t->nextwhen < 0) t->nextwhen = maxWhen;  // check for overflow.
    return {rt_.goparkf(resetForSleep, t, "sleep")};
  }

  // --- scheduler hooks -----------------------------------------------------------------------

  void checkTimersHook(rt::p* pp) override { (void)checkTimers(pp, 0); }

  // checkTimers runs any timers for the P that are ready. If now is not 0 it is the current
  // time. It returns the current time or 0 if it is not known, and the time when the next
  // timer should run or 0 if there is no next timer, and reports whether it ran any timers.
  // (proc.go@go1.14..go1.16)
  CheckTimersResult checkTimers(rt::p* pp, int64_t now) override {
    PTimers& ps = P(pp);
    bool local = pp == rt_.curp();
    if (v_ >= 16) {
      // If it's not yet time for the first timer, or the first adjusted timer, then there
      // is nothing to do.
      loadWhens(ps);
      int64_t next = minNonZero(ps.timer0When, ps.timerModifiedEarliest);
      if (next == 0) return {now, 0, false};  // No timers to run or adjust.
      if (now == 0) now = rt_.nanotime();
      if (now < next) {
        // Next timer is not ready to run, but keep going if we would clear deleted timers.
        if (!local) return {now, next, false};
        loadCounters(ps);
        if (ps.deletedTimers <= ps.numTimers / 4) return {now, next, false};
      }
    } else if (adjustTimersLoaded(ps) == 0) {
      // If there are no timers to adjust, and the first timer on the heap is not yet ready
      // to run, then there is nothing to do.
      loadWhens(ps);
      int64_t next = ps.timer0When;
      if (next == 0) return {now, 0, false};
      if (now == 0) now = rt_.nanotime();
      if (now < next) {
        if (!local || ps.deletedTimers <= ps.numTimers / 4) return {now, next, false};
      }
    }

    TimerCodeClock tc(rt_);
    rt_.lock(ps.timersLock);
    int64_t pollUntil = 0;
    bool ran = false;
    if (v_ <= 15) adjusttimers(pp, now);
    int64_t rnow = now;
    if (!ps.timers.empty()) {
      if (v_ >= 16) adjusttimers(pp, now);
      if (rnow == 0) rnow = rt_.nanotime();
      while (!ps.timers.empty()) {
        // Note that runtimer may temporarily unlock pp.timersLock.
        if (int64_t tw = runtimer(pp, rnow); tw != 0) {
          if (tw > 0) pollUntil = tw;
          break;
        }
        ran = true;
      }
    }
    // If this is the local P, and there are a lot of deleted timers, clear them out. We
    // only do this for the local P to reduce lock contention on timersLock.
    if (local && ps.deletedTimers > ps.timers.size() / 4) clearDeletedTimers(pp);
    rt_.unlock(ps.timersLock);
    return {rnow, pollUntil, ran};
  }

  // nobarrierWakeTime looks at P's timers and returns the time when we should wake up the
  // netpoller. It returns 0 if there are no timers.
  int64_t nobarrierWakeTime(rt::p* pp) override {
    PTimers& ps = P(pp);
    if (v_ >= 16) {
      loadWhens(ps);
      return minNonZero(ps.timer0When, ps.timerModifiedEarliest);
    }
    // v14/v15: if there are any timers that need to be moved earlier, conservatively
    // return the current time; the netpoller M will adjust timers before sleeping again.
    loadCounters(ps);
    if (ps.adjustTimers > 0) return rt_.nanotime();
    loadWhens(ps);
    return ps.timer0When;
  }

  // timeSleepUntil returns the time when the next timer should fire (sysmon, checkdead).
  // Go locks allpLock around its loop over allp (time.go@go1.14:1015, @go1.15:988,
  // @go1.16:1050) and also returns the P, used only for faketime (proc.go@go1.14:4412). Here
  // there is no allpLock: allp changes only with the world stopped, when sysmon does not
  // run. Like allp, the loop covers the live Ps only (ps_ also keeps destroyed ones).
  int64_t timeSleepUntil() override {
    int64_t next = maxWhen;
    for (size_t i = 0; i < static_cast<size_t>(rt_.gomaxprocs()); i++) {
      PTimers& ps = *ps_[i];
      if (v_ >= 16) {
        loadWhens(ps);
        if (ps.timer0When != 0 && ps.timer0When < next) next = ps.timer0When;
        if (ps.timerModifiedEarliest != 0 && ps.timerModifiedEarliest < next) {
          next = ps.timerModifiedEarliest;
        }
        continue;
      }
      loadCounters(ps);
      int32_t c = ps.adjustTimers;
      if (c == 0) {
        loadWhens(ps);
        if (ps.timer0When != 0 && ps.timer0When < next) next = ps.timer0When;
        continue;
      }
      rt_.lock(ps.timersLock);
      for (rt::timer* rtt : ps.timers.items()) {
        rt_.chargeHeapVisits(1);
        const timer114* t = H(rtt);
        switch (t->status) {
          case timerWaiting:
            if (t->when < next) next = t->when;
            break;
          case timerModifiedEarlier:
          case timerModifiedLater:
            if (t->nextwhen < next) next = t->nextwhen;
            if (t->status == timerModifiedEarlier) c--;
            break;
          default:
            break;
        }
        // The timers are sorted, so we only have to check the first timer for each P,
        // unless there are some timerModifiedEarlier timers.
        if (c <= 0) break;
      }
      rt_.unlock(ps.timersLock);
    }
    return next;
  }

  bool timerpMaskRead(int32_t pid) const override {
    return v_ < 16 || timerpMask_[static_cast<size_t>(pid)];
  }

  // updateTimerPMask clears pp's timer mask if it has no timers on its heap.
  void onPidleput(rt::p* pp) override {
    if (v_ < 16) return;
    PTimers& ps = P(pp);
    loadCounters(ps);
    if (ps.numTimers > 0) return;
    // Looks like there are no timers, however another P may transiently decrement numTimers
    // when handling a timerModified timer in checkTimers. We must take timersLock to
    // serialize with these changes.
    rt_.lock(ps.timersLock);
    if (ps.numTimers == 0) timerpMask_[static_cast<size_t>(pp->id)] = false;
    rt_.unlock(ps.timersLock);
  }

  void onPidleget(rt::p* pp) override {
    if (v_ >= 16) timerpMask_[static_cast<size_t>(pp->id)] = true;  // may get timers now
  }

  bool hasTimers(const rt::p* pp) const override {
    return !ps_[static_cast<size_t>(pp->id)]->timers.empty();
  }

  // --- introspection -------------------------------------------------------------------------

  // --- how viewers show it: per-P heaps, the status field (time.go@go1.14:90-160) -----------

  std::string heapName(int heapId) const override { return fmt::format("P{}", heapId); }
  const char* heapLayout() const override { return "perP"; }
  const rt::HeapCode& heapCode() const override { return kTimerHeapCode; }
  // lazy deletion: Stop only marks the timer (time.go@go1.14 deltimer)
  const rt::CallWords& callWords() const override {
    static const rt::CallWords words = [] {
      rt::CallWords w = kRemovingCallWords;
      w.stop = "Stop (deltimer) marks it timerDeleted; it stays in the heap until cleaned.";
      return w;
    }();
    return words;
  }
  std::vector<std::string> stateNames() const override {
    std::vector<std::string> out;
    for (uint8_t s = timerNoStatus; s <= timerMoving; s++)  // time.go@go1.14's ten statuses
      out.emplace_back(timerStatusName(s));
    return out;
  }
  std::string stateName(uint8_t s) const override { return timerStatusName(s); }
  // modtimer sets nextwhen before the status CAS (time.go@go1.16): a timerModified* timer
  // shows the when it waits for
  rt::TimerLook look(const rt::timer& t, int64_t key, std::optional<uint8_t> state) const override {
    uint8_t st = state.value_or(go114Status(t));
    rt::TimerLook l{timerStatusName(st), key, std::nullopt};
    if (st == timerModifiedEarlier || st == timerModifiedLater) l.nextwhen = go114Nextwhen(t);
    return l;
  }
  // the CAS that sets it ("Cas(&t.status, s, timerDeleted)"), else any mention
  rt::StateStory stateStory(uint8_t /*from*/, uint8_t to, const std::string& fn) const override {
    const char* what =
        to == timerDeleted ? "Stop only marks it; it stays in the heap until cleaned"
        : to == timerRemoving || to == timerRemoved ? "a deleted timer is cleaned out of the heap"
        : to == timerRunning                        ? "due, it runs"
        : to == timerModifiedEarlier || to == timerModifiedLater ? "the new when waits in nextwhen"
        : to == timerMoving ? "its new when is applied and it moves"
                            : nullptr;
    return rt::StateStory{what ? fmt::format("{}: {}", fn, what) : "",
                          fmt::format(", {})", timerStatusName(to)), timerStatusName(to)};
  }

  std::vector<rt::HeapView> heaps() const override {
    std::vector<rt::HeapView> out;
    for (size_t i = 0; i < ps_.size(); i++) {
      const auto& items = ps_[i]->timers.items();
      out.push_back(rt::HeapView{fmt::format("P{}", i), {items.begin(), items.end()}, {}});
    }
    return out;
  }

  size_t liveTimers() const override {
    size_t n = 0;
    for (const auto& ps : ps_) {
      for (const rt::timer* rtt : ps->timers.items()) {
        const timer114* t = H(rtt);
        if (t->status == timerWaiting || t->status == timerModifiedEarlier ||
            t->status == timerModifiedLater) {
          n++;
        }
      }
    }
    return n;
  }

  void checkInvariants() const override {
    rt::TimerBackend::checkInvariants();
    for (size_t i = 0; i < ps_.size(); i++) {
      const PTimers& ps = *ps_[i];
      uint32_t deleted = 0;
      int32_t earlier = 0;
      for (const rt::timer* rtt : ps.timers.items()) {
        const timer114* t = H(rtt);
        if (t->pp != static_cast<int16_t>(i)) {
          throw rt::GoThrow(fmt::format("P{}: timer {} records P {}", i, t->id, t->pp));
        }
        if (t->status == timerDeleted) deleted++;
        if (t->status == timerModifiedEarlier) {
          earlier++;
          if (v_ >= 16 &&
              (ps.timerModifiedEarliest == 0 || ps.timerModifiedEarliest > t->nextwhen)) {
            throw rt::GoThrow(fmt::format("P{}: timerModifiedEarliest {} > nextwhen {}", i,
                                          ps.timerModifiedEarliest, t->nextwhen));
          }
        }
      }
      int64_t w0 = ps.timers.empty() ? 0 : ps.timers.root()->when;
      if (v_ >= 16) earlier = 0;  // no adjustTimers counter (CL 337309): stays 0
      if (ps.numTimers != ps.timers.size() || ps.deletedTimers != deleted ||
          ps.adjustTimers != earlier || ps.timer0When != w0) {
        throw rt::GoThrow(
            fmt::format("P{}: counters numTimers={} (len {}), deletedTimers={} (counted {}), "
                        "adjustTimers={} (counted {}), timer0When={} (root {})",
                        i, ps.numTimers, ps.timers.size(), ps.deletedTimers, deleted,
                        ps.adjustTimers, earlier, ps.timer0When, w0));
      }
    }
  }

  PTimersView view(int pid) const {
    const PTimers& ps = *ps_.at(static_cast<size_t>(pid));
    return PTimersView{ps.timers.size(),
                       ps.numTimers,
                       ps.deletedTimers,
                       ps.adjustTimers,
                       ps.timer0When,
                       ps.timerModifiedEarliest,
                       timerpMask_.at(static_cast<size_t>(pid))};
  }

 private:
  PTimers& P(const rt::p* pp) { return *ps_[static_cast<size_t>(pp->id)]; }
  // A timer handed to the era by package time (checked under --check, eras/era_timer.h).
  timer114* T(rt::timer* t) const { return eraTimer<timer114>(rt_, t, "go1.14"); }
  // A timer read from a P's heap: the era put it there, so it is one of its own.
  static timer114* H(rt::timer* t) { return static_cast<timer114*>(t); }
  static const timer114* H(const rt::timer* t) { return static_cast<const timer114*>(t); }
  // The P whose heap holds t (t.pp).
  PTimers& heapOf(const timer114* t) {
    if (t->pp < 0) throw rt::GoThrow(fmt::format("timer {}: no P in a heap status", t->id));
    return *ps_[static_cast<size_t>(t->pp)];
  }

  // atomic.Xadd on one of a P's timer counters, and the atomic loads of them and of
  // timer0When / timerModifiedEarliest (stores to those: storeWhens).
  void xadd(PTimers& ps) { rt_.atomicWrite(ps.counters); }
  void loadCounters(PTimers& ps) { rt_.atomicLoad(ps.counters); }
  int32_t adjustTimersLoaded(PTimers& ps) {  // atomic.Load(&pp.adjustTimers)
    loadCounters(ps);
    return ps.adjustTimers;
  }
  void storeWhens(PTimers& ps) { rt_.atomicWrite(ps.whens); }
  void loadWhens(PTimers& ps) { rt_.atomicLoad(ps.whens); }

  static int64_t minNonZero(int64_t next, int64_t nextAdj) {
    if (next == 0 || (nextAdj != 0 && nextAdj < next)) next = nextAdj;
    return next;
  }

  // Every status transition (one CAS in Go) goes through here and is traced, with the Go
  // function that makes it (fn, a string literal: the code pane shows that function).
  // atomic: a CAS or atomic.Store (all but addtimer's first store) costs an atomic on the
  // timer's line.
  void setStatus(timer114* t, uint8_t to, const char* fn, bool atomic = true) {
    if (atomic) rt_.atomicWrite(&t->statusWriter);
    rt_.emitIn(fn, Kind::TimerStatus, t->pp, t->id, t->status, to);
    t->status = to;
  }

  // badTimer is called if the timer data structures have been corrupted, presumably due to
  // racy use by the program. v14: panic(errorString("racy use of timers")); v15+: throw.
  [[noreturn]] void badTimer() const {
    if (v_ == 14) throw rt::GoPanic("runtime error: racy use of timers");
    throw rt::GoThrow("timer data corruption");
  }

  // An osyield-and-retry branch: another M is in the middle of a status transition. Go's
  // M calls osyield() and looks again. Here it lets the Ms behind it in virtual time run
  // first (Runtime::osyield); the M in the middle of the transition is one of them, parked
  // at a lock (Runtime::syncBeforeLock), so the status changes after a few yields.
  void osyield(const timer114* t, const char* where) {
    if (!rt_.osyield()) lockedTransient(t, where);
  }
  // The same branch reached by an M that holds a runtime lock (the heap walkers hold
  // timersLock): it cannot stop there, and the transition it waits for cannot happen
  // meanwhile (no M parks mid-transition on a timer in a heap), so it would spin forever.
  // Go osyields and retries there (time.go@go1.14:705-708, 812-814, 939-941, 629-631;
  // @go1.15:690-693, 789-791, 912-914, 618-620; @go1.16:731-734, 829-831, 959-961, 639-641:
  // adjusttimers, runtimer, clearDeletedTimers, moveTimers).
  [[noreturn]] static void lockedTransient(const timer114* t, const char* where) {
    throw rt::GoThrow(
        fmt::format("{}: timer {} observed in transient status {} by an M "
                    "holding a runtime lock (gotimers cannot wait there)",
                    where, t->id, timerStatusName(t->status)));
  }

  // v14 addInitializedTimer: adds an initialized timer to the current P.
  void addInitializedTimer(timer114* t) {
    int64_t when = t->when;
    rt::p* pp = rt_.curp();
    PTimers& ps = P(pp);
    rt_.lock(ps.timersLock);
    cleantimers(pp);
    doaddtimer(pp, t);
    rt_.unlock(ps.timersLock);
    rt_.wakeNetPoller(when);
  }

  // doaddtimer adds t to the current P's heap. The caller must have locked the timers for pp.
  void doaddtimer(rt::p* pp, timer114* t) {
    PTimers& ps = P(pp);
    rt_.assertLockHeld(ps.timersLock);  // time.go@go1.14:278, @go1.15:267, @go1.16:276
    if (t->pp != -1) throw rt::GoThrow("doaddtimer: P already set in timer");
    t->pp = static_cast<int16_t>(pp->id);
    ps.timers.push(t, "doaddtimer");
    if (ps.timers.root() == t) {
      ps.timer0When = t->when;
      storeWhens(ps);
    }
    ps.numTimers++;
    xadd(ps);
  }

  // dodeltimer removes timer i from the current P's heap (returned: the heap's reference).
  // We are locked on the P when this is called. The caller must have locked the timers for
  // pp. smallestChanged (optional) receives the smallest changed index in the heap: where the
  // last timer, moved into i, settled if siftupTimer moved it up, else i (v16: go1.18's
  // dodeltimer returns siftupTimer's result, CL 343882, #47762; also in go1.16.9, go1.17.2).
  rt::Ref<rt::timer> dodeltimer(rt::p* pp, int i, int* smallestChanged = nullptr) {
    PTimers& ps = P(pp);
    rt_.assertLockHeld(ps.timersLock);  // time.go@go1.14:348, @go1.15:357, @go1.16:366
    timer114* t = H(ps.timers.at(static_cast<size_t>(i)));
    if (t->pp != pp->id) throw rt::GoThrow("dodeltimer: wrong P");
    t->pp = -1;
    rt::timer* last = ps.timers.at(ps.timers.size() - 1);
    rt::Ref<rt::timer> owned = ps.timers.removeAt(i, "dodeltimer");
    if (smallestChanged) {
      // siftupTimer only moves the timer along i's ancestor chain (and siftdownTimer(i) then
      // leaves the former ancestor at i in place), so it is found there if it moved up.
      *smallestChanged = i;
      for (int j = i; last != t && j > 0;) {
        j = (j - 1) / 4;
        if (ps.timers.at(static_cast<size_t>(j)) == last) {
          *smallestChanged = j;
          break;
        }
      }
    }
    if (i == 0) updateTimer0When(ps);
    ps.numTimers--;
    xadd(ps);
    // v16: if there are no timers, then clearly none are modified (go1.19, CL 417434,
    // #51654; also in go1.17.13 and go1.18.5: without it a stale timerModifiedEarliest on
    // an empty heap makes a spinning M loop in findrunnable, since checkTimers only calls
    // adjusttimers on a non-empty heap).
    if (v_ >= 16 && ps.numTimers == 0) {
      ps.timerModifiedEarliest = 0;
      storeWhens(ps);
    }
    return owned;
  }

  // The two root transitions cleantimers and runtimer share (time.go@go1.14-go1.22 spells
  // them out in both; fn: which of the two): Deleted -> Removing -> Removed, dropping the
  // root ...
  void removeDeletedRoot(rt::p* pp, PTimers& ps, timer114* t, const char* fn) {
    setStatus(t, timerRemoving, fn);
    rt::Ref<rt::timer> keep = dodeltimer0(pp);
    setStatus(t, timerRemoved, fn);
    ps.deletedTimers--;
    xadd(ps);
  }
  // ... and ModifiedXX -> Moving -> Waiting: "Now we can change the when field", then move
  // the root to its new position.
  void moveModifiedRoot(rt::p* pp, PTimers& ps, timer114* t, uint8_t s, const char* fn) {
    setStatus(t, timerMoving, fn);
    t->when = t->nextwhen;
    rt::Ref<rt::timer> keep = dodeltimer0(pp);
    doaddtimer(pp, t);
    if (s == timerModifiedEarlier && v_ <= 15) {
      ps.adjustTimers--;
      xadd(ps);
    }
    setStatus(t, timerWaiting, fn);
  }

  // dodeltimer0 removes timer 0 from the current P's heap. We are locked on the P when this
  // is called. The caller must have locked the timers for pp.
  rt::Ref<rt::timer> dodeltimer0(rt::p* pp) {
    PTimers& ps = P(pp);
    rt_.assertLockHeld(ps.timersLock);  // time.go@go1.14:382, @go1.15:385, @go1.16:394
    timer114* t = H(ps.timers.root());
    if (t->pp != pp->id) throw rt::GoThrow("dodeltimer0: wrong P");
    t->pp = -1;
    rt::Ref<rt::timer> owned = ps.timers.popRoot("dodeltimer0");
    updateTimer0When(ps);
    ps.numTimers--;
    xadd(ps);
    // v16: if there are no timers, then clearly none are modified (go1.19, CL 417434,
    // #51654; also in go1.17.13 and go1.18.5: without it a stale timerModifiedEarliest on
    // an empty heap makes a spinning M loop in findrunnable, since checkTimers only calls
    // adjusttimers on a non-empty heap).
    if (v_ >= 16 && ps.numTimers == 0) {
      ps.timerModifiedEarliest = 0;
      storeWhens(ps);
    }
    return owned;
  }

  // cleantimers cleans up the head of the timer queue. This speeds up programs that create
  // and delete timers; leaving them in the heap slows down addtimer. The caller must have
  // locked the timers for pp.
  void cleantimers(rt::p* pp) {
    PTimers& ps = P(pp);
    rt_.assertLockHeld(ps.timersLock);  // time.go@go1.14:546, @go1.15:535, @go1.16:550
    for (;;) {
      if (ps.timers.empty()) return;
      rt_.chargeHeapVisits(1);
      timer114* t = H(ps.timers.root());
      if (t->pp != pp->id) throw rt::GoThrow("cleantimers: bad p");
      switch (uint8_t s = t->status) {
        case timerDeleted:
          removeDeletedRoot(pp, ps, t, "cleantimers");
          break;
        case timerModifiedEarlier:
        case timerModifiedLater:
          moveModifiedRoot(pp, ps, t, s, "cleantimers");
          break;
        default:
          return;  // Head of timers does not need adjustment.
      }
    }
  }

  // adjusttimers looks through the timers in the current P's heap for any timers that have
  // been modified to run earlier, and puts them in the correct place in the heap. While
  // looking for those timers, it also moves timers that have been modified to run later,
  // and removes deleted timers. The caller must have locked the timers for pp.
  void adjusttimers(rt::p* pp, int64_t now) {
    PTimers& ps = P(pp);
    rt_.assertLockHeld(ps.timersLock);  // time.go@go1.14:650, @go1.15:639, @go1.16:660
    if (v_ >= 16) {
      // v16 = go1.18's adjusttimers (also go1.16.9+, go1.17.2+; unchanged to go1.22).
      // go1.16.0 began with "if adjustTimers == 0 { timerModifiedEarliest = 0; return }";
      // CL 336432 (#47329) dropped that early clear, which raced with a timerModifiedEarlier
      // timer being added by another P, and CL 337309 then removed the adjustTimers counter.
      // If we haven't yet reached the time of the first timerModifiedEarlier timer, don't do
      // anything. This speeds up programs that adjust a lot of timers back and forth if the
      // timers rarely expire.
      loadWhens(ps);
      int64_t first = ps.timerModifiedEarliest;
      if (first == 0 || first > now) return;
      // We are going to clear all timerModifiedEarlier timers.
      ps.timerModifiedEarliest = 0;
      storeWhens(ps);
    } else {
      if (ps.timers.empty()) return;
      loadCounters(ps);
      if (ps.adjustTimers == 0) return;
    }
    std::vector<rt::Ref<rt::timer>> moved;
    for (int i = 0; i < static_cast<int>(ps.timers.size()); i++) {
      rt_.chargeHeapVisits(1);
      timer114* t = H(ps.timers.at(static_cast<size_t>(i)));
      if (t->pp != pp->id) throw rt::GoThrow("adjusttimers: bad p");
      bool stop = false;
      switch (uint8_t s = t->status) {
        case timerDeleted: {
          setStatus(t, timerRemoving, "adjusttimers");
          int changed = i;
          rt::Ref<rt::timer> keep = dodeltimer(pp, i, &changed);
          setStatus(t, timerRemoved, "adjusttimers");
          ps.deletedTimers--;
          xadd(ps);
          // v14/v15: look at this heap position again (#47762: misses a timer that the
          // removal sifted up into a slot already scanned). v16 (CL 343882): go back to the
          // earliest changed heap entry. "- 1" because the loop will add 1.
          i = (v_ >= 16 ? changed : i) - 1;
          break;
        }
        case timerModifiedEarlier:
        case timerModifiedLater: {
          setStatus(t, timerMoving, "adjusttimers");
          // Now we can change the when field.
          t->when = t->nextwhen;
          // Take t off the heap, and hold onto it. We don't add it back yet because the
          // heap manipulation could cause our loop to skip some other timer.
          int changed = i;
          moved.push_back(dodeltimer(pp, i, &changed));
          // v14/v15: stop once every counted timerModifiedEarlier timer was seen. A timer
          // skipped by the i-- above keeps the counter positive, so the next checkTimers
          // scans again (nobarrierWakeTime returns now meanwhile): late by one scheduler
          // round, not lost. v16 (CL 337309): no counter, the scan covers the whole heap.
          if (s == timerModifiedEarlier && v_ <= 15) {
            xadd(ps);
            if (--ps.adjustTimers <= 0) stop = true;
          }
          // v14/v15: look at this heap position again. v16: go back to the earliest changed
          // heap entry.
          i = (v_ >= 16 ? changed : i) - 1;
          break;
        }
        case timerNoStatus:
        case timerRunning:
        case timerRemoving:
        case timerRemoved:
        case timerMoving:
          badTimer();
        case timerWaiting:
          break;  // OK, nothing to do.
        case timerModifying:
          lockedTransient(t, "adjusttimers");
        default:
          badTimer();
      }
      if (stop) break;
    }
    // addAdjustedTimers adds any timers we adjusted in adjusttimers back to the timer heap.
    for (auto& keep : moved) {
      timer114* t = H(keep.get());
      doaddtimer(pp, t);
      setStatus(t, timerWaiting, "adjusttimers");
    }
  }

  // runtimer examines the first timer in timers. If it is ready based on now, it runs the
  // timer and removes or updates it. Returns 0 if it ran a timer, -1 if there are no more
  // timers, or the time when the first timer should run. The caller must have locked the
  // timers for pp. If a timer is run, this will temporarily unlock the timers.
  int64_t runtimer(rt::p* pp, int64_t now) {
    PTimers& ps = P(pp);
    rt_.assertLockHeld(ps.timersLock);  // time.go@go1.14:755, @go1.15:738, @go1.16:778
    for (;;) {
      timer114* t = H(ps.timers.root());
      if (t->pp != pp->id) throw rt::GoThrow("runtimer: bad p");
      switch (uint8_t s = t->status) {
        case timerWaiting:
          if (t->when > now) return t->when;  // Not ready to run.
          setStatus(t, timerRunning, "runtimer");
          runOneTimer(pp, t, now);
          return 0;
        case timerDeleted: {
          removeDeletedRoot(pp, ps, t, "runtimer");
          if (ps.timers.empty()) return -1;
          break;
        }
        case timerModifiedEarlier:
        case timerModifiedLater:
          moveModifiedRoot(pp, ps, t, s, "runtimer");
          break;
        case timerModifying:
          lockedTransient(t, "runtimer");  // Wait for modification to complete.
        case timerNoStatus:
        case timerRemoved:
          badTimer();  // Should not see a new or inactive timer on the heap.
        case timerRunning:
        case timerRemoving:
        case timerMoving:
          badTimer();  // These should only be set when timers are locked, and we didn't do it.
        default:
          badTimer();
      }
    }
  }

  // runOneTimer runs a single timer. The caller must have locked the timers for pp. This
  // will temporarily unlock the timers while running the timer function.
  void runOneTimer(rt::p* pp, timer114* t, int64_t now) {
    PTimers& ps = P(pp);
    rt_.assertLockHeld(ps.timersLock);  // time.go@go1.14:830, @go1.15:807, @go1.16:847
    rt::TimerFunc f = t->f;
    void* arg = t->arg;
    uint64_t seq = t->seq;
    int64_t when = t->when;
    rt::Ref<rt::RefCounted> argKeep(t->argRef());
    rt::Ref<rt::timer> keep;
    if (t->period > 0) {
      // Leave in heap but adjust next time to fire.
      int64_t delta = t->when - now;
      uint64_t add =
          static_cast<uint64_t>(t->period) * static_cast<uint64_t>(1 + -delta / t->period);
      t->when = static_cast<int64_t>(static_cast<uint64_t>(t->when) + add);
      if (v_ >= 16 && t->when < 0) t->when = maxWhen;  // check for overflow.
      ps.timers.siftdownTimer(0);
      setStatus(t, timerWaiting, "runOneTimer");
      updateTimer0When(ps);
    } else {
      // Remove from heap.
      keep = dodeltimer0(pp);
      setStatus(t, timerNoStatus, "runOneTimer");
    }
    rt_.unlock(ps.timersLock);
    runTimerFunc(rt_, f, arg, seq, t->id, when, t->kind, "runOneTimer");
    rt_.lock(ps.timersLock);
  }

  // clearDeletedTimers removes all deleted timers from the P's timer heap. This is used to
  // avoid clogging up the heap if the program starts a lot of long-running timers and then
  // stops them. The caller must have locked the timers for pp.
  void clearDeletedTimers(rt::p* pp) {
    PTimers& ps = P(pp);
    rt_.assertLockHeld(ps.timersLock);  // time.go@go1.14:896, @go1.15:869, @go1.16:912
    // v16: We are going to clear all timerModifiedEarlier timers. Do this now in case new
    // ones show up while we are looping.
    if (v_ >= 16) {
      ps.timerModifiedEarliest = 0;
      storeWhens(ps);
    }
    uint32_t cdel = 0;
    int32_t cearlier = 0;
    int to = 0;
    bool changedHeap = false;
    std::vector<rt::timer*> timers = ps.timers.items();  // the slice header Go iterates
    std::vector<rt::timer*> dropped;
    for (size_t from = 0; from < timers.size(); from++) {
      rt_.chargeHeapVisits(1);
      timer114* t = H(timers[from]);
      switch (uint8_t s = t->status) {
        case timerWaiting:
          if (changedHeap) {
            ps.timers.setRaw(to, t);
            ps.timers.siftupTimer(to);
          }
          to++;
          break;
        case timerModifiedEarlier:
        case timerModifiedLater:
          setStatus(t, timerMoving, "clearDeletedTimers");
          t->when = t->nextwhen;
          ps.timers.setRaw(to, t);
          ps.timers.siftupTimer(to);
          to++;
          changedHeap = true;
          setStatus(t, timerWaiting, "clearDeletedTimers");
          if (s == timerModifiedEarlier && v_ <= 15) cearlier++;
          break;
        case timerDeleted:
          setStatus(t, timerRemoving, "clearDeletedTimers");
          t->pp = -1;
          cdel++;
          setStatus(t, timerRemoved, "clearDeletedTimers");
          changedHeap = true;
          rt_.metrics().heapRemoves++;
          rt_.emitIn("clearDeletedTimers", Kind::HeapRemove, ps.timers.id(), t->id,
                     static_cast<int64_t>(from), t->when);
          dropped.push_back(t);
          break;
        case timerModifying:
          lockedTransient(t, "clearDeletedTimers");
        default:
          badTimer();
      }
    }
    ps.timers.truncateRaw(static_cast<size_t>(to), "clearDeletedTimers");
    for (rt::timer* t : dropped)
      t->release();  // the heap's reference
    ps.deletedTimers -= cdel;
    xadd(ps);
    ps.numTimers -= cdel;
    xadd(ps);
    if (v_ <= 15) {
      ps.adjustTimers -= cearlier;
      xadd(ps);
    }
    updateTimer0When(ps);
  }

  // procresize (proc.go@go1.14-go1.22) with the world stopped and sched.lock held: p.init for
  // new Ps ("This P may get timers when it starts running": 1.16+ sets timerpMask; the mask
  // is read only from 1.16 on), and (*p).destroy for Ps going away: "Move all timers to the
  // local P", under both timersLocks, then zero the counters.
  void procresize(int oldProcs, int nprocs, rt::p* local) override {
    // (*p).destroy: "sched.lock must be held and the world must be stopped" (proc.go@go1.14:
    // 4057, @go1.15:4217, @go1.16:4682-4685).
    rt_.assertLockHeld(rt_.sched().lock);
    rt_.assertWorldStopped();
    for (int i = oldProcs; i < nprocs; i++) {
      if (static_cast<size_t>(i) == ps_.size()) {
        ps_.push_back(std::make_unique<PTimers>(rt_, i));
        rt_.registerLock(ps_.back()->timersLock, fmt::format("P{}.timersLock", i));
      }
      if (timerpMask_.size() <= static_cast<size_t>(i)) timerpMask_.resize(i + 1);
      timerpMask_[static_cast<size_t>(i)] = true;
    }
    for (int i = nprocs; i < oldProcs; i++) {
      PTimers& dying = *ps_[static_cast<size_t>(i)];
      if (dying.timers.empty()) continue;
      PTimers& pl = P(local);
      // The world is stopped, but we acquire timersLock to protect against sysmon calling
      // timeSleepUntil. This is the only case where we hold the timersLock of more than one
      // P, so there are no deadlock concerns.
      rt_.lock(pl.timersLock);
      rt_.lock(dying.timersLock);
      moveTimers(local, dying);
      dying.numTimers = 0;
      dying.adjustTimers = 0;
      dying.deletedTimers = 0;
      dying.timer0When = 0;
      storeWhens(dying);
      // Not in (*p).destroy (proc.go@go1.16:4708-4712 and @go1.22.0 leave it): a P that comes
      // back (ps_ is reused, as Go reuses allp's entries) starts without a stale
      // timerModifiedEarliest, which on an empty heap would send findrunnable into the
      // spinning of #51654 (see dodeltimer).
      dying.timerModifiedEarliest = 0;
      rt_.unlock(dying.timersLock);
      rt_.unlock(pl.timersLock);
    }
  }

  // moveTimers moves a slice of timers to pp. The slice has been taken from a different P.
  // This is currently called when the world is stopped, but the caller is expected to have
  // locked the timers for pp. (time.go@go1.14:594-644, @go1.15:587-633, @go1.16:602-654: the
  // versions differ only in the timerWaiting case.)
  void moveTimers(rt::p* pp, PTimers& from) {
    // The world is stopped and pp's timers are locked: time.go@go1.14:596-597,
    // @go1.15:589-590, @go1.16:604-605.
    rt_.assertWorldStopped();
    rt_.assertLockHeld(P(pp).timersLock);
    std::vector<rt::timer*> timers = from.timers.items();
    from.timers.truncateRaw(0, "moveTimers");  // the heap's references now travel with `timers`
    for (rt::timer* rtt : timers) {
      rt_.chargeHeapVisits(1);
      timer114* t = H(rtt);
      switch (t->status) {
        case timerWaiting:
          if (v_ >= 16) {
            // time.go@go1.16:611-620: Waiting -> Moving, re-add, Moving -> Waiting.
            setStatus(t, timerMoving, "moveTimers");
            t->pp = -1;
            doaddtimer(pp, t);
            setStatus(t, timerWaiting, "moveTimers");
          } else {
            // time.go@go1.14:603-608, @go1.15:596-599: the status does not change.
            t->pp = -1;
            doaddtimer(pp, t);
          }
          break;
        case timerModifiedEarlier:
        case timerModifiedLater:
          // time.go@go1.14:609-621, @go1.15:600-610, @go1.16:621-631.
          setStatus(t, timerMoving, "moveTimers");
          t->when = t->nextwhen;
          t->pp = -1;
          doaddtimer(pp, t);
          setStatus(t, timerWaiting, "moveTimers");
          break;
        case timerDeleted:
          // time.go@go1.14:622-628, @go1.15:611-617, @go1.16:632-638.
          setStatus(t, timerRemoved, "moveTimers");
          t->pp = -1;
          // We no longer need this timer in the heap.
          break;
        case timerModifying:
          // Loop until the modification is complete: Go osyields (time.go@go1.14:629-631,
          // @go1.15:618-620, @go1.16:639-641). setGOMAXPROCS let every parked M finish first
          // (waitParkedMs), so no M is left mid-modtimer while the world is stopped.
          lockedTransient(t, "moveTimers");
        case timerNoStatus:
        case timerRemoved:
          // We should not see these status values in a timers heap.
          badTimer();
        case timerRunning:
        case timerRemoving:
        case timerMoving:
          // Some other P thinks it owns this timer, which should not happen.
          badTimer();
        default:
          badTimer();
      }
      t->release();  // the dying heap's reference
    }
    // No updateTimer0When(pp) here, as in Go: doaddtimer keeps pp's timer0When.
  }

  // updateTimer0When sets the P's timer0When field. The caller must have locked the timers
  // for pp.
  void updateTimer0When(PTimers& ps) {
    rt_.assertLockHeld(ps.timersLock);  // time.go@go1.14:998, @go1.15:971, @go1.16:1018
    ps.timer0When = ps.timers.empty() ? 0 : ps.timers.root()->when;
    storeWhens(ps);
  }

  // updateTimerModifiedEarliest updates the recorded nextwhen field of the earlier
  // timerModifiedEarier value (v16). The timers for pp will not be locked.
  void updateTimerModifiedEarliest(PTimers& ps, int64_t nextwhen) {
    loadWhens(ps);
    int64_t old = ps.timerModifiedEarliest;
    if (old != 0 && old < nextwhen) return;
    ps.timerModifiedEarliest = nextwhen;
    storeWhens(ps);  // the Cas64
  }

  // resetForSleep is called after the goroutine is parked for timeSleep. We can't call
  // resettimer in timeSleep itself because if this is a short sleep and there are many
  // goroutines then the P can wind up running the timer function, goroutineReady, before
  // the goroutine has been parked.
  static bool resetForSleep(rt::Runtime& r, rt::g* /*gp*/, void* ut) {
    auto* t = static_cast<timer114*>(ut);  // timeSleep's gp.timer
    r.era().resettimer(t, t->nextwhen);
    return true;
  }

  int v_;
  std::string name_;
  std::vector<std::unique_ptr<PTimers>> ps_;
  std::vector<bool> timerpMask_;  // v16 timerpMask: P may have timers
};

}  // namespace

std::unique_ptr<rt::TimerBackend> makeGo114(rt::Runtime& r, int minor, std::string name) {
  if (minor < 14 || minor > 16) throw std::invalid_argument("go1.14 era: minor must be 14..16");
  return std::make_unique<Go114>(r, minor, std::move(name));
}

PTimersView go114PTimers(const rt::TimerBackend& era, int pid) {
  const auto* e = dynamic_cast<const Go114*>(&era);
  if (!e) throw std::logic_error("go114PTimers: the running era is not the go1.14 era");
  return e->view(pid);
}

}  // namespace gotimers::eras

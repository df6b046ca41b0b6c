// The era seam: what each Go version's runtime/time.go offers the rest of the runtime.
//
// An era implements package time's runtime entry points (startTimer = addtimer, stopTimer =
// deltimer, resetTimer, modTimer, timeSleep) and the scheduler hooks of its version. The
// scheduler calls the hooks exactly where that Go version calls them; eras that have no
// such hook (go1.9, go1.13: timers are run by timerproc goroutines) keep the defaults.
// The seam belongs to the runtime (src/runtime), as runtime/time.go belongs to package
// runtime; each era (eras/) implements it. No era includes another era; shared mechanisms
// live in eras/ below them.
#pragma once
#include <string>
#include <vector>

#include "runtime/era_view.h"
#include "runtime/runtime.h"

namespace gotimers::rt {

// A read-only view of one timer heap (for reports, checks and animations).
struct HeapView {
  std::string name;  // "timers", "bucket 3", "P1"
  std::vector<const rt::timer*> t;
  // go1.23: the heap's own copy of each entry's when (timerWhen.when), the key the heap is
  // ordered by; it differs from t[i]->when while t[i] is timerModified (t->when is 0 for a
  // zombie). Empty in the eras that key the heap on t->when itself.
  std::vector<int64_t> when;
  int64_t key(size_t i) const { return when.empty() ? t[i]->when : when[i]; }
};

// goroutineReady(gp, seq) (runtime/time.go): the f of a Sleep timer; readies gp.
void goroutineReady(Runtime& rt, void* arg, uint64_t seq, int64_t delay);

class TimerBackend {
 public:
  explicit TimerBackend(rt::Runtime& r) : rt_(r) {}
  virtual ~TimerBackend() = default;
  TimerBackend(const TimerBackend&) = delete;
  TimerBackend& operator=(const TimerBackend&) = delete;

  virtual std::string name() const = 0;  // "go1.9"
  // The Go minor version whose package time rules apply (9, 13, 14, 15, 16, 23).
  virtual int goMinor() const = 0;

  // --- runtime/time.go, called by package time ---------------------------------------------
  virtual void addtimer(rt::timer* t) = 0;  // startTimer
  virtual bool deltimer(rt::timer* t) = 0;  // stopTimer
  // resetTimer (1.14+) and modTimer (1.12+ netpoll, 1.15+ Ticker.Reset). Eras without them
  // throw, as calling them would not link in that Go version.
  virtual bool resettimer(rt::timer* t, int64_t when);
  virtual bool modtimer(rt::timer* t, int64_t when, int64_t period, rt::TimerFunc f, void* arg,
                        uint64_t seq);
  // Everything timeSleep does before its gopark, which it returns for the caller to await.
  virtual rt::Runtime::MaybePark timeSleep(int64_t ns) = 0;
  // newTimer (time.go@go1.23rc1, linknamed by package time from 1.23): the runtime allocates
  // the timer; c is the channel when package time wants a synchronous timer channel
  // (syncTimer(c) != nil), nil for AfterFunc and with asynctimerchan=1. argRef keeps arg
  // alive. id: the timer's id, allocated by the caller, which announces the start with it
  // (timer.add) before the runtime's own events of the start. Eras before 1.23 throw (package
  // time allocates the runtimeTimer itself there).
  virtual rt::Ref<rt::timer> newTimer(uint32_t id, int64_t when, int64_t period, rt::TimerFunc f,
                                      void* arg, rt::Ref<rt::RefCounted> argRef, rt::hchan* c);
  // A zero timer of this era's type (runtime2.h: each era extends rt::timer), as Go's
  // zero-value timer struct: package time's runtimeTimer before 1.23 (and a zero Ticker's),
  // the heap lab's timers, Sleep's cached gp.timer. Every timer an era is given comes from
  // here or from newTimer, so the era may static_cast it to its own type. It charges
  // nothing and assigns no id (the callers do, as before).
  virtual rt::Ref<rt::timer> allocTimer() = 0;
  // The era's own fields of t, as text for reports (Runtime::dumpHeaps): "i=3",
  // "tb=2 i=3", "pp=1 status=timerWaiting nextwhen=0", "ts=1 state=h--".
  virtual std::string timerFields(const rt::timer& t) const = 0;

  // --- timer channels (go1.23+; chan.go@go1.23rc1 calls these only when c.timer != nil) ---
  // debug.asynctimerchan as the running program sees it: 0 = synchronous timer channels
  // (Go 1.23+ default), 1 = the pre-1.23 behaviour (every era before 1.23 behaves as 1),
  // 2 = async channels on the lazy 1.23 implementation (a debugging setting).
  virtual int asyncTimerChan() const { return 1; }
  // (*timer).maybeRunChan: run an expired channel timer that is in no heap (lazy firing).
  virtual void maybeRunChan(rt::timer* /*t*/) {}
  // blockTimerChan / unblockTimerChan: a receiver starts / stops blocking on c.
  virtual void blockTimerChan(rt::hchan* /*c*/) {}
  virtual void unblockTimerChan(rt::hchan* /*c*/) {}

  // --- scheduler hooks (go1.14+) -------------------------------------------------------------
  // The scheduler (src/runtime) calls these where proc.go@go1.14..go1.16 calls the functions
  // of time.go named below; eras without per-P timers keep the no-op defaults (and the
  // scheduler follows proc.go@go1.9 for them: schedule, pidleput/pidleget and procresize
  // call the no-op defaults; findrunnable's checkTimers and timer stealing, handoffp's
  // nobarrierWakeTime, sysmon and checkdead's timer test are only reached when
  // goMinor() >= 14).

  // schedule() top: checkTimers(pp, 0) on the current P.
  virtual void checkTimersHook(rt::p* /*pp*/) {}
  // checkTimers(pp, now) (rnow, pollUntil, ran): runs pp's ready timers. now = 0: unknown.
  struct CheckTimersResult {
    int64_t now = 0;
    int64_t pollUntil = 0;  // when pp's next timer is due, 0 if none
    bool ran = false;
  };
  virtual CheckTimersResult checkTimers(rt::p* /*pp*/, int64_t now) { return {now, 0, false}; }
  // nobarrierWakeTime(pp): when pp's timers next need attention, 0 if never.
  virtual int64_t nobarrierWakeTime(rt::p* /*pp*/) { return 0; }
  // timeSleepUntil() (sysmon): the earliest timer over all Ps, maxWhen if none.
  virtual int64_t timeSleepUntil() { return maxWhen; }
  // timerpMask.read(id) (1.16+): pp may have timers. Always true before 1.16.
  virtual bool timerpMaskRead(int32_t /*pid*/) const { return true; }
  // pidleput: updateTimerPMask(pp) (1.16+); pidleget: timerpMask.set(pp.id) (1.16+).
  virtual void onPidleput(rt::p* /*pp*/) {}
  virtual void onPidleget(rt::p* /*pp*/) {}
  // checkdead: len(pp.timers) > 0.
  virtual bool hasTimers(const rt::p* /*pp*/) const { return false; }

  // procresize (proc.go): called with the world stopped and sched.lock held after Ps
  // [0, nprocs) exist and before Ps [nprocs, old) are destroyed; `local` is the P the
  // resizing goroutine keeps. go1.14+: (*p).destroy moves a dying P's timers to local
  // (moveTimers; go1.23: timers.take).
  virtual void procresize(int /*oldProcs*/, int /*nprocs*/, rt::p* /*local*/) {}

  // --- introspection ----------------------------------------------------------------------
  virtual std::vector<HeapView> heaps() const = 0;
  // Timers still scheduled to fire (for the leak report and checkdead).
  virtual size_t liveTimers() const;
  // --check (docs/reliability.md): verifies the era's bookkeeping between two events and
  // throws rt::GoThrow describing the first violation; returns normally when all is well.
  // The default checks the heap property of every heap in heaps(). EVERY ERA MUST OVERRIDE
  // IT (calling the default first) to also check what only it knows: that each timer's
  // recorded position (i, tb, pp) and status agree with the heap that holds it, and that
  // its counters (numTimers, deletedTimers, timer0When, ...) match the heaps. The runtime
  // calls it after every event while the heaps hold <= 16 timers, and every heapEntries/16
  // events beyond that; TimerHeap itself checks the heap property after every operation
  // (go1.9-go1.14; go1.23's TimersHeap has no per-operation check).
  virtual void checkInvariants() const;

  // --- how viewers show the era (era_view.h; the heap lab, the animations) ----------------
  // The name of heap heapId, as heaps() names it ("timers", "bucket 3", "P1").
  virtual std::string heapName(int heapId) const = 0;
  // "global" (one heap), "buckets" (bucketCount() of them) or "perP".
  virtual const char* heapLayout() const = 0;
  virtual int bucketCount() const { return 0; }
  // Every word the era's timer state can be shown as, in the era's order (none: no state).
  virtual std::vector<std::string> stateNames() const { return {}; }
  // The word for state s, as TimerStatus events carry it (from, to).
  virtual std::string stateName(uint8_t /*s*/) const { return ""; }
  // t, held in a heap with key, as it looks while its state becomes `state` (a TimerStatus
  // event comes before the change: show the state it sets), or as it is (nullopt).
  virtual TimerLook look(const timer& /*t*/, int64_t key, std::optional<uint8_t> /*state*/) const {
    return TimerLook{"", key, std::nullopt};
  }
  // A TimerStatus event's change from -> to, made by Go function fn, in the era's words.
  virtual StateStory stateStory(uint8_t /*from*/, uint8_t /*to*/, const std::string& /*fn*/) const {
    return {};
  }
  // The sentence for a Reset that changed a timer's when and nothing a heap shows (go1.23:
  // t.modify on a timer already timerModified), "" if the era has no such change.
  virtual std::string whenOnlyStory(const std::string& /*timer*/,
                                    const std::string& /*when*/) const {
    return "";
  }
  virtual const HeapCode& heapCode() const = 0;
  virtual const CallWords& callWords() const = 0;

 protected:
  rt::Runtime& rt_;
};

}  // namespace gotimers::rt

// runtime/lock_futex.go in virtual time: lock/unlock with Go's spin phases, and notes.
//
// A waiter that finds the lock held until heldUntil waits W = heldUntil - now and its wait
// is classified as Go's lock() would spend it (ncpu > 1): up to active_spin=4 rounds of
// procyield(active_spin_cnt=30), then passive_spin=1 osyield, then futexsleep until the
// holder's unlock futexwakeups it. Acquisition time follows from the phase: the end of the
// spin round in which the lock became free, or the wake-up latency after the release.
#include <fmt/format.h>

#include "runtime/runtime.h"

namespace gotimers::rt {

using trace::Kind;

namespace {
constexpr int kActiveSpin = 4;   // active_spin
constexpr int kPassiveSpin = 1;  // passive_spin
}  // namespace

const char* lockPhaseName(LockPhase ph) {
  switch (ph) {
    case LockPhase::CAS:
      return "cas";
    case LockPhase::ActiveSpin:
      return "active_spin";
    case LockPhase::PassiveSpin:
      return "passive_spin";
    case LockPhase::FutexSleep:
      return "futex_sleep";
  }
  return "?";
}

mutex& Runtime::registerLock(mutex& l, std::string name) {
  l.name = std::move(name);
  l.id = static_cast<int>(locks_.size());
  locks_.push_back(&l);
  return l;
}

void Runtime::lock(mutex& l) {
  m* mp = curm_;
  const CostModel& c = cfg_.cost;
  if (l.locked) throw GoThrow(fmt::format("lock: {} already held (self-deadlock)", l.name));
  Time start = mp->clock;
  Time wait = l.heldUntil - start;
  LockPhase phase = LockPhase::CAS;
  if (wait > 0) {
    int64_t activeWindow = cfg_.ncpu > 1 ? kActiveSpin * c.procyield_round : 0;
    int64_t passiveWindow = activeWindow + kPassiveSpin * c.osyield;
    if (wait <= activeWindow) {
      phase = LockPhase::ActiveSpin;
      int64_t rounds = (wait + c.procyield_round - 1) / c.procyield_round;
      mp->clock = start + rounds * c.procyield_round;
    } else if (wait <= passiveWindow) {
      phase = LockPhase::PassiveSpin;
      mp->clock = start + passiveWindow;
    } else {
      // Xchg(mutex_sleeping) then futexsleep; the holder's unlock sees mutex_sleeping and
      // pays a futexwakeup, charged to it as a debt (it has already run in processing order).
      phase = LockPhase::FutexSleep;
      metrics_.mSleeps++;
      metrics_.contextSwitches++;
      l.stats.futexWakes++;
      if (l.lastM >= 0 && l.lastM < static_cast<int>(allm_.size())) {
        allm_[l.lastM]->debt += c.futex_wake;
      }
      mp->clock = l.heldUntil + c.wake_latency + c.context_switch;
      mp->clock += c.futex_sleep;
    }
  }
  charge(c.lock_cas + (l.lastM >= 0 && l.lastM != mp->id ? c.cacheline_transfer : 0));
  Time waited = mp->clock - start;
  l.locked = true;
  l.acquiredAt = mp->clock;
  l.lastM = mp->id;
  auto& s = l.stats;
  s.acquisitions++;
  s.byPhase[static_cast<int>(phase)]++;
  if (phase != LockPhase::CAS) {
    s.contended++;
    s.waitTotal += waited;
    s.waitMax = std::max(s.waitMax, waited);
    s.waits.push_back(waited);
  }
  emit(Kind::LockAcquire, l.id, static_cast<int64_t>(phase), waited);
}

void Runtime::unlock(mutex& l) {
  if (!l.locked) throw GoThrow("unlock of unlocked lock");
  if (cfg_.check && l.lastM != curm_->id) {  // --check: only the holder releases a lock
    checkFailed(fmt::format("{} released by M{} but held by M{}", l.name, curm_->id, l.lastM));
  }
  l.locked = false;
  l.heldUntil = curm_->clock;
  l.stats.holdTotal += curm_->clock - l.acquiredAt;
  emit(Kind::LockRelease, l.id, 0, curm_->clock - l.acquiredAt);
}

void Runtime::notewakeup(note& n) {
  if (n.key != 0) throw GoThrow("notewakeup - double wakeup");
  n.key = 1;
  charge(cfg_.cost.futex_wake);  // futexwakeup
  if (m* mp = n.sleeper) {
    n.sleeper = nullptr;
    mp->wokenByNote = true;
    wakeM(mp, curm_->clock + cfg_.cost.wake_latency);
  }
}

void Runtime::sleepM(m* mp, MState st, Time wakeAt) {
  mp->state = st;
  mp->clock += cfg_.cost.futex_sleep;
  mp->wokenByNote = false;
  mp->sleeps++;
  metrics_.mSleeps++;
  emit(Kind::MSleep, 0, mp->id, static_cast<int64_t>(st), wakeAt);
  mp->gen++;  // cancel anything pending
  if (wakeAt != maxWhen) kernel_.schedule(std::max(wakeAt, mp->clock), mp);
}

void Runtime::wakeM(m* mp, Time at) {
  mp->gen++;
  kernel_.schedule(std::max(at, mp->clock), mp);
}

void Runtime::ParkAwaiter::await_suspend(std::coroutine_handle<> h) {
  g* gp = rt->curg();
  gp->resume = h;
  gp->action = GAction::Park;
  gp->waitlock = unlockf;
  gp->waitunlockf = fn;
  gp->waitunlockarg = arg;
  gp->waitreason = reason;
}

void Runtime::NoteSleepAwaiter::await_suspend(std::coroutine_handle<> h) {
  g* gp = rt->curg();
  m* mp = rt->curm();
  gp->resume = h;
  gp->action = GAction::Syscall;
  gp->waitreason = "syscall";
  rt->entersyscallblock();
  const CostModel& c = rt->cost();
  mp->sleepnote = n;
  if (n->key != 0) {
    rt->sleepM(mp, MState::SyscallSleep, mp->clock);
    return;
  }
  n->sleeper = mp;
  // deadline = now + futexsleep entry + ns + slack, saturating at maxWhen (a sleep of
  // MaxInt64 never ends)
  Time wakeAt = maxWhen;
  if (ns >= 0 && !__builtin_add_overflow(mp->clock, c.futex_sleep + c.timer_slack, &wakeAt) &&
      __builtin_add_overflow(wakeAt, ns, &wakeAt)) {
    wakeAt = maxWhen;
  }
  if (ns < 0) wakeAt = maxWhen;
  mp->sleepDeadline = wakeAt;
  rt->sleepM(mp, MState::SyscallSleep, wakeAt);
}

void Runtime::YieldAwaiter::await_suspend(std::coroutine_handle<> h) {
  g* gp = rt->curg();
  gp->resume = h;
  gp->action = GAction::Yield;
}

namespace {
// Async preemption (go1.14+): the G stops at its next slice boundary; runM's goschedImpl
// puts it on the global run queue.
struct PreemptAwaiter {
  Runtime* rt;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) {
    g* gp = rt->curg();
    gp->resume = h;
    gp->action = GAction::Preempt;
  }
  void await_resume() const noexcept {}
};
}  // namespace

Task<void> Runtime::work(Duration d) {
  // Busy CPU for d: advance this M's clock in slices, yielding whenever another actor is
  // due. A G that sysmon marked for preemption (go1.14+: retake's preemptone after
  // forcePreemptNS = 10ms on one schedtick) is preempted at the next slice boundary, as
  // Go 1.14's signal-based async preemption stops a tight loop; the rest of d runs when
  // the G is scheduled again.
  //
  // A busy G touches no shared state, so a slice only has to end where something could
  // preempt it: slices last until the next pending event but at least kWorkQuantum, so
  // that two busy Ms do not leapfrog each other nanosecond by nanosecond. Preemption is
  // therefore noticed up to kWorkQuantum late (sysmon itself polls every 20us-10ms).
  constexpr Duration kWorkQuantum = 10 * Microsecond;
  Duration left = d;
  while (left > 0) {
    Time next = kernel_.peekTime();
    Time start = curm_->clock;
    Time until = std::min(start + left, std::max(next, start + kWorkQuantum));
    curm_->clock = until;
    left -= until - start;
    co_await checkpoint();
    if (left > 0 && curg_->preempt) {
      curg_->preempt = false;
      co_await PreemptAwaiter{this};
    }
  }
}

}  // namespace gotimers::rt

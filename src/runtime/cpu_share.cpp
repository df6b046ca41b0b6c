// The simulated machine's CPUs: how much longer work takes when threads share a core.
//
// CostModel::cpu_threads hardware threads (Go's ncpu) form ncpu/2 cores of 2 threads (SMT,
// Hyper-Threading). Linux spreads runnable threads over idle cores first, so k computing
// threads on c cores leave 2(k - c) of them sharing a core when c < k <= 2c; a thread that
// shares its core runs its work smt_slowdown_pct percent longer. Beyond ncpu threads the
// CPUs are time-shared and work stretches by k / ncpu on top.
//
// Who computes at the charging M's clock t: every M in the scheduler or running a G, except
// over its latest wait inside lock() (an M spinning on PAUSE hands the core's resources to
// its sibling, which is what PAUSE is for; a futex sleeper is off the CPU); an M asleep
// (stopm, notetsleepg, netpoll) computes only before it went to sleep (its clock).
//
// The count is kept, not scanned for (many Ps once spent 7% of a run in a scan of allm_ per
// charge): setMState counts the Ms in computing states, and two short lists hold the Ms that
// may differ from their state's rule at a time t >= now: those whose latest lock wait ends
// after now, and those asleep with a clock after now (an M that went to sleep at a later
// virtual time than the current M's is still computing at the current M's clock). An entry
// is dropped once now passes it; the now of the kernel only grows, and an M's clock and lock
// wait only change while it runs, when it is put back on the list (watchSwitchIn,
// watchLockWait). The count equals the scan it replaced, so every run's output is unchanged.
//
// Abstractions (docs/cost-model.md, "The machine"): the count is taken when a charge
// starts and holds for the whole charge; only an M's latest lock wait is remembered; which
// threads share a core is an expectation, not a placement; the spin phases of lock() (PAUSE
// rounds, sched_yield) are not stretched.
#include <fmt/format.h>

#include "runtime/runtime.h"

namespace gotimers::rt {

namespace {
bool activeState(MState s) {
  return s == MState::Start || s == MState::Schedule || s == MState::RunG;
}
bool sleepingState(MState s) {
  return !activeState(s) && s != MState::Dead;
}
}  // namespace

void Runtime::setMState(m* mp, MState st) {
  activeMs_ += (activeState(st) ? 1 : 0) - (activeState(mp->state_) ? 1 : 0);
  mp->state_ = st;
  if (sleepingState(st)) watchSwitchIn(mp);
}

void Runtime::watchLockWait(m* mp) {
  // an empty wait (the CAS took a free lock) excludes no t: the M follows its state's rule
  if (mp->lockWaitFrom < mp->lockWaitTo && !mp->cpuLockWatch) {
    mp->cpuLockWatch = true;
    lockWaiters_.push_back(mp);
  }
}

void Runtime::watchSwitchIn(m* mp) {
  if (sleepingState(mp->state_) && !mp->cpuSleepWatch) {
    mp->cpuSleepWatch = true;
    recentSleepers_.push_back(mp);
  }
}

int64_t Runtime::cpuShared(int64_t ns) {
  const Time t = curm_->clock;
  const Time now = kernel_.now();
  // computing Ms at t: those in computing states, less those inside a lock wait at t, plus
  // those asleep since after t; the current one always counts
  int64_t k = activeMs_;
  auto inLockWait = [t](const m* mp) { return mp->lockWaitFrom <= t && t < mp->lockWaitTo; };
  for (size_t i = 0; i < lockWaiters_.size();) {
    m* mp = lockWaiters_[i];
    if (mp->lockWaitTo <= now && mp != curm_) {  // no t >= now is inside it any more
      mp->cpuLockWatch = false;
      lockWaiters_[i] = lockWaiters_.back();
      lockWaiters_.pop_back();
      continue;
    }
    if (activeState(mp->state_) && inLockWait(mp)) k--;
    i++;
  }
  for (size_t i = 0; i < recentSleepers_.size();) {
    m* mp = recentSleepers_[i];
    if (!sleepingState(mp->state_) || (mp->clock <= now && mp != curm_)) {
      mp->cpuSleepWatch = false;
      recentSleepers_[i] = recentSleepers_.back();
      recentSleepers_.pop_back();
      continue;
    }
    if (t < mp->clock) k++;
    i++;
  }
  const bool curCounted = (activeState(curm_->state_) && !inLockWait(curm_)) ||
                          (sleepingState(curm_->state_) && t < curm_->clock);
  if (!curCounted) k++;
  if (cfg_.check) {
    int64_t scan = 0;  // the definition, counted the slow way
    for (const auto& mp : allm_) {
      bool computing = activeState(mp->state_)     ? !inLockWait(mp.get())
                       : sleepingState(mp->state_) ? t < mp->clock
                                                   : false;
      if (computing || mp.get() == curm_) scan++;
    }
    if (scan != k)
      checkFailed(fmt::format("cpuShared: {} computing Ms counted, {} by a scan of allm", k, scan));
  }
  const int64_t c = cores();
  if (k <= c) return ns;
  int64_t out = ns;
  if (ncpu() >= 2) {
    const int64_t sharing = std::min(k, 2 * (k - c));
    out += ns * cfg_.cost.smt_slowdown_pct * sharing / (100 * k);
  }
  if (k > ncpu()) out = out * k / ncpu();
  return out;
}

}  // namespace gotimers::rt

// sysmon, retake/preemption and Go's checkdead as the go1.14+ eras need them
// (proc.go@go1.14..go1.16).
//
// Model:
//  - sysmon is an M without a P (m.sysmon, MState::Sysmon), started by Runtime::run. Each
//    kernel step is one iteration of sysmon's loop: usleep(delay) with delay 20us while it
//    keeps finding work, doubling after 50 idle rounds, capped at 10ms (the usleep also pays
//    the kernel's timer slack); when every P is idle it sleeps (notetsleep on sysmonnote)
//    until the next timer (timeSleepUntil) or forcegcperiod/2.
//  - In go1.14/go1.15 each iteration ends with the timer backstop
//    `if next < now { startm(nil, false) }`; go1.16 has none.
//  - retake only preempts (no syscalls hold Ps in these eras): a P whose schedtick has not
//    changed for forcePreemptNS (10ms) gets preemptone, which sets gp.preempt; Runtime::work
//    (the only long-running user code) stops at its next slice and goschedImpl puts the G on
//    the global run queue. Not modelled: GC (forcegc), netpoll(0) polling, retaking Ps from
//    syscalls, sysmonwait wake-ups from exitsyscall.
//  - checkdead is called from mput (stopm), as in Go: run = mcount - nmidle - nmsys.
#include <fmt/format.h>

#include "runtime/runtime.h"
#include "runtime/timer_backend.h"

namespace gotimers::rt {

using trace::Kind;

namespace {
constexpr int64_t forcePreemptNS = 10 * Millisecond;
constexpr int64_t forcegcperiod = 2 * Minute;
}  // namespace

// Check for deadlock situation. The check is based on number of running M's, if 0 ->
// deadlock. sched.lock must be held.
void Runtime::checkdeadFromMput() {
  assertLockHeld(sched_.lock);  // proc.go@go1.16:4989
  int64_t run = 0;
  for (const auto& mp : allm_) {
    if (!mp->sysmon) run++;
  }
  run -= static_cast<int64_t>(sched_.midle.size());
  if (run > 0) return;
  if (run < 0) throw GoThrow("checkdead: inconsistent counts");
  for (const auto& gp : allgs_) {
    if (gp->system) continue;
    if (gp->status == Gstatus::Runnable || gp->status == Gstatus::Running ||
        gp->status == Gstatus::Syscall) {
      throw GoThrow(fmt::format("checkdead: runnable g (goroutine {})", gp->goid));
    }
  }
  // Maybe jump time forward for playground (faketime): not modelled.
  // There are no goroutines running, so we can look at the P's.
  for (p* pp : allp_) {
    if (era_->hasTimers(pp)) return;
  }
  std::string report = "fatal error: all goroutines are asleep - deadlock!\n\n";
  report += goroutineReport(false);
  finishRun(ExitKind::Deadlock, 2, std::move(report));
}

void Runtime::goschedImpl(g* gp) {
  // gopreempt_m -> goschedImpl: the preempted G goes to the global run queue.
  charge(cfg_.cost.gopark);
  gp->status = Gstatus::Runnable;
  emit(Kind::GoSched, 0, gp->goid);  // traceGoPreempt (proc.go gopreempt_m)
  curm_->curg = nullptr;
  gp->mp = nullptr;
  setMState(curm_, MState::Schedule);
  lock(sched_.lock);
  globrunqput(gp);
  unlock(sched_.lock);
}

bool Runtime::shouldStealTimers(p* p2) {
  // proc.go@go1.14/go1.15: don't steal timers from a running P that is not marked for
  // preemption; it is assumed to run its own timers.
  if (p2->status != Pstatus::Prunning) return true;
  m* mp = p2->mp;
  if (mp == nullptr) return false;
  g* gp = mp->curg;
  if (gp == nullptr || gp->status != Gstatus::Running || !gp->preempt) return false;
  return true;
}

bool Runtime::preemptone(p* pp) {
  m* mp = pp->mp;
  if (mp == nullptr) return false;
  g* gp = mp->curg;
  if (gp == nullptr) return false;
  gp->preempt = true;
  return true;
}

uint32_t Runtime::retake(int64_t now) {
  uint32_t n = 0;
  for (p* pp : allp_) {
    if (pp->status != Pstatus::Prunning) continue;
    // Preempt G if it's running for too long.
    uint32_t t = pp->schedtick;
    if (pp->sysmonSchedtick != t) {
      pp->sysmonSchedtick = t;
      pp->sysmonSchedwhen = now;
    } else if (pp->sysmonSchedwhen + forcePreemptNS <= now) {
      preemptone(pp);
    }
  }
  return n;  // counts Ps retaken from syscalls only: none in this model
}

void Runtime::startSysmon() {
  auto mp = std::make_unique<m>();
  mp->id = static_cast<int32_t>(allm_.size());
  mp->rt = this;
  mp->sysmon = true;
  setMState(mp.get(), MState::Sysmon);
  mp->clock = curm_ ? curm_->clock : 0;
  metrics_.threadsCreated++;
  emit(Kind::MCreate, 0, mp->id);
  sysmonIdle_ = 0;
  sysmonDelay_ = 20;  // start with 20us sleep
  sysmonDeepSleep_ = false;
  kernel_.schedule(mp->clock + sysmonDelay_ * Microsecond + cfg_.cost.timer_slack, mp.get());
  allm_.push_back(std::move(mp));
}

void Runtime::sysmonStep(m* mp) {
  int64_t now = nanotime();
  int64_t next = era_->timeSleepUntil();
  if (sysmonDeepSleep_) {
    // back from notetsleep(&sched.sysmonnote, sleep)
    sysmonDeepSleep_ = false;
    lock(sched_.lock);
    sched_.sysmonwait = false;
    unlock(sched_.lock);
    sysmonIdle_ = 0;
    sysmonDelay_ = 20;
  } else if (sched_.npidle() == static_cast<uint32_t>(gomaxprocs())) {
    lock(sched_.lock);
    if (sched_.npidle() == static_cast<uint32_t>(gomaxprocs())) {
      if (next > now) {
        sched_.sysmonwait = true;
        unlock(sched_.lock);
        int64_t sleep = forcegcperiod / 2;
        if (next - now < sleep) sleep = next - now;
        sysmonDeepSleep_ = true;
        mp->gen++;
        kernel_.schedule(mp->clock + cfg_.cost.futex_sleep + sleep + cfg_.cost.timer_slack, mp);
        return;
      }
      sysmonIdle_ = 0;
      sysmonDelay_ = 20;
    }
    unlock(sched_.lock);
  }
  // go1.14/go1.15 timer backstop (removed in go1.16, CL 232298).
  if (goMinor() <= 15 && next < now) startm(nullptr, false);
  if (retake(now) != 0) {
    sysmonIdle_ = 0;
  } else {
    sysmonIdle_++;
  }
  // loop top: compute the next usleep
  if (sysmonIdle_ == 0) {
    sysmonDelay_ = 20;  // start with 20us sleep...
  } else if (sysmonIdle_ > 50) {
    sysmonDelay_ *= 2;  // start doubling the sleep after 1ms...
  }
  if (sysmonDelay_ > 10 * 1000) sysmonDelay_ = 10 * 1000;  // up to 10ms
  mp->gen++;
  kernel_.schedule(mp->clock + sysmonDelay_ * Microsecond + cfg_.cost.timer_slack, mp);
}

}  // namespace gotimers::rt

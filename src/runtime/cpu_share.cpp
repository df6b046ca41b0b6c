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
// Abstractions (docs/cost-model.md, "The machine"): the count is taken when a charge
// starts and holds for the whole charge; only an M's latest lock wait is remembered; which
// threads share a core is an expectation, not a placement; the spin phases of lock() (PAUSE
// rounds, sched_yield) are not stretched.
#include "runtime/runtime.h"

namespace gotimers::rt {

int64_t Runtime::cpuShared(int64_t ns) const {
  const Time t = curm_->clock;
  int64_t k = 0;  // computing Ms at t, the current one included
  for (const auto& mp : allm_) {
    bool computing = false;
    switch (mp->state) {
      case MState::Start:
      case MState::Schedule:
      case MState::RunG:
        computing = !(mp->lockWaitFrom <= t && t < mp->lockWaitTo);
        break;
      case MState::Dead:
        break;
      default:  // asleep since its clock
        computing = t < mp->clock;
    }
    if (computing || mp.get() == curm_) k++;
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

// The netpoller as the go1.14+ timer eras use it: an M with nothing to do blocks in
// netpoll(delay) until its next timer (findrunnable, proc.go@go1.14..go1.16), and
// wakeNetPoller / netpollBreak interrupt it when an earlier timer appears.
//
// Model (runtime/netpoll_epoll.go, Linux): there is no network, so netpoll only ever
// returns an empty list; it matters as a timed sleep. The delay is converted to epoll_wait's
// millisecond timeout as Go does: < 0 -> forever, 0 -> 0, < 1ms -> 1ms, else truncated to
// whole ms (capped at 1e9 ms), so a sleep may end up to 1ms early (findrunnable re-polls)
// or, for sub-ms delays, late. A timed wake also pays the kernel's timer slack.
// Invariants: sched.lastpoll == 0 exactly while sched.netpollM is in MState::NetpollSleep;
// sched.pollUntil is then the time that M is expected to wake (0 = forever).
#include <fmt/format.h>

#include "runtime/runtime.h"
#include "runtime/timer_backend.h"

namespace gotimers::rt {

using trace::Kind;

namespace {
// netpoll_epoll.go netpoll: delay (ns) -> epoll_wait timeout (ms).
int64_t epollWaitMs(int64_t delay) {
  if (delay < 0) return -1;
  if (delay == 0) return 0;
  if (delay < 1'000'000) return 1;
  if (delay < 1'000'000'000'000'000) return delay / 1'000'000;
  return 1'000'000'000;  // An arbitrary cap on how long to wait for a timer: 1e9 ms.
}
}  // namespace

void Runtime::wakeNetPoller(int64_t when) {
  if (sched_.lastpoll == 0) {
    // In findrunnable we ensure that when polling the pollUntil field is either zero or the
    // time to which the current poll is expected to run. This can have a spurious wakeup
    // but should never miss a wakeup.
    if (sched_.pollUntil == 0 || sched_.pollUntil > when) netpollBreak();
  } else if (goMinor() >= 16) {
    // There are no threads in the network poller, try to get one there so it can handle
    // new timers.
    wakep();
  }
}

void Runtime::netpollBreak() {
  // go1.15+: if (!atomic.Cas(&netpollWakeSig, 0, 1)) return
  if (goMinor() >= 15) {
    if (sched_.netpollWakeSig) return;
    sched_.netpollWakeSig = true;
  }
  charge(cfg_.cost.netpoll_break);  // write(netpollBreakWr, &b, 1)
  metrics_.netpollBreaks++;
  m* mp = sched_.netpollM;
  emit(Kind::NetpollBreak, 0, mp ? mp->id : -1);
  if (mp == nullptr || mp->state() != MState::NetpollSleep) {
    sched_.netpollBreakPending = true;  // the next epoll_wait returns at once
    return;
  }
  if (mp->netpollBroken) return;  // already woken; the eventfd is simply readable
  mp->netpollBroken = true;
  mp->wokenByNote = true;
  wakeM(mp, std::min(mp->sleepDeadline, curm_->clock + jitter(cfg_.cost.wake_latency)));
}

void Runtime::netpollBlock(m* mp, int64_t delay, bool wasSpinning) {
  // Caller: sched.lastpoll = 0, sched.pollUntil = pollUntil; mp holds no P, not spinning.
  if (mp->pp != nullptr) throw GoThrow("findrunnable: netpoll with p");
  if (mp->spinning) throw GoThrow("findrunnable: netpoll with spinning");
  int64_t waitms = epollWaitMs(delay);
  sched_.netpollM = mp;
  mp->netpollWasSpinning = wasSpinning;
  mp->netpollBroken = false;
  mp->netpollWaitms = waitms;
  emit(Kind::NetpollSleep, 0, mp->id, delay, waitms);
  Time wakeAt;
  if (sched_.netpollBreakPending || waitms == 0) {
    sched_.netpollBreakPending = false;
    mp->netpollBroken = true;
    wakeAt = mp->clock + cfg_.cost.futex_sleep;
  } else if (waitms < 0) {
    wakeAt = maxWhen;
  } else {
    wakeAt = mp->clock + cfg_.cost.futex_sleep + waitms * Millisecond + cfg_.cost.timer_slack;
  }
  mp->sleepDeadline = wakeAt;
  sleepM(mp, MState::NetpollSleep, wakeAt);
}

void Runtime::netpollWake(m* mp) {
  metrics_.contextSwitches++;
  newTimeSlice(mp);
  charge(cfg_.cost.context_switch);
  // netpoll(delay) returns (netpoll_epoll.go): by its timeout or by netpollBreak's eventfd
  emit(Kind::NetpollWake, 0, mp->id, mp->netpollBroken ? 0 : 1);
  // netpoll read the break eventfd (only when it blocked: delay != 0).
  if (mp->netpollBroken && mp->netpollWaitms != 0) sched_.netpollWakeSig = false;
  mp->netpollBroken = false;
  mp->wokenByNote = false;
  sched_.netpollM = nullptr;
  sched_.pollUntil = 0;
  sched_.lastpoll = nanotime();
  lock(sched_.lock);
  p* pp = pidleget();
  unlock(sched_.lock);
  if (pp == nullptr) {
    // injectglist(&list) of an empty list; stopm(); goto top
    setMState(mp, MState::Schedule);
    stopm();
    return;
  }
  acquirep(pp);
  if (mp->netpollWasSpinning) {
    mp->spinning = true;
    sched_.nmspinning++;
  }
  mp->netpollWasSpinning = false;
  setMState(mp, MState::Schedule);  // goto top
}

}  // namespace gotimers::rt

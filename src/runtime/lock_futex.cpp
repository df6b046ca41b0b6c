// runtime/lock_futex.go@go1.9 in virtual time: lock and unlock replayed against the lock's
// timeline of holds (lock_futex.h), and notes.
//
// The kernel steps the M with the smallest clock, and an M runs runtime code atomically
// between synchronization points. lock() is one: an M whose clock has passed the next
// pending event, and that holds no other runtime lock, first parks until it is the earliest
// again (syncBeforeLock). What it finds then is every hold committed by Ms processed before
// it; a few still lie in its virtual future (holds taken inside another lock, or after spins
// replayed in one go, see the abstractions below). A futex sleep in lock() is a
// synchronization point too: the woken M parks until it is the earliest again before it
// looks at the lock. lock() replays Go's
// loop against that timeline: each check `l.key == mutex_unlocked` at virtual time x
// succeeds iff no committed hold covers x and the next one is not too close
// (mutex::freeAt); failing that it procyields, osyields and futexsleeps as Go does, and a
// futexsleep ends when the first release after it that has not yet woken anybody
// futexwakeups it. unlock commits the hold.
//
// Abstractions (docs/cost-model.md):
//  - Holds are decided in processing order. An M processed later can still use a gap the
//    timeline leaves free in its past (a futex sleeper is not woken yet, so nobody holds the
//    lock), but it cannot take the lock away from an earlier-committed hold: an M that was
//    awake and waiting when the lock came free owns the gap up to its next check (claim).
//    A gap no longer than 4 mean holds is not taken (mutex::freeAt): the later-processed M
//    loses that race. A hold that starts in a longer gap and still runs into the next
//    committed hold overlaps it (in virtual time only; the data is never shared, see
//    LockStats::overlaps): rare, a hold several times the mean (e.g. go1.9's addtimer that
//    calls notewakeup inside the lock).
//  - A release wakes the first sleeper (in processing order) that went to sleep before it;
//    which sleeper Linux's futex queue would wake first is not modelled.
//  - A thief's Xchg(mutex_locked) that overwrites mutex_sleeping (lock_futex.go:55) moves
//    the duty to wake the sleeper from the holder to the thief; here the holder keeps it.
#include <fmt/format.h>

#include <algorithm>
#include <exception>
#include <iterator>

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

// --- the timeline -------------------------------------------------------------------------

const LockHold* mutex::holderAt(Time x) const {
  for (const LockHold& h : holds()) {
    if (h.claim > x) break;  // sorted by claim
    if (x < h.rel) return &h;
  }
  return nullptr;
}

bool mutex::freeAt(Time x) const {
  for (const LockHold& h : holds()) {
    if (h.claim > x) return h.claim - x > 4 * meanHold();  // sorted by claim: the next hold
    if (x < h.rel) return false;
  }
  return true;
}

bool mutex::sleepingAt(Time x) const {
  if (const LockHold* h = holderAt(x); h && h->sleepingKey) return true;
  if (!tl) return false;
  for (const LockSleep& s : tl->sleeps) {
    if (s.from <= x && x < s.until) return true;
  }
  return false;
}

namespace {
// The hold that ended last at or before x, nullptr if none is on the timeline.
const LockHold* lastReleasedBy(std::span<const LockHold> holds, Time x) {
  const LockHold* best = nullptr;
  for (const LockHold& h : holds) {
    if (h.rel <= x && (!best || h.rel > best->rel)) best = &h;
  }
  return best;
}
}  // namespace

int32_t mutex::lastHolderBefore(Time x) const {
  const LockHold* h = lastReleasedBy(holds(), x);
  return h ? h->m : lastM;
}

int mutex::contenders(int32_t m, Time from, Time to) const {
  std::vector<int32_t> seen;
  for (const LockHold& h : holds()) {
    if (h.m < 0 || h.m == m || h.awake > to || h.rel < from) continue;
    if (std::find(seen.begin(), seen.end(), h.m) == seen.end()) seen.push_back(h.m);
  }
  return static_cast<int>(seen.size());
}

void mutex::prune(Time now) {
  if (!tl) return;
  auto gone = [now](const LockHold& h) { return h.rel < now; };
  // The last release among those pruned now is later than every release pruned before:
  // those ended before an earlier horizon, which every hold still here (and every hold
  // committed since) ends after.
  const LockHold* last = nullptr;
  for (const LockHold& h : tl->holds) {
    if (gone(h) && (!last || h.rel >= last->rel)) last = &h;
  }
  if (last) lastM = static_cast<int16_t>(last->m);
  std::erase_if(tl->holds, gone);
  std::erase_if(tl->sleeps, [now](const LockSleep& s) { return s.until < now; });
}

bool mutex::commit(const LockHold& h) {
  bool overlap = false;
  for (const LockHold& o : tl->holds) {
    if (o.acq < h.rel && h.acq < o.rel) overlap = true;
  }
  auto at = std::upper_bound(tl->holds.begin(), tl->holds.end(), h.claim,
                             [](Time c, const LockHold& o) { return c < o.claim; });
  tl->holds.insert(at, h);
  return overlap;
}

mutex::~mutex() {
  if (tl) tl->owner = nullptr;  // its LockTimelines takes it back at the next sweep
}

// --- lending timelines -----------------------------------------------------------------------

LockTimelines::~LockTimelines() {
  for (LockTimeline* t : used_) {
    if (t->owner) t->owner->tl = nullptr;
    delete t;
  }
  for (LockTimeline* t : free_)
    delete t;
}

LockTimeline& LockTimelines::attach(mutex& l) {
  if (l.tl) return *l.tl;
  LockTimeline* t = nullptr;
  if (free_.empty()) {
    t = new LockTimeline();
  } else {
    t = free_.back();
    free_.pop_back();
  }
  t->owner = &l;
  l.tl = t;
  used_.push_back(t);
  return *t;
}

void LockTimelines::sweepNow(Time horizon) {
  size_t kept = 0;
  for (LockTimeline* t : used_) {
    mutex* l = t->owner;
    bool needed = false;
    if (l) {
      if (!t->locked) l->prune(horizon);
      needed = t->locked || !t->holds.empty() || !t->sleeps.empty();
      if (!needed) l->tl = nullptr;
    }
    if (needed) {
      used_[kept++] = t;
      continue;
    }
    t->owner = nullptr;
    t->locked = false;  // its lock may have been destroyed while held (a run that ended in a
                        // critical section): the next lock it is lent to is free
    t->holds.clear();
    t->sleeps.clear();
    free_.push_back(t);
  }
  used_.resize(kept);
  sweepAt_ = fixedSweepAt_ ? *fixedSweepAt_ : std::max<size_t>(64, 2 * kept);
}

const char* Runtime::lockName(const mutex& l) const {
  if (l.id >= 0) return lockNames_[static_cast<size_t>(l.id)].c_str();
  static constexpr const char* kNames[] = {"", "chan", "timer.mu", "timer.sendLock"};  // LockKind
  static_assert(std::size(kNames) == static_cast<size_t>(LockKind::TimerSendLock) + 1);
  return kNames[l.kind];
}

namespace {
// A lock as the --check messages name it.
const char* shownName(const char* name) {
  return *name ? name : "an unnamed lock";
}
}  // namespace

mutex& Runtime::registerLock(mutex& l, std::string name) {
  lockNames_.emplace_back(std::move(name));
  if (locks_.size() >= static_cast<size_t>(INT16_MAX)) throw GoThrow("too many runtime locks");
  l.id = static_cast<int16_t>(locks_.size());
  locks_.push_back(&l);
  lockStats_.emplace_back();
  if (sink_) sink_->onLockRegistered(l.id, lockName(l));
  return l;
}

// --- lock / unlock --------------------------------------------------------------------------

// Ms step in virtual-time order, but a step runs runtime code atomically, so an M can reach
// a lock at a virtual time later than another M's pending step. Taking it then would commit
// a hold in that M's future, which it could only overlap or wait for (lock_futex.h). So an
// M that holds no other runtime lock parks its fiber here until it is the earliest M again;
// then every hold it finds was taken at or before its clock. An M that holds a lock does not
// park (every M processed meanwhile would find that lock held, in processing order). Inside
// lock() it parks again after a futex sleep, at its wake-up time; its spins are still
// replayed against the timeline in one go (see the abstractions above).
void Runtime::syncBeforeLock(m* mp) {
  if (behind() && canPark(mp)) parkM(mp);
}

bool Runtime::canPark(const m* mp) const {
  if (mp->locks > 0 || !mp->fiber || !mp->fiber->running()) return false;
  // The M that stopped the world runs until it starts it again: every other M has been
  // stopped between two steps (waitParkedMs, stopTheWorld), and none may run meanwhile.
  if (worldStopped_) return false;
  // not inside a catch block: the C++ runtime's stack of handled exceptions is per thread,
  // not per fiber
  return !std::current_exception();
}

// Stops mp's fiber until its clock is the earliest.
void Runtime::parkM(m* mp) {
  g* gp = curg_;
  yieldM(mp);
  mp->parked = true;
  mp->fiber->suspend();
  mp->parked = false;
  if (mp->unwinding) throw UnwindM{};
  curm_ = mp;
  curg_ = gp;
  mp->clock = std::max(mp->clock, mp->stepAt);
  watchSwitchIn(mp);
}

bool Runtime::osyield() {
  m* mp = curm_;
  if (!canPark(mp)) return false;
  metrics_.osyields++;
  charge(cfg_.cost.osyield);
  parkM(mp);
  return true;
}

// futexsleep(key32(&l.key), mutex_sleeping, -1) entered at x by mp (lock_futex.go:102).
// Returns when mp runs again. The release that ends the sleep is the first one after x whose
// futexwakeup has not woken anybody yet; if that release has not paid for a futexwakeup
// (its holder saw no sleeper), the holder owes one now, as a debt on its clock.
Time Runtime::futexsleepLock(mutex& l, m* mp, Time x) {
  const CostModel& c = cfg_.cost;
  LockStats& stats = lockStats(l);
  stats.futexSleeps++;
  metrics_.mSleeps++;
  LockTimeline& tl = timelines_.attach(l);
  LockHold* waker = nullptr;
  for (LockHold& h : tl.holds) {
    if (h.rel > x && !h.wakeConsumed && (!waker || h.rel < waker->rel)) waker = &h;
  }
  const Time entered = x + c.futex_sleep;
  if (waker == nullptr) return entered;  // cannot happen: the latest hold is never consumed
  waker->wakeConsumed = true;
  if (!waker->wakeDone) {
    waker->wakeDone = true;
    stats.futexWakes++;
    if (waker->m >= 0) allm_[static_cast<size_t>(waker->m)]->debt += c.futex_wake;
  }
  // futexsleep returns at once (EAGAIN) if the word no longer says mutex_sleeping when the
  // kernel looks, i.e. the release came while mp was still entering the syscall.
  if (waker->rel <= entered) return entered;
  tl.sleeps.push_back(LockSleep{mp->id, x, waker->rel});
  metrics_.contextSwitches++;
  return waker->rel + c.wake_latency + c.context_switch;
}

void Runtime::lock(mutex& l) {
  m* mp = curm_;
  const CostModel& c = cfg_.cost;
  syncBeforeLock(mp);
  if (l.locked()) {
    throw GoThrow(
        fmt::format("lock: {} already held by M{} (self-deadlock)", lockName(l), l.owner()));
  }
  // No M reaches a lock earlier than the earliest of its own clock and the next kernel event
  // (an M steps at max(its event, its clock)), so holds released before that are history.
  // Pruning by the kernel's now alone kept every hold an M committed during a long step: a
  // go1.9 run with 100k timers then scanned tens of thousands of holds per lock().
  const Time horizon = std::min(mp->clock, kernel_.peekTime());
  l.prune(horizon);
  timelines_.sweep(horizon);
  const Time start = mp->clock;
  Time x = start;      // mp's virtual time inside lock()
  Time awake = start;  // since when mp has been awake and trying
  LockPhase phase = LockPhase::CAS;

  // :55 v := atomic.Xchg(key32(&l.key), mutex_locked); :56 if v == mutex_unlocked { return }
  bool got = l.freeAt(x);
  // :67 wait := v (mutex_locked or mutex_sleeping)
  bool waitSleeping = !got && l.sleepingAt(x);
  // :71-74 On uniprocessors, no point spinning.
  const int spin = ncpu() > 1 ? kActiveSpin : 0;
  while (!got) {  // :75 for {
    // :77-84 Try for lock, spinning: for l.key == mutex_unlocked { Cas(.., wait) }, then
    // procyield(active_spin_cnt)
    for (int i = 0; i < spin && !got; i++) {
      got = l.freeAt(x);
      if (!got) {
        x += c.procyield_round;
        if (phase < LockPhase::ActiveSpin) phase = LockPhase::ActiveSpin;
      }
    }
    // :87-94 Try for lock, rescheduling: the same check, then osyield()
    for (int i = 0; i < kPassiveSpin && !got; i++) {
      got = l.freeAt(x);
      if (!got) {
        x += c.osyield;
        if (phase < LockPhase::PassiveSpin) phase = LockPhase::PassiveSpin;
      }
    }
    if (got) break;
    // :97 v = atomic.Xchg(key32(&l.key), mutex_sleeping); :98 if v == mutex_unlocked { return }
    // (the word now says mutex_sleeping, so this holder's unlock will futexwakeup)
    waitSleeping = true;  // :101 wait = mutex_sleeping
    if (l.freeAt(x)) break;
    // :102 futexsleep(key32(&l.key), mutex_sleeping, -1)
    phase = LockPhase::FutexSleep;
    x = futexsleepLock(l, mp, x);
    awake = x;
    // Woken at x. Every M still behind x catches up first (syncBeforeLock at mp's new clock):
    // one may take the lock while mp sleeps or wakes, as a barger does in Go, and the check
    // at the top of the loop must see that hold. Without this the wake-up was replayed
    // against the holds committed before mp slept, and a later-processed M's hold in that
    // gap could overlap mp's (seen with noise on go1.9's contended timer lock).
    mp->clock = x;
    {
      // the trace's ordering bound waits for this wait while mp is parked (emitSlow)
      struct InLock {
        int& parked;
        m* mp;
        ~InLock() {
          parked--;
          mp->inLockSince = maxWhen;
        }
      } inLock{++lockParked_, mp};
      mp->inLockSince = start;
      syncBeforeLock(mp);
    }
    x = mp->clock;
  }

  // Acquired at x. The line holding l.key comes from the cache of the last holder, and
  // every other M spinning on it while mp waited has been pulling it too: a contended
  // atomic costs one line transfer per contender (David et al., SOSP 2013).
  const LockHold* prev = lastReleasedBy(l.holds(), x);
  const int32_t prevM = l.lastHolderBefore(x);
  int transfers = std::max(prevM >= 0 && prevM != mp->id ? 1 : 0, l.contenders(mp->id, awake, x));
  mp->lockWaitFrom = start;
  mp->lockWaitTo = x;
  watchLockWait(mp);
  mp->clock = x;
  charge(c.lock_cas + transfers * c.cacheline_transfer);
  mp->locks++;
  // claim: from the previous release if mp was awake and spinning then (a release pruned
  // before mp arrived ended before awake, so the claim is awake)
  LockTimeline& tl = timelines_.attach(l);
  tl.locked = true;
  tl.cur = LockHold{mp->id, awake,   prev ? std::max(awake, std::min(prev->rel, x)) : awake,
                    x,      maxWhen, waitSleeping};
  const Time waited = mp->clock - start;
  l.countAcquisition();
  LockStats& s = lockStats(l);
  s.acquisitions++;
  s.byPhase[static_cast<int>(phase)]++;
  if (phase != LockPhase::CAS) {
    s.contended++;
    s.waits.add(waited);
  }
  emit(Kind::LockAcquire, l.id, static_cast<int64_t>(phase), waited);
}

void Runtime::unlock(mutex& l) {
  if (!l.locked()) throw GoThrow("unlock of unlocked lock");  // :108-110
  if (cfg_.check && l.owner() != curm_->id) {  // --check: only the holder releases a lock
    checkFailed(
        fmt::format("{} released by M{} but held by M{}", lockName(l), curm_->id, l.owner()));
  }
  m* mp = curm_;
  LockHold h = l.tl->cur;  // locked: it has a timeline
  h.rel = mp->clock;       // :107 v := atomic.Xchg(key32(&l.key), mutex_unlocked)
  l.tl->locked = false;
  mp->locks--;
  const int64_t held = h.rel - h.acq;
  l.holdTotal += held;
  LockStats& stats = lockStats(l);
  stats.holdTotal += held;
  stats.holdMax = std::max(stats.holdMax, held);
  stats.releases++;
  emit(Kind::LockRelease, l.id, 0, held);
  // :111-113 if v == mutex_sleeping { futexwakeup(key32(&l.key), 1) }. It wakes whoever
  // the timeline says sleeps (futexsleepLock), or nobody yet: a sleeper processed later may
  // still be woken by it.
  if (h.sleepingKey) {
    h.wakeDone = true;
    stats.futexWakes++;
  }
  if (l.commit(h)) stats.overlaps++;
  if (h.wakeDone) charge(cfg_.cost.futex_wake);
}

// --- Go's locking rules (runtime.h) ----------------------------------------------------------

void Runtime::assertLockHeld(const mutex& l) const {
  if (!cfg_.check || curm_ == nullptr || (l.locked() && l.owner() == curm_->id)) return;
  checkFailed(fmt::format("not holding required lock! M{} requires {} ({})", curm_->id,
                          shownName(lockName(l)),
                          l.locked() ? fmt::format("held by M{}", l.owner()) : "unlocked"));
}

void Runtime::assertLockNotHeld(const mutex& l) const {
  if (!cfg_.check || curm_ == nullptr || !l.locked() || l.owner() != curm_->id) return;
  checkFailed(fmt::format("M{} must not hold {} here", curm_->id, shownName(lockName(l))));
}

void Runtime::assertWorldStopped() const {
  if (!cfg_.check || curm_ == nullptr || worldStopped_) return;
  checkFailed(fmt::format("world not stopped (M{})", curm_->id));
}

void Runtime::assertWorldStoppedOrLockHeld(const mutex& l) const {
  if (worldStopped_) return;
  assertLockHeld(l);
}

void Runtime::notewakeup(note& n) {
  if (n.key != 0) throw GoThrow("notewakeup - double wakeup");
  n.key = 1;
  charge(cfg_.cost.futex_wake);  // futexwakeup
  if (m* mp = n.sleeper) {
    n.sleeper = nullptr;
    mp->wokenByNote = true;
    wakeM(mp, curm_->clock + jitter(cfg_.cost.wake_latency));
  }
}

void Runtime::sleepM(m* mp, MState st, Time wakeAt) {
  setMState(mp, st);
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

void Runtime::preemptAt(std::coroutine_handle<> h) {
  curg_->preempt = false;
  PreemptAwaiter{this}.await_suspend(h);
}

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

// The scheduler paths of runtime/proc.go@go1.9 that timers exercise: newproc, ready,
// wakep, startm, handoffp, schedule, findrunnable (with runqsteal), stopm, execute,
// park_m, goexit0, entersyscallblock, exitsyscall. Era hooks (checkTimers, timer
// stealing, netpoll sleeps) are called where later versions call them.
//
// Abstractions (docs/architecture.md): no GC, no locked Ms, no cgo, no network; sysmon is
// modelled by the eras that need it. Costs come from CostModel.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <numeric>
#include <vector>

#include "runtime/runtime.h"
#include "runtime/timer_backend.h"
#include "sim/format_duration.h"

namespace gotimers::rt {

using trace::Kind;

namespace {
// proc.go randomOrder: enumerate all Ps in a pseudo-random order using coprimes.
std::vector<uint32_t> coprimesOf(uint32_t count) {
  std::vector<uint32_t> c;
  for (uint32_t i = 1; i <= count; i++) {
    if (std::gcd(i, count) == 1) c.push_back(i);
  }
  return c;
}
}  // namespace

g* Runtime::newproc(Task<void> body, std::string label, bool system) {
  g* gp;
  if (!gfree_.empty()) {
    gp = gfree_.back();
    gfree_.pop_back();
    *gp = g{};
  } else {
    allgs_.push_back(std::make_unique<g>());
    gp = allgs_.back().get();
  }
  gp->goid = ++sched_.goidgen;
  gp->body = std::move(body);
  gp->resume = gp->body.handle();
  gp->system = system;
  gp->label = std::move(label);
  gp->createdBy = curg_ ? curg_->goid : 0;
  gp->status = Gstatus::Runnable;
  metrics_.goroutinesCreated++;
  if (!system) liveGs_++;
  if (curm_) charge(cfg_.cost.newproc);
  emit(Kind::GoCreate, 0, gp->goid);
  p* pp = curp();
  if (pp) {
    runqput(pp, gp, true);
  } else {
    globrunqput(gp);
  }
  if (sched_.npidle() != 0 && sched_.nmspinning == 0 && mainStarted_) wakep();
  pollLimits();  // the goroutine limit (and, every so often, memory)
  return gp;
}

void Runtime::ready(g* gp, bool next) {
  if (gp->status != Gstatus::Waiting) {
    throw GoThrow(fmt::format("bad g->status in ready (goroutine {})", gp->goid));
  }
  charge(cfg_.cost.goready);
  gp->status = Gstatus::Runnable;
  emit(Kind::GoReady, 0, gp->goid);
  runqput(curp(), gp, next);
  if (sched_.npidle() != 0 && sched_.nmspinning == 0) wakep();
}

int Runtime::goMinor() const {
  return era_->goMinor();
}

void Runtime::wakep() {
  // proc.go@go1.15+: if there are no idle Ps there is nothing to wake.
  if (goMinor() >= 15 && sched_.npidle() == 0) return;
  // be conservative about spinning threads
  if (sched_.nmspinning != 0) return;
  sched_.nmspinning = 1;
  metrics_.wakeps++;
  emit(Kind::Wakep);
  startm(nullptr, true);
}

void Runtime::startm(p* pp, bool spinning) {
  lock(sched_.lock);
  if (pp == nullptr) {
    pp = pidleget();
    if (pp == nullptr) {
      unlock(sched_.lock);
      if (spinning) sched_.nmspinning--;
      return;
    }
  }
  m* mp = mget();
  unlock(sched_.lock);
  if (mp == nullptr) {
    newm(pp, spinning);
    return;
  }
  mp->spinning = spinning;
  mp->nextp = pp;
  notewakeup(mp->park);
}

void Runtime::newm(p* pp, bool spinning) {
  // checkmcount (proc.go@go1.14:602): sched.maxmcount is 10000 unless debug.SetMaxThreads
  if (allm_.size() + 1 > static_cast<size_t>(kMaxMCount)) {
    print(fmt::format("runtime: program exceeds {}-thread limit", kMaxMCount));
    throw GoThrow("thread exhaustion");
  }
  auto mp = std::make_unique<m>();
  mp->id = static_cast<int32_t>(allm_.size());
  mp->rt = this;
  mp->nextp = pp;
  mp->spinning = spinning;
  setMState(mp.get(), MState::Start);
  newTimeSlice(mp.get());
  mp->clock = curm_ ? curm_->clock + cfg_.cost.thread_create : 0;
  metrics_.threadsCreated++;
  emit(Kind::MCreate, 0, mp->id);
  kernel_.schedule(mp->clock, mp.get());
  allm_.push_back(std::move(mp));
}

void Runtime::handoffp(p* pp) {
  metrics_.handoffs++;
  emit(Kind::Handoff, 0, pp->id);
  // if it has local work, start it straight away
  if (!pp->runqempty() || !sched_.runq.empty()) {
    startm(pp, false);
    return;
  }
  // no local work, check that there are no spinning/idle M's, otherwise our help is not
  // required
  if (sched_.nmspinning + sched_.npidle() == 0) {
    sched_.nmspinning = 1;
    startm(pp, true);
    return;
  }
  lock(sched_.lock);
  if (!sched_.runq.empty()) {
    unlock(sched_.lock);
    startm(pp, false);
    return;
  }
  // If this is the last running P and nobody is polling network, need to wakeup another M
  // to poll network. (go1.9: sched.lastpoll is non-zero unless an M is blocked in netpoll.)
  if (sched_.npidle() == static_cast<uint32_t>(gomaxprocs() - 1) && sched_.lastpoll != 0) {
    unlock(sched_.lock);
    startm(pp, false);
    return;
  }
  int v = goMinor();
  if (v >= 14 && v <= 15) {
    // proc.go@go1.14/go1.15 (CL 204800): make sure an M will wake up for pp's timers.
    if (int64_t when = era_->nobarrierWakeTime(pp); when != 0) wakeNetPoller(when);
  }
  // proc.go@go1.16: computed before pidleput, wakeNetPoller after unlock (it may wakep).
  int64_t when = v >= 16 ? era_->nobarrierWakeTime(pp) : 0;
  pidleput(pp);
  unlock(sched_.lock);
  if (when != 0) wakeNetPoller(when);
}

void Runtime::injectglist(std::vector<g*>& list) {
  if (list.empty()) return;
  lock(sched_.lock);
  size_t n = 0;
  for (g* gp : list) {
    gp->status = Gstatus::Runnable;
    globrunqput(gp);
    n++;
  }
  unlock(sched_.lock);
  for (; n != 0 && sched_.npidle() != 0; n--)
    startm(nullptr, false);
  list.clear();
}

// --- run queues ----------------------------------------------------------------------------

void Runtime::runqput(p* pp, g* gp, bool next) {
  if (next) {
    g* old = pp->runnext;
    pp->runnext = gp;
    if (old == nullptr) return;
    gp = old;  // kick the old runnext out to the regular run queue
  }
  if (pp->runqsize() < p::kRunqSize) {
    pp->runq[pp->runqtail % p::kRunqSize] = gp;
    pp->runqtail++;
    return;
  }
  runqputslow(pp, gp);
}

void Runtime::runqputslow(p* pp, g* gp) {
  // proc.go@go1.9 runqputslow: grab half of the local queue and gp into a batch first (the
  // CAS on runqhead commits the grab), then put the batch on the global queue under
  // sched.lock. The grab must come first: lock() may stop this M (syncBeforeLock) while
  // other Ms steal from pp. (randomizeScheduler, a race-detector build's shuffle, is off.)
  std::array<g*, p::kRunqSize / 2 + 1> batch;
  const uint32_t n = pp->runqsize() / 2;
  for (uint32_t i = 0; i < n; i++)
    batch[i] = pp->runq[(pp->runqhead + i) % p::kRunqSize];
  pp->runqhead += n;
  batch[n] = gp;
  lock(sched_.lock);
  sched_.runq.insert(sched_.runq.end(), batch.begin(), batch.begin() + n + 1);
  unlock(sched_.lock);
}

g* Runtime::runqget(p* pp, bool* inheritTime) {
  if (pp->runnext) {
    g* gp = pp->runnext;
    pp->runnext = nullptr;
    *inheritTime = true;
    return gp;
  }
  *inheritTime = false;
  if (pp->runqhead == pp->runqtail) return nullptr;
  g* gp = pp->runq[pp->runqhead % p::kRunqSize];
  pp->runqhead++;
  return gp;
}

g* Runtime::runqsteal(p* pp, p* p2, bool stealRunNextG) {
  // runqgrab: take half of p2's queue; its runnext only if stealRunNextG and the queue is
  // empty (after sleeping 3us "to ensure that p2 isn't about to run the g").
  charge(cfg_.cost.runq_steal);
  uint32_t n = p2->runqsize();
  n = n - n / 2;
  if (n == 0) {
    if (stealRunNextG && p2->runnext) {
      // usleep(3): proc.go@go1.9 runqgrab sleeps whatever p2's status; from go1.10
      // (CL 868c8b374d) only if p2 is running. The sleep is a charge, so nothing runs
      // meanwhile and Go's runnext.cas after it always succeeds (docs/cost-model.md,
      // "Abstractions").
      if (goMinor() < 10 || p2->status == Pstatus::Prunning) charge(3 * Microsecond);
      g* gp = p2->runnext;
      p2->runnext = nullptr;
      metrics_.goroutineSteals++;
      emit(Kind::Steal, 0, p2->id, 0);
      return gp;
    }
    return nullptr;
  }
  // runqgrab copies the batch straight into our runq after its tail; runqsteal returns the
  // last one and publishes the others.
  const uint32_t t = pp->runqtail;
  for (uint32_t i = 0; i < n; i++)
    pp->runq[(t + i) % p::kRunqSize] = p2->runq[(p2->runqhead + i) % p::kRunqSize];
  p2->runqhead += n;
  n--;
  g* gp = pp->runq[(t + n) % p::kRunqSize];
  if (t - pp->runqhead + n >= p::kRunqSize) throw GoThrow("runqsteal: runq overflow");
  pp->runqtail = t + n;
  metrics_.goroutineSteals++;
  emit(Kind::Steal, 0, p2->id, 0);
  return gp;
}

// Try get a batch of G's from the global runnable queue. Sched must be locked.
g* Runtime::globrunqget(p* pp, int max) {
  assertLockHeld(sched_.lock);  // proc.go@go1.16:5572 (@go1.9:4197: "Sched must be locked.")
  if (sched_.runq.empty()) return nullptr;
  int64_t sz = static_cast<int64_t>(sched_.runq.size());
  int64_t n = sz / gomaxprocs() + 1;
  if (n > sz) n = sz;
  if (max > 0 && n > max) n = max;
  if (n > static_cast<int64_t>(p::kRunqSize / 2)) n = p::kRunqSize / 2;
  g* gp = sched_.runq.front();
  sched_.runq.pop_front();
  for (n--; n > 0; n--) {
    g* g1 = sched_.runq.front();
    sched_.runq.pop_front();
    runqput(pp, g1, false);
  }
  return gp;
}

// Put gp on the global runnable queue. Sched must be locked.
void Runtime::globrunqput(g* gp) {
  assertLockHeld(sched_.lock);  // proc.go@go1.16:5541 (@go1.9:4156)
  sched_.runq.push_back(gp);
}

// --- idle lists ----------------------------------------------------------------------------

// Put p on the pidle list. Sched must be locked.
void Runtime::pidleput(p* pp) {
  // proc.go@go1.16:5674 (@go1.9:4231)
  assertLockHeld(sched_.lock);
  era_->onPidleput(pp);  // proc.go@go1.16: updateTimerPMask(pp), clear if no timers
  pp->status = Pstatus::Pidle;
  sched_.pidle.push_back(pp);
}

// Try get a p from the pidle list. Sched must be locked. want (the heap lab only,
// labMoveToP): that P, or nullptr if it is not idle; Go takes the list's head.
p* Runtime::pidleget(p* want) {
  assertLockHeld(sched_.lock);  // proc.go@go1.16:5693 (@go1.9:4244)
  auto it = sched_.pidle.end();
  if (want) {
    it = std::find(sched_.pidle.begin(), sched_.pidle.end(), want);
  } else if (!sched_.pidle.empty()) {
    it = std::prev(it);  // the list's head in Go (LIFO)
  }
  if (it == sched_.pidle.end()) return nullptr;
  p* pp = *it;
  sched_.pidle.erase(it);
  era_->onPidleget(pp);  // proc.go@go1.16: timerpMask.set(pp.id): timers may be added now
  return pp;
}

// Put mp on the midle list. Sched must be locked.
void Runtime::mput(m* mp) {
  assertLockHeld(sched_.lock);  // proc.go@go1.16:5513 (@go1.9:4132)
  sched_.midle.push_back(mp);
  // mput calls checkdead with sched.lock held (proc.go@go1.14:4817; modelled from go1.14 on,
  // where sysmon and netpoll sleeps keep the event queue busy; earlier eras detect deadlock
  // by an empty event queue, Runtime::checkdead).
  if (goMinor() >= 14) checkdeadFromMput();
}

// Try to get an m from the midle list. Sched must be locked.
m* Runtime::mget() {
  assertLockHeld(sched_.lock);  // proc.go@go1.16:5526 (@go1.9:4143)
  if (sched_.midle.empty()) return nullptr;
  m* mp = sched_.midle.back();
  sched_.midle.pop_back();
  return mp;
}

void Runtime::acquirep(p* pp) {
  m* mp = curm_;
  mp->pp = pp;
  pp->mp = mp;
  pp->status = Pstatus::Prunning;
}

p* Runtime::releasep() {
  m* mp = curm_;
  p* pp = mp->pp;
  mp->pp = nullptr;
  pp->mp = nullptr;
  pp->status = Pstatus::Pidle;
  return pp;
}

// --- the scheduler loop --------------------------------------------------------------------

void Runtime::stopm() {
  m* mp = curm_;
  lock(sched_.lock);
  mput(mp);
  unlock(sched_.lock);
  // notesleep(&m.park): woken by startm's notewakeup with m.nextp set.
  mp->park.sleeper = mp;
  sleepM(mp, MState::StopmSleep, maxWhen);
}

void Runtime::resetspinning() {
  m* mp = curm_;
  mp->spinning = false;
  sched_.nmspinning--;
  // M wakeup policy is deliberately somewhat conservative, so check if we need to wakeup
  // another P here.
  if (sched_.nmspinning == 0 && sched_.npidle() > 0) wakep();
}

g* Runtime::schedule() {
  p* pp = curp();
  charge(cfg_.cost.schedule);
  era_->checkTimersHook(pp);
  g* gp = nullptr;
  bool inheritTime = false;
  // Check the global runnable queue once in a while to ensure fairness.
  if (pp->schedtick % 61 == 0 && !sched_.runq.empty()) {
    lock(sched_.lock);
    gp = globrunqget(pp, 1);
    unlock(sched_.lock);
  }
  if (gp == nullptr) gp = runqget(pp, &inheritTime);
  if (gp == nullptr) {
    gp = findrunnable(&inheritTime);    // blocks until work is available
    if (gp == nullptr) return nullptr;  // this M went to sleep
  }
  if (curm_->spinning) resetspinning();
  if (!inheritTime) curp()->schedtick++;
  return gp;
}

// goto top in findrunnable: if this M's clock has passed the next event, yield so the other
// Ms catch up first (the M stays in schedule() and re-enters findrunnable at the top, which
// is where goto top leads). Returns true if it yielded.
bool Runtime::gotoTop(m* mp) {
  if (!behind()) return false;
  yieldM(mp);
  return true;
}

// A findrunnable loop that goes round without ever yielding runs inside one kernel step,
// where neither the event limit nor the scenario's spin limit sees it: poll the run limits
// (wall clock, SIGINT) on every round and stop it after --spin-limit rounds (exit 3).
void Runtime::findrunnableGuard(int64_t iterations) {
  pollLimits();
  if (iterations <= cfg_.spinLimit) return;
  throw LimitExceeded(
      ExitKind::Spin,
      fmt::format("gotimers: internal error: findrunnable looped {} times at virtual time {} "
                  "(event {}) without finding work or yielding; please report it (the limit "
                  "is --spin-limit N)\n",
                  iterations - 1, sim::formatDuration(nanotime()), kernel_.eventsProcessed()));
}

g* Runtime::findrunnable(bool* inheritTime) {
  m* mp = curm_;
  const int v = goMinor();
  // Every `goto top` of proc.go repeats this loop inside one simulation step. Real Ms run
  // concurrently, so the M that goes round again sees the others progress; here nothing else
  // runs until this M yields. So each goto top first lets the other Ms catch up (gotoTop),
  // and a loop that still does not end is stopped (findrunnableGuard) instead of hanging.
  int64_t iterations = 0;
  for (;;) {  // top:
    findrunnableGuard(++iterations);
    p* pp = mp->pp;
    // proc.go@go1.14+: now, pollUntil, _ := checkTimers(_p_, 0)
    int64_t now = 0;
    int64_t pollUntil = 0;
    if (v >= 14) {
      auto r = era_->checkTimers(pp, 0);
      now = r.now;
      pollUntil = r.pollUntil;
    }
    if (g* gp = runqget(pp, inheritTime)) return gp;
    if (!sched_.runq.empty()) {
      lock(sched_.lock);
      g* gp = globrunqget(pp, 0);
      unlock(sched_.lock);
      if (gp) {
        *inheritTime = false;
        return gp;
      }
    }
    uint32_t procs = static_cast<uint32_t>(gomaxprocs());
    bool stealing = true;
    bool ranTimer = false;
    // Either GOMAXPROCS=1 or everybody, except for us, is idle already. (go1.9 only: from
    // go1.14 on idle Ps may hold timers, so this shortcut is gone.)
    if (v < 14 && sched_.npidle() == procs - 1) stealing = false;
    // If number of spinning M's >= number of busy P's, block.
    if (stealing && !mp->spinning && 2 * sched_.nmspinning >= procs - sched_.npidle()) {
      stealing = false;
    }
    if (stealing) {
      if (!mp->spinning) {
        mp->spinning = true;
        sched_.nmspinning++;
      }
      if (coprimes_.empty()) coprimes_ = coprimesOf(procs);
      const auto& coprimes = coprimes_;
      auto& rng = rng_.get("steal");
      for (int i = 0; i < 4; i++) {
        uint32_t r = rng.next32();
        uint32_t pos = r % procs;
        uint32_t inc = coprimes[r / procs % coprimes.size()];
        for (uint32_t k = 0; k < procs; k++, pos = (pos + inc) % procs) {
          p* p2 = allp_[pos];
          if (p2 == pp) continue;
          // Steal timers from p2 (runs p2's due timers here; readied Gs go to our P):
          //   go1.14: i > 2 && shouldStealTimers(p2), after runqsteal;
          //   go1.15: i > 2 || (i > 1 && shouldStealTimers(p2)), after runqsteal;
          //   go1.16: last pass, Ps in timerpMask, before runqsteal (stealTimersOrRunNextG).
          auto stealTimers = [&]() -> g* {
            auto st = era_->checkTimers(p2, now);
            now = st.now;
            if (st.pollUntil != 0 && (pollUntil == 0 || st.pollUntil < pollUntil)) {
              pollUntil = st.pollUntil;
            }
            if (st.ran) {
              metrics_.timerSteals++;
              emit(Kind::Steal, 0, p2->id, 1);
              // Running the timers may have made Gs ready on our P: run them first.
              if (g* gp = runqget(pp, inheritTime)) return gp;
              ranTimer = true;
            }
            return nullptr;
          };
          if (v >= 16) {
            bool stealTimersOrRunNextG = i == 3;
            if (stealTimersOrRunNextG && era_->timerpMaskRead(p2->id)) {
              if (g* gp = stealTimers()) return gp;
            }
            // Don't bother to attempt to steal if p2 is idle.
            if (p2->status != Pstatus::Pidle) {
              if (g* gp = runqsteal(pp, p2, stealTimersOrRunNextG)) {
                *inheritTime = false;
                return gp;
              }
            }
            continue;
          }
          bool stealRunNextG = i > 2;  // first look for ready queues with more than 1 g
          if (g* gp = runqsteal(pp, p2, stealRunNextG)) {
            *inheritTime = false;
            return gp;
          }
          if ((v == 14 && i > 2 && shouldStealTimers(p2)) ||
              (v == 15 && (i > 2 || (i > 1 && shouldStealTimers(p2))))) {
            if (g* gp = stealTimers()) return gp;
          }
        }
      }
    }
    // Running a timer may have made some goroutine ready.
    if (ranTimer) {
      // Running a timer may have made some goroutine ready: goto top. The loop repeats
      // inside one simulation step, so let the other Ms catch up first (a timer that is
      // always due, e.g. a 1ns ticker whose buffer is full, would otherwise spin here
      // forever without virtual time reaching anyone else). The M stays in schedule() and
      // re-enters at the top, which is where goto top leads.
      if (gotoTop(mp)) return nullptr;
      continue;
    }
    // stop: return P and block
    lock(sched_.lock);
    if (!sched_.runq.empty()) {
      g* gp = globrunqget(pp, 0);
      unlock(sched_.lock);
      *inheritTime = false;
      return gp;
    }
    releasep();
    pidleput(pp);
    unlock(sched_.lock);
    bool wasSpinning = mp->spinning;
    if (mp->spinning) {
      mp->spinning = false;
      sched_.nmspinning--;
    }
    // check all runqueues once again (proc.go@go1.16: only the Ps that were not idle in the
    // idlepMask snapshot; go1.9-go1.15: all of them)
    bool retry = false;
    for (p* p2 : allp_) {
      if (v >= 16 && p2->status == Pstatus::Pidle) continue;
      if (!p2->runqempty()) {
        lock(sched_.lock);
        p* np = pidleget();
        unlock(sched_.lock);
        if (np) {
          acquirep(np);
          if (wasSpinning) {
            mp->spinning = true;
            sched_.nmspinning++;
          }
          retry = true;
        }
        break;
      }
    }
    // goto top. Without a yield here this loop can go round forever in one step: a P that
    // is running a goroutine has work in its runq (e.g. its runnext), this M is not spinning
    // and enough others are (2*nmspinning >= busy Ps), so it may not steal; it returns its
    // P, sees that runq, takes a P back and goes to top again, and the Ms that would take
    // that work never run. In Go they run meanwhile. (go1.16 on an idle P's runq likewise,
    // before the idlepMaskSnapshot test above.)
    if (retry) {
      if (gotoTop(mp)) return nullptr;
      continue;
    }
    if (v >= 16) {
      // Check for timer creation or expiry concurrently with transitioning from spinning
      // to non-spinning (over the timerpMask snapshot).
      for (p* p2 : allp_) {
        if (!era_->timerpMaskRead(p2->id)) continue;
        int64_t w = era_->nobarrierWakeTime(p2);
        if (w != 0 && (pollUntil == 0 || w < pollUntil)) pollUntil = w;
      }
    }
    if (v >= 14 && pollUntil != 0) {
      if (now == 0) now = nanotime();
      int64_t delta = pollUntil - now;
      if (delta < 0) delta = 0;
      // poll network: block in netpoll until the next timer, unless an M already does.
      if (sched_.lastpoll != 0) {
        sched_.lastpoll = 0;
        sched_.pollUntil = pollUntil;
        netpollBlock(mp, delta, wasSpinning);
        return nullptr;
      }
      if (sched_.pollUntil == 0 || sched_.pollUntil > pollUntil) netpollBreak();
    }
    stopm();
    return nullptr;
  }
}

void Runtime::execute(g* gp) {
  m* mp = curm_;
  charge(cfg_.cost.gogo);
  gp->status = Gstatus::Running;
  gp->preempt = false;
  gp->mp = mp;
  mp->curg = gp;
  setMState(mp, MState::RunG);
  emit(Kind::GoStart, 0, gp->goid);
}

void Runtime::park_m(g* gp) {
  charge(cfg_.cost.gopark);
  gp->status = Gstatus::Waiting;
  gp->waitsince = curm_->clock;
  gp->parkCount++;
  emit(Kind::GoPark, 0, gp->goid);
  // dropg
  curm_->curg = nullptr;
  gp->mp = nullptr;
  setMState(curm_, MState::Schedule);
  if (gp->waitlock) {
    mutex* l = gp->waitlock;
    gp->waitlock = nullptr;
    unlock(*l);
  }
  if (gp->waitunlockf) {
    auto fn = gp->waitunlockf;
    void* arg = gp->waitunlockarg;
    gp->waitunlockf = nullptr;
    gp->waitunlockarg = nullptr;
    if (!fn(*this, gp, arg)) {
      gp->status = Gstatus::Runnable;
      execute(gp);  // execute(gp, true)
    }
  }
}

void Runtime::goexit0(g* gp) {
  gp->status = Gstatus::Dead;
  if (!gp->system) liveGs_--;
  emit(Kind::GoExit, 0, gp->goid);
  curm_->curg = nullptr;
  gp->mp = nullptr;
  setMState(curm_, MState::Schedule);
  if (gp == main_) return;  // kept for the report; the run ends
  gp->body = Task<void>();  // free the frame
  gp->sleeptimer = Ref<timer>();
  gfree_.push_back(gp);
}

void Runtime::entersyscallblock() {
  g* gp = curg_;
  gp->status = Gstatus::Syscall;
  emit(Kind::GoSysBlock, 0, gp->goid);  // traceGoSysBlock (proc.go entersyscallblock_handoff)
  curp()->syscalltick++;
  handoffp(releasep());
}

bool Runtime::labMoveToP(int k) {
  p* target = allp_.at(static_cast<size_t>(k));
  if (curp() == target) return true;
  if (std::find(sched_.pidle.begin(), sched_.pidle.end(), target) == sched_.pidle.end())
    return false;
  entersyscallblock();
  // handoffp puts our P on the idle list or gives it to an M; it takes no idle P
  if (!exitsyscallfast(curm_, target)) throw std::logic_error("labMoveToP: P lost in handoff");
  return true;
}

bool Runtime::exitsyscallfast(m* mp, p* want) {
  // our P was handed off (entersyscallblock), so try an idle P
  if (sched_.npidle() == 0) return false;
  lock(sched_.lock);
  p* pp = pidleget(want);
  unlock(sched_.lock);
  if (!pp) return false;
  acquirep(pp);
  pp->syscalltick++;
  mp->curg->status = Gstatus::Running;
  setMState(mp, MState::RunG);
  emit(Kind::GoSysExit, 0, mp->curg->goid);  // traceGoSysExit (proc.go exitsyscall)
  return true;
}

void Runtime::exitsyscall(m* mp) {
  g* gp = mp->curg;
  if (exitsyscallfast(mp, nullptr)) return;
  // exitsyscall0: no P; queue the G globally and stop this M.
  gp->status = Gstatus::Runnable;
  mp->curg = nullptr;
  gp->mp = nullptr;
  lock(sched_.lock);
  p* pp = pidleget();
  if (pp == nullptr) globrunqput(gp);
  unlock(sched_.lock);
  if (pp) {
    acquirep(pp);
    execute(gp);
    return;
  }
  stopm();
}

}  // namespace gotimers::rt

namespace gotimers::rt {

// runtime.GOMAXPROCS (debug.go) = stopTheWorldGC; procresize; startTheWorldGC.
//
// Abstraction: the world stops instantly at the caller's clock (plus the stop_the_world
// cost). Every other M that holds a P gives it up at once; a goroutine it was running is
// suspended at its last await point, so it goes back to the global run queue as runnable,
// as a preempted goroutine would; the M stops (stopm) at its next step.
int Runtime::setGOMAXPROCS(int n) {
  int old = gomaxprocs();
  if (n < 1 || n == old) return old;
  if (n > 256) n = 256;  // _MaxGomaxprocs in Go 1.9-1.9x; gotimers' limit for every era
  waitParkedMs();
  charge(cfg_.cost.stop_the_world);
  stopTheWorld();
  // startTheWorldWithSema holds sched.lock around procresize (proc.go@go1.16:1159-1172); it
  // also keeps this M from parking at a lock() inside it (the world is stopped).
  lock(sched_.lock);
  procresize(n);
  unlock(sched_.lock);
  startTheWorld();
  return old;
}

// The world stops with every other M between two steps. An M parked inside a runtime call
// (syncBeforeLock) is in the middle of one: wait, at its clock, until it has finished it.
void Runtime::waitParkedMs() {
  m* mp = curm_;
  for (;;) {
    m* other = nullptr;
    for (auto& o : allm_) {
      if (o->parked && o.get() != mp) other = o.get();
    }
    if (other == nullptr || !canPark(mp)) return;
    mp->clock = std::max(mp->clock, other->clock);
    parkM(mp);  // scheduled after other's own event at that time
  }
}

// stopTheWorldWithSema takes the Ps under sched.lock (proc.go@go1.16:1082-1111); here there
// is no lock(): it could park this M (syncBeforeLock) after waitParkedMs made sure no other
// M is mid-operation, and the whole stop happens inside this step anyway.
void Runtime::stopTheWorld() {
  for (auto& mp : allm_) {
    if (mp.get() == curm_) continue;
    if (mp->nextp) {  // being started with a P (newm / startm): take it back
      p* pp = mp->nextp;
      mp->nextp = nullptr;
      pp->status = Pstatus::Pidle;
    }
    p* pp = mp->pp;
    if (pp == nullptr) continue;
    if (mp->curg) {
      g* gp = mp->curg;
      emit(Kind::GoSched, 0, gp->goid);  // suspended by the stop-the-world (abstraction)
      gp->status = Gstatus::Runnable;
      gp->mp = nullptr;
      mp->curg = nullptr;
      sched_.runq.push_back(gp);
    }
    if (mp->spinning) {
      mp->spinning = false;
      sched_.nmspinning--;
    }
    mp->pp = nullptr;
    pp->mp = nullptr;
    pp->status = Pstatus::Pidle;
    if (mp->state() == MState::RunG)
      setMState(mp.get(), MState::Schedule);  // stops at its next step
  }
  sched_.pidle.clear();
  worldStopped_ = true;  // worldStopped(): proc.go@go1.16:1148
}

// Change number of processors. The world is stopped, sched is locked (proc.go@go1.9:3503).
void Runtime::procresize(int nprocs) {
  assertLockHeld(sched_.lock);  // proc.go@go1.16:4777
  assertWorldStopped();         // proc.go@go1.16:4778
  int old = gomaxprocs();
  // initialize new P's
  for (int i = old; i < nprocs; i++) {
    pstore_.push_back(std::make_unique<p>());
    pstore_.back()->id = i;
    allp_.push_back(pstore_.back().get());
  }
  metrics_.timerCodeNsPerP.resize(static_cast<size_t>(std::max(nprocs, old)), 0);
  coprimes_.clear();
  // if the current P is going away, take P0 (procresize: "continue to use the current P if
  // available", else acquirep(allp[0]))
  p* local = curp();
  if (local->id >= nprocs) {
    releasep();
    local = allp_[0];
    acquirep(local);
  }
  era_->procresize(old, nprocs, local);
  // release resources from unused P's: (*p).destroy (proc.go@go1.16:4683-4698; "sched.lock
  // must be held and the world must be stopped", asserted above) moves their run queues to
  // the head of the global queue, popping from the tail: the dying P's Gs run before the
  // ones already queued, in their own order, runnext first (globrunqputhead).
  for (int i = nprocs; i < old; i++) {
    p* pp = allp_[static_cast<size_t>(i)];
    while (pp->runqhead != pp->runqtail) {
      pp->runqtail--;
      sched_.runq.push_front(pp->runq[pp->runqtail % p::kRunqSize]);
    }
    if (pp->runnext) {
      sched_.runq.push_front(pp->runnext);
      pp->runnext = nullptr;
    }
    pp->status = Pstatus::Pdead;
  }
  allp_.resize(static_cast<size_t>(nprocs));
  // every P but ours without local work is idle; those with work get an M in startTheWorld
  runnablePs_.clear();
  for (int i = nprocs - 1; i >= 0; i--) {
    p* pp = allp_[static_cast<size_t>(i)];
    if (pp == local) continue;
    pp->status = Pstatus::Pidle;
    if (pp->runqempty()) {
      pidleput(pp);
    } else {
      runnablePs_.push_back(pp);
    }
  }
}

void Runtime::startTheWorld() {
  assertWorldStopped();   // proc.go@go1.16:1152
  worldStopped_ = false;  // worldStarted(): proc.go@go1.16:1174, before the Ms start
  // startTheWorldWithSema: start Ms for Ps with local work, then "wakeup an additional proc
  // in case we have excessive runnable goroutines in local queues or in the global queue".
  std::vector<p*> runnable = std::move(runnablePs_);
  runnablePs_.clear();
  for (p* pp : runnable)
    startm(pp, false);
  if (sched_.npidle() != 0) wakep();
}

}  // namespace gotimers::rt

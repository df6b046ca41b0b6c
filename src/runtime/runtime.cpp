#include "runtime/runtime.h"

#include <fmt/format.h>

#include <map>

#include "runtime/timer_backend.h"

namespace gotimers::rt {

using trace::Kind;

void Runtime::noCurrent() {
  throw std::logic_error("no gotimers runtime on this thread");
}

void m::step(Time t) {
  if (!fiber) fiber = std::make_unique<sim::Fiber>([this] { rt->mBody(this); });
  stepAt = t;
  fiber->resume();
  if (stepEx) std::rethrow_exception(std::exchange(stepEx, nullptr));
}

// The body of an M's fiber: one runM per kernel step, until the run is over. An exception
// goes back to the kernel loop (m::step rethrows it on the main stack).
void Runtime::mBody(m* mp) {
  for (;;) {
    try {
      runM(mp, mp->stepAt);
    } catch (const UnwindM&) {
      return;
    } catch (...) {
      mp->stepEx = std::current_exception();
    }
    if (mp->unwinding) return;
    mp->fiber->suspend();
    if (mp->unwinding) return;
  }
}

// After the run: every M's fiber returns. One parked in syncBeforeLock throws UnwindM from
// there, which unwinds its frames (coroutine frames store and rethrow it like a panic, and
// runM passes it on). Nothing is traced or counted any more.
void Runtime::finishFibers() {
  sink_ = nullptr;
  sinkCats_ = 0;
  for (auto& mp : allm_) {
    if (!mp->fiber || !mp->fiber->started() || mp->fiber->finished()) continue;
    mp->unwinding = true;
    curm_ = mp.get();
    curg_ = mp->curg;
    mp->fiber->resume();
    mp->stepEx = nullptr;
  }
  curm_ = nullptr;
  curg_ = nullptr;
}

void Runtime::newTimeSlice(m* mp) {
  if (!noise_) return;
  double u = noise_->next32() * 0x1p-32;  // uniform on [0, 1)
  mp->speed = 1 + noiseScale_ * (2 * u - 1);
}

Runtime::Runtime(RunConfig cfg, std::function<std::unique_ptr<rt::TimerBackend>(Runtime&)> makeEra)
    : cfg_(std::move(cfg)), rng_(cfg_.seed) {
  if (cfg_.gomaxprocs < 1) throw std::invalid_argument("GOMAXPROCS must be at least 1");
  if (cfg_.cost.noise_pct > 0) noise_ = &rng_.get("noise");
  noiseScale_ = double(cfg_.cost.noise_pct) / 100;
  prevCurrent_ = tlsCurrent_;
  tlsCurrent_ = this;
  frameBytesAtStart_ = detail::tlsFrameBytes;
  timerObjectsAtStart_ = tlsTimerObjects;
  chanBytesAtStart_ = tlsChanBytes;
  programBytesAtStart_ = tlsProgramBytes;
  registerLock(sched_.lock, "sched.lock");
  sched_.lastpoll = 1;  // nobody is blocked in netpoll
  for (int i = 0; i < cfg_.gomaxprocs; i++) {
    pstore_.push_back(std::make_unique<p>());
    pstore_.back()->id = i;
    allp_.push_back(pstore_.back().get());
  }
  metrics_.timerCodeNsPerP.assign(cfg_.gomaxprocs, 0);
  era_ = makeEra(*this);
}

Runtime::~Runtime() {
  finishFibers();
  // Free goroutine frames before the era (frames may hold timers the era points at).
  for (auto& gp : allgs_)
    gp->body = Task<void>();
  era_.reset();
  tlsCurrent_ = prevCurrent_;
}

RunResult Runtime::run(Task<void> mainBody) {
  // rt0_go: M0 takes P0 and runs the main goroutine; the other Ps start idle.
  auto m0 = std::make_unique<m>();
  m0->id = 0;
  m0->rt = this;
  setMState(m0.get(), MState::Schedule);
  newTimeSlice(m0.get());
  curm_ = m0.get();
  allm_.push_back(std::move(m0));
  // schedinit: "The world starts stopped"; procresize under sched.lock puts every P but
  // the one M0 keeps on the idle list (proc.go@go1.16:631, 652-664).
  worldStopped_ = true;
  lock(sched_.lock);
  acquirep(allp_[0]);
  for (int i = cfg_.gomaxprocs - 1; i >= 1; i--)
    pidleput(allp_[i]);
  unlock(sched_.lock);
  worldStopped_ = false;  // "World is effectively started now, as P's can run."
  main_ = newproc(std::move(mainBody), "main", false);
  mainStarted_ = true;
  // runtime.main: newm(sysmon, nil) (proc.go@go1.9:126, in every version). The timerproc
  // eras do not run it: their timers never depend on it (Go 1.9-1.13's sysmon reads the
  // timers only to decide Windows' osRelax: proc.go@go1.9:3851-3862, @go1.13:4305-4310).
  if (goMinor() >= 14) startSysmon();
  m* m0p = curm_;
  curm_ = nullptr;
  kernel_.schedule(0, m0p);
  wallStart_ = std::chrono::steady_clock::now();
  while (!result_) {
    try {
      if (!beforeEvent()) break;
      kernel_.runOne();
      if (cfg_.check && !result_) checkAfterEvent();
    } catch (...) {
      finishFromException(std::current_exception(), nullptr);
    }
    curm_ = nullptr;
    curg_ = nullptr;
  }
  return *result_;
}

void Runtime::finishRun(ExitKind k, int code, std::string report) {
  if (result_) return;
  RunResult r;
  r.kind = k;
  r.exitCode = code;
  r.report = std::move(report);
  r.endTime = kernel_.now();
  for (auto& mp : allm_) {
    if (mp->clock > r.endTime && k == ExitKind::Normal) r.endTime = mp->clock;
  }
  // a limit (or panic) raised while an M runs happened at that M's clock, which is what
  // its message says (Runtime::where)
  if (k != ExitKind::Normal && curm_) r.endTime = std::max(r.endTime, curm_->clock);
  result_ = std::move(r);
}

void Runtime::finishFromException(std::exception_ptr ex, const g* gp) {
  try {
    std::rethrow_exception(ex);
  } catch (const LimitExceeded& e) {
    finishRun(e.kind, e.kind == ExitKind::Interrupted ? 130 : 3, e.what());
  } catch (const InvariantViolation& e) {
    finishRun(ExitKind::CheckFailed, 2, e.what());
  } catch (const GoPanic& e) {
    // a goroutine's unrecovered panic, or a runtime panic raised on g0 (go1.14 badTimer)
    finishRun(ExitKind::Panic, 2,
              gp ? fmt::format("panic: {}\n\ngoroutine {} [running]:\n", e.what(), gp->goid)
                 : fmt::format("panic: {}\n", e.what()));
  } catch (const GoThrow& e) {
    finishRun(ExitKind::Throw, 2, fmt::format("fatal error: {}\n", e.what()));
  } catch (const std::exception& e) {
    finishRun(ExitKind::Throw, 2, fmt::format("gotimers: {}\n", e.what()));
  }
}

void Runtime::checkdead() {
  // Nothing can ever run again: Go's checkdead with every M idle.
  if (goMinor() >= 14) {
    // proc.go@go1.14: a P with timers is not a deadlock, because an M blocked in netpoll
    // (or sysmon) will run them. Reaching here with timers means no M will ever wake up for
    // them: a missed wake-up, which Go would show as a hang.
    for (p* pp : allp_) {
      if (era_->hasTimers(pp)) {
        finishRun(ExitKind::Throw, 2,
                  fmt::format("gotimers: P{} has timers but no thread will ever run them (missed "
                              "wake-up)\n",
                              pp->id));
        return;
      }
    }
  }
  std::string report = "fatal error: all goroutines are asleep - deadlock!\n\n";
  report += goroutineReport(false);
  finishRun(ExitKind::Deadlock, 2, std::move(report));
}

void Runtime::runM(m* mp, Time t) {
  if (mp->clock < t) mp->clock = t;
  curm_ = mp;
  watchSwitchIn(mp);
  switch (mp->state()) {
    case MState::Start:  // mstart: take the P startm gave us
      if (mp->nextp) {
        acquirep(mp->nextp);
        mp->nextp = nullptr;
      }
      setMState(mp, MState::Schedule);
      break;
    case MState::StopmSleep:  // woken by startm
      metrics_.contextSwitches++;
      newTimeSlice(mp);
      charge(cfg_.cost.context_switch);
      emit(Kind::MWake, 0, mp->id);
      noteclear(mp->park);
      mp->park.sleeper = nullptr;
      if (!mp->nextp) {  // its P was taken back by a stop-the-world (procresize)
        stopm();
        return;
      }
      acquirep(mp->nextp);
      mp->nextp = nullptr;
      setMState(mp, MState::Schedule);
      break;
    case MState::NetpollSleep:  // netpoll(delay) returns: timeout or netpollBreak
      netpollWake(mp);
      if (mp->state() != MState::Schedule) return;
      break;
    case MState::Sysmon:
      sysmonStep(mp);
      return;
    case MState::SyscallSleep:  // notetsleepg returns: timeout or notewakeup
      metrics_.contextSwitches++;
      newTimeSlice(mp);
      charge(cfg_.cost.context_switch);
      emit(Kind::MWake, 0, mp->id, mp->wokenByNote ? 0 : 1);
      if (mp->sleepnote) {
        mp->sleepnote->sleeper = nullptr;
        mp->sleepnote = nullptr;
      }
      exitsyscall(mp);
      if (mp->state() == MState::StopmSleep) return;
      break;
    default:
      break;
  }
  for (;;) {
    if (result_) return;
    if (mp->state() == MState::Schedule) {
      if (behind() || stepBudgetSpent()) {
        yieldM(mp);
        return;
      }
      if (mp->pp == nullptr) {  // lost its P to a stop-the-world (procresize)
        stopm();
        return;
      }
      g* gp = schedule();
      if (gp == nullptr) return;  // this M went to sleep, or yields to let others catch up
      execute(gp);
      continue;
    }
    if (mp->state() != MState::RunG) return;
    if (behind()) {
      yieldM(mp);
      return;
    }
    g* gp = mp->curg;
    curg_ = gp;
    gp->action = GAction::None;
    gp->resume.resume();
    curg_ = nullptr;
    auto h = gp->body.handle();
    if (h.done()) {
      std::exception_ptr ex = h.promise().exception;
      if (ex && mp->unwinding) std::rethrow_exception(ex);  // UnwindM: the run is over
      goexit0(gp);
      if (ex) {
        finishFromException(ex, gp);
        return;
      }
      if (gp == main_) {
        finishRun(ExitKind::Normal, 0, "");
        return;
      }
      continue;
    }
    switch (gp->action) {
      case GAction::Yield:
        yieldM(mp);
        return;
      case GAction::Park:
        park_m(gp);
        continue;
      case GAction::Preempt:
        goschedImpl(gp);
        continue;
      case GAction::Syscall:
        return;  // the M sleeps in notetsleepg
      default:
        throw GoThrow(fmt::format("goroutine {} suspended without a reason", gp->goid));
    }
  }
}

// Work that never leaves one kernel event would escape the limits checked between events
// (--event-limit, and with them the run's progress as events count it): goroutine switches
// (an unbuffered-channel ping-pong on one P: each side readies the other and parks) and a
// goroutine that never blocks (go1.9-go1.13 cannot preempt `for { n++ }`; the VM counts a
// step per 64-instruction batch). After kStepsPerEvent steps in one event the M yields at
// its own clock, as when it is behind: the kernel steps to a new event, where beforeEvent
// checks the limits, and the M goes on. (A simulation device, not Go: it changes no
// goroutine's order and no virtual time, only the event count.)
bool Runtime::stepBudgetSpent() {
  const uint64_t ev = kernel_.eventsProcessed();
  if (ev != stepEvent_) {
    stepEvent_ = ev;
    steps_ = 0;
  }
  return ++steps_ > kStepsPerEvent;
}

void Runtime::emitSlow(trace::Kind k, std::array<int64_t, 6> a, std::string text, const char* fn) {
  if (!(sinkCats_ & static_cast<uint32_t>(trace::kindCat(k)))) return;  // --trace-filter
  trace::Event e;
  e.t = curm_ ? curm_->clock : kernel_.now();
  // Every later event is at or after the next kernel event (an M steps at its event's time
  // or its own clock, whichever is later) or at or after this M's clock within this step.
  e.now = std::min(e.t, kernel_.peekTime());
  // ... except an M parked inside lock() after a futex sleep: its acquisition, emitted when it
  // runs again, reports a wait that began when its lock() did
  if (lockParked_ > 0) {
    for (const auto& mp : allm_)
      e.now = std::min(e.now, mp->inLockSince);
  }
  e.kind = k;
  e.p = static_cast<int16_t>(curm_ && curm_->pp ? curm_->pp->id : -1);
  e.m = curm_ ? curm_->id : -1;
  e.g = curg_ ? curg_->goid : 0;
  for (int i = 0; i < 6; i++)
    e.a[i] = a[i];
  e.text = std::move(text);
  e.fn = fn;
  sink_->onEvent(e);
}

void Runtime::nameTimer() {
  if (sink_) sink_->onTimerNamed(timerIds_, nextTimerName_);
  nextTimerName_.clear();
}

void Runtime::emitText(trace::Kind k, std::string text, int64_t a0, int64_t a1, const char* fn) {
  if (sink_) emitSlow(k, {a0, a1, 0, 0, 0, 0}, std::move(text), fn);
}

void Runtime::print(const std::string& line) {
  output_ += line;
  output_ += '\n';
  emitText(Kind::Print, line);
}

std::vector<const g*> Runtime::blockedGoroutines() const {
  std::vector<const g*> out;
  for (const auto& gp : allgs_) {
    if (gp->system || gp->status == Gstatus::Dead || gp->status == Gstatus::Idle) continue;
    if (gp->status == Gstatus::Waiting) out.push_back(gp.get());
  }
  std::sort(out.begin(), out.end(), [](const g* a, const g* b) { return a->goid < b->goid; });
  return out;
}

int64_t Runtime::liveGoroutines() const {
  int64_t n = 0;
  for (const auto& gp : allgs_) {
    if (!gp->system && gp->status != Gstatus::Dead && gp->status != Gstatus::Idle) n++;
  }
  return n;
}

std::string Runtime::goroutineReport(bool includeRunning) const {
  std::map<int64_t, const g*> byId;
  for (const auto& gp : allgs_) {
    if (gp->system || gp->status == Gstatus::Dead || gp->status == Gstatus::Idle) continue;
    if (!includeRunning && gp->status != Gstatus::Waiting) continue;
    byId[gp->goid] = gp.get();
  }
  std::string out;
  for (auto& [id, gp] : byId) {
    std::string reason = gp->status == Gstatus::Waiting ? gp->waitreason : "runnable";
    int64_t mins = (kernel_.now() - gp->waitsince) / Minute;
    std::string age =
        gp->status == Gstatus::Waiting && mins > 0 ? fmt::format(", {} minutes", mins) : "";
    out += fmt::format("goroutine {} [{}{}]:\n", id, reason, age);
    if (!gp->label.empty()) out += fmt::format("\t{}\n", gp->label);
    if (id != 1) {
      out += gp->createdBy ? fmt::format("created by goroutine {}\n", gp->createdBy)
                           : "created by runtime\n";
    }
    out += "\n";
  }
  return out;
}

}  // namespace gotimers::rt

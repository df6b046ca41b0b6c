// Run limits and --check (docs/reliability.md).
//
// Limits stop a runaway program with a message naming the limit, where in the run it was
// hit and the flag that raises it (exit status 3). Counting limits (goroutines, timers) are
// checked where goroutines and timers are created; memory, the wall clock and SIGINT/SIGTERM every
// 1024th poll; the kernel loop polls once per event and scenario loops once per iteration,
// so no step can run unchecked for long.
//
// The memory budget counts the bytes of simulated objects rather than hooking the global
// allocator: coroutine frames (exact, from the promise's operator new), g structs, timer
// objects, buffered channel values, the program's output, per-fire and per-wait metrics and
// pending kernel events. That is what grows with a runaway program; the simulator's fixed
// overhead is not. The count is deterministic for a given build (frame sizes differ between
// compilers and sanitizer builds, so the exact byte count in a message may too).
#include <fmt/format.h>

#include <csignal>

#include "runtime/runtime.h"
#include "runtime/timer_backend.h"
#include "sim/format_duration.h"

namespace gotimers::rt {

bool isLimit(ExitKind k) {
  switch (k) {
    case ExitKind::TimeLimit:
    case ExitKind::EventLimit:
    case ExitKind::GoroutineLimit:
    case ExitKind::TimerLimit:
    case ExitKind::MemoryLimit:
    case ExitKind::WallClockLimit:
    case ExitKind::Spin:
      return true;
    default:
      return false;
  }
}

std::string signalName(int sig) {
  switch (sig) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    default:
      return fmt::format("signal {}", sig);
  }
}

namespace {
int interruptSignal(const RunConfig& c) {
  return c.interrupt ? c.interrupt->load(std::memory_order_relaxed) : 0;
}

std::string formatBytes(int64_t b) {
  if (b >= (int64_t{1} << 30) && b % (int64_t{1} << 30) == 0) return fmt::format("{}GiB", b >> 30);
  if (b >= (int64_t{1} << 20) && b % (int64_t{1} << 20) == 0) return fmt::format("{}MiB", b >> 20);
  if (b >= (int64_t{1} << 20)) return fmt::format("{:.1f}MiB", double(b) / double(1 << 20));
  return fmt::format("{} bytes", b);
}
}  // namespace

std::string Runtime::where() const {
  return fmt::format("at virtual time {} (event {})", sim::formatDuration(nanotime()),
                     kernel_.eventsProcessed());
}

int64_t Runtime::simulatedBytes() const {
  int64_t b = detail::tlsFrameBytes - frameBytesAtStart_;
  b += static_cast<int64_t>(allgs_.size() * sizeof(g));
  b += (tlsTimerObjects - timerObjectsAtStart_) * static_cast<int64_t>(sizeof(timer));
  b += tlsChanBytes - chanBytesAtStart_;
  b += tlsProgramBytes - programBytesAtStart_;
  b += static_cast<int64_t>(output_.size());
  b += metrics_.lateness.bytes();
  for (const LockStats& s : lockStats_)
    b += s.waits.bytes();
  b += unregisteredLockStats_.waits.bytes();
  b += static_cast<int64_t>(kernel_.pending() * sim::Kernel::kEntryBytes);
  return b;
}

void Runtime::pollLimits() {
  if (liveGs_ > cfg_.goroutineLimit) {
    throw LimitExceeded(
        ExitKind::GoroutineLimit,
        fmt::format("gotimers: goroutine limit {} exceeded {}: {} goroutines are alive; raise "
                    "it with --goroutine-limit N\n",
                    cfg_.goroutineLimit, where(), liveGs_));
  }
  if (heapEntries_ > cfg_.timerLimit) {
    throw LimitExceeded(
        ExitKind::TimerLimit,
        fmt::format("gotimers: live-timer limit {} exceeded {}: {} timers are in the timer "
                    "heaps; raise it with --timer-limit N\n",
                    cfg_.timerLimit, where(), heapEntries_));
  }
  if ((++polls_ & 1023) != 0) return;
  if (int64_t bytes = simulatedBytes(); bytes > cfg_.memoryLimit) {
    throw LimitExceeded(
        ExitKind::MemoryLimit,
        fmt::format("gotimers: memory budget {} exceeded {}: the simulated program holds {} "
                    "({} goroutines, {} timers, {} in coroutine frames, {} in the program's "
                    "values, {} in channels); raise it with --memory-limit SIZE (e.g. 8GiB)\n",
                    formatBytes(cfg_.memoryLimit), where(), formatBytes(bytes), liveGs_,
                    tlsTimerObjects - timerObjectsAtStart_,
                    formatBytes(detail::tlsFrameBytes - frameBytesAtStart_),
                    formatBytes(tlsProgramBytes - programBytesAtStart_),
                    formatBytes(tlsChanBytes - chanBytesAtStart_)));
  }
  if (int sig = interruptSignal(cfg_)) {
    throw LimitExceeded(ExitKind::Interrupted,
                        fmt::format("gotimers: interrupted ({}) {}\n", signalName(sig), where()));
  }
  if (cfg_.wallLimitMs > 0) {
    auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::steady_clock::now() - wallStart_)
                       .count();
    if (elapsed > cfg_.wallLimitMs) {
      throw LimitExceeded(
          ExitKind::WallClockLimit,
          fmt::format("gotimers: wall-clock limit {} exceeded {}: the run took longer than that "
                      "in real time; raise it with --wall-limit DURATION (0 = none)\n",
                      sim::formatDuration(cfg_.wallLimitMs * Millisecond), where()));
    }
  }
}

// Before each kernel event: the end of the run (nothing pending), the virtual-time and
// event limits, SIGINT, and the polled limits. Throws LimitExceeded.
bool Runtime::beforeEvent() {
  Time next = kernel_.peekTime();
  if (next == maxWhen) {
    checkdead();
    return false;
  }
  if (next > cfg_.timeLimit) {
    finishRun(ExitKind::TimeLimit, 3,
              fmt::format("gotimers: virtual-time limit {} reached at event {} (the next event "
                          "is at {}); raise it with --time-limit DURATION\n",
                          sim::formatDuration(cfg_.timeLimit), kernel_.eventsProcessed(),
                          sim::formatDuration(next)));
    return false;
  }
  if (kernel_.eventsProcessed() >= cfg_.eventLimit) {
    finishRun(ExitKind::EventLimit, 3,
              fmt::format("gotimers: event limit {} reached at virtual time {}; raise it with "
                          "--event-limit N\n",
                          cfg_.eventLimit, sim::formatDuration(kernel_.now())));
    return false;
  }
  if (int sig = interruptSignal(cfg_)) {
    finishRun(ExitKind::Interrupted, 130,
              fmt::format("gotimers: interrupted ({}) {}\n", signalName(sig), where()));
    return false;
  }
  if (cfg_.check && kernel_.goesBack()) {
    checkFailed(fmt::format("virtual time goes back: the next event is at {}, after one at {}",
                            sim::formatDuration(next), sim::formatDuration(kernel_.now())));
  }
  pollLimits();
  return true;
}

// After each kernel event at which no M is parked mid-operation, with --check: no runtime
// lock is held between events, every P's run queue is at most full (runqhead never passes
// runqtail), and the era's own bookkeeping holds. The era check costs O(timers), so with more than
// 16 timers in heaps it runs every heapEntries/16 events (amortized O(16) per event); the heap
// property itself is checked after every heap operation (TimerHeap).
void Runtime::checkAfterEvent() {
  // An M parked inside a runtime call (syncBeforeLock) leaves its operation half done, as a
  // thread preempted there would: check the others' work when none is.
  if (midOperation()) return;
  for (const mutex* l : locks_) {
    if (l->locked()) {
      checkFailed(fmt::format("{} is still held by M{} between events (acquired at {})",
                              lockName(*l), l->owner(), sim::formatDuration(l->tl->cur.acq)));
    }
  }
  for (const p* pp : allp_) {
    if (pp->runqsize() > p::kRunqSize) {  // head past tail wraps to a huge size
      checkFailed(fmt::format("P{}'s run queue has head {} and tail {}", pp->id, pp->runqhead,
                              pp->runqtail));
    }
  }
  uint64_t ev = kernel_.eventsProcessed();
  if (ev < nextEraCheck_) return;
  nextEraCheck_ = ev + static_cast<uint64_t>(std::max<int64_t>(1, heapEntries_ / 16));
  try {
    era_->checkInvariants();
  } catch (const GoThrow& e) {
    checkFailed(e.what());
  }
}

void Runtime::checkFailed(const std::string& msg) const {
  throw InvariantViolation(
      fmt::format("gotimers --check: invariant violated {}: {}\n{}", where(), msg, dumpHeaps()));
}

std::string Runtime::dumpHeaps(size_t max) const {
  std::string out;
  if (!era_) return out;
  for (const auto& h : era_->heaps()) {
    if (h.t.empty()) continue;
    out += fmt::format("heap {} ({} timers):\n", h.name, h.t.size());
    for (size_t i = 0; i < h.t.size() && i < max; i++) {
      const timer* t = h.t[i];
      out += fmt::format("  [{}] timer {} when={} period={} {}\n", i, t->id, t->when, t->period,
                         era_->timerFields(*t));
    }
    if (h.t.size() > max) out += fmt::format("  ... {} more\n", h.t.size() - max);
  }
  return out;
}

}  // namespace gotimers::rt

#include "metrics/summary.h"
#include "sim/format_duration.h"
#include "sim/histogram.h"

#include <fmt/format.h>

#include <algorithm>

namespace gotimers::metrics {

using sim::formatDuration;

int64_t percentile(std::vector<int64_t> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[sim::nearestRank(p, v.size()) - 1];
}

std::string exitKindName(rt::ExitKind k) {
  switch (k) {
    case rt::ExitKind::Normal:
      return "normal exit";
    case rt::ExitKind::Deadlock:
      return "deadlock";
    case rt::ExitKind::Panic:
      return "panic";
    case rt::ExitKind::Throw:
      return "fatal error";
    case rt::ExitKind::TimeLimit:
      return "virtual-time limit";
    case rt::ExitKind::EventLimit:
      return "event limit";
    case rt::ExitKind::GoroutineLimit:
      return "goroutine limit";
    case rt::ExitKind::TimerLimit:
      return "live-timer limit";
    case rt::ExitKind::MemoryLimit:
      return "memory budget";
    case rt::ExitKind::WallClockLimit:
      return "wall-clock limit";
    case rt::ExitKind::Spin:
      return "spinning loop";
    case rt::ExitKind::Interrupted:
      return "interrupted";
    case rt::ExitKind::CheckFailed:
      return "invariant violation";
  }
  return "?";
}

std::string formatLockTable(const go::ProgramResult& r) {
  std::string out = fmt::format(
      "  {:<22} {:>9} {:>9} {:>8} {:>8} {:>8} {:>8} {:>10} {:>10} {:>10}\n", "lock", "acquired",
      "contended", "cas", "spin", "yield", "futex", "wait p50", "wait p99", "wait max");
  for (const auto& l : r.locks) {
    const auto& s = l.stats;
    if (s.acquisitions == 0) continue;
    out += fmt::format("  {:<22} {:>9} {:>9} {:>8} {:>8} {:>8} {:>8} {:>10} {:>10} {:>10}\n",
                       l.name, s.acquisitions, s.contended, s.byPhase[0], s.byPhase[1],
                       s.byPhase[2], s.byPhase[3], formatDuration(s.waits.percentile(50)),
                       formatDuration(s.waits.percentile(99)), formatDuration(s.waitMax()));
  }
  return out;
}

std::string formatSummary(const go::ProgramResult& r, bool expectedEnding) {
  const auto& m = r.metrics;
  std::string out;
  out += fmt::format("ended: {} at virtual time {}{}\n", exitKindName(r.run.kind),
                     formatDuration(r.run.endTime), expectedEnding ? " (expected)" : "");
  auto& lat = m.lateness;
  // lateness only of timers that fired from a heap (go1.23's lazily run channel timers have
  // none): none of those, no figures
  std::string late =
      lat.count() == 0
          ? ""
          : fmt::format(" (lateness p50 {}, p99 {}, max {})", formatDuration(lat.percentile(50)),
                        formatDuration(lat.percentile(99)), formatDuration(lat.max()));
  out += fmt::format(
      "timers: {} started, {} stopped, {} reset, {} fired{}, {} dropped sends, {} still in "
      "heaps\n",
      m.timerAdds, m.timerDels, m.timerResets, m.timersFired, late, m.chanDrops, r.liveTimers);
  out += fmt::format("heap: {} pushes, {} removals, {} sift steps\n", m.heapPushes, m.heapRemoves,
                     m.siftSteps);
  out += fmt::format(
      "threads: {} created, {} sleeps, {} context switches; {} P handoffs, {} wakeps, "
      "{} timerproc wakeups, {} netpoll breaks, {} timer steals\n",
      m.threadsCreated + 1, m.mSleeps, m.contextSwitches, m.handoffs, m.wakeps, m.timerprocWakeups,
      m.netpollBreaks, m.timerSteals);
  out += fmt::format("goroutines: {} created, {} leaked (still blocked at exit)\n",
                     m.goroutinesCreated, r.leakedGoroutines);
  out += "locks:\n" + formatLockTable(r);
  return out;
}

}  // namespace gotimers::metrics

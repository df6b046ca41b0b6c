#include "metrics/summary.h"
#include "sim/format_duration.h"
#include "sim/histogram.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

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

std::string formatTimerTable(const go::ProgramResult& r) {
  const auto& m = r.metrics;
  std::vector<std::array<std::string, 7>> rows;
  rt::TimerOps all;
  int64_t pending = 0;
  bool ticker = false;
  for (size_t k = 0; k < rt::kTimerKinds; k++) {
    const rt::TimerOps& o = m.timerOps[k];
    if (!o.any()) continue;
    auto kind = static_cast<rt::TimerKind>(k);
    bool sleep = kind == rt::TimerKind::Sleep;  // no Stop or Reset: "-"
    ticker = ticker || kind == rt::TimerKind::Ticker;
    rows.push_back({std::string("  ") + rt::timerKindName(kind), fmt::format("{}", o.started),
                    sleep ? "-" : fmt::format("{}", o.resets),
                    fmt::format("{}{}", o.fired, kind == rt::TimerKind::Ticker ? " ticks" : ""),
                    sleep ? "-" : fmt::format("{}", o.stopped),
                    sleep ? "-" : fmt::format("{}", o.superseded),
                    fmt::format("{}", o.pending(kind))});
    all.started += o.started;
    all.resets += o.resets;
    all.fired += o.fired;
    all.stopped += o.stopped;
    all.superseded += o.superseded;
    pending += o.pending(kind);
  }
  std::string out;
  if (rows.empty()) {
    out = "timers: none started\n";
  } else {
    if (rows.size() > 1) {
      rows.push_back({"  all", fmt::format("{}", all.started), fmt::format("{}", all.resets),
                      fmt::format("{}", all.fired), fmt::format("{}", all.stopped),
                      fmt::format("{}", all.superseded), fmt::format("{}", pending)});
    }
    std::array<std::string, 7> head = {"timers",  "started",  "reset",  "fired",
                                       "stopped", "re-armed", "pending"};
    std::array<size_t, 7> w{};
    for (size_t c = 0; c < 7; c++) {
      w[c] = head[c].size();
      for (const auto& row : rows)
        w[c] = std::max(w[c], row[c].size());
    }
    auto line = [&](const std::array<std::string, 7>& row) {
      std::string l = fmt::format("{:<{}}", row[0], w[0]);
      for (size_t c = 1; c < 7; c++)
        l += fmt::format("  {:>{}}", row[c], w[c]);
      return l + "\n";
    };
    out += line(head);
    for (const auto& row : rows)
      out += line(row);
    // the pending ones against the heaps: equal, but for go1.23's channel timers, which wait
    // outside the heaps until a receiver comes (and are collected when unreferenced)
    int64_t inHeaps = static_cast<int64_t>(r.liveTimers);
    std::string where =
        pending == inHeaps ? fmt::format("all {} in heaps\n", inHeaps)
        : pending > inHeaps
            ? fmt::format(
                  "{} in heaps, {} outside them\n  (go1.23: a channel timer is in a heap "
                  "only while a receiver waits)\n",
                  inHeaps, pending - inHeaps)
            : fmt::format("{} in heaps\n", inHeaps);
    out += fmt::format("  pending = started + reset - fired - stopped - re-armed{}; at exit {}",
                       ticker ? " (ticks re-arm a ticker)" : "", where);
    out += "  stopped, re-armed: the Stop and Reset calls that found the timer pending\n";
  }
  const auto& lat = m.lateness;
  // lateness only of timers that fired from a heap (go1.23's lazily run channel timers have
  // none): none of those, no figures
  if (lat.count() > 0) {
    out += fmt::format("lateness: p50 {}, p99 {}, max {} over {} fires from a heap\n",
                       formatDuration(lat.percentile(50)), formatDuration(lat.percentile(99)),
                       formatDuration(lat.max()), lat.count());
  }
  if (m.chanDrops > 0)
    out += fmt::format("dropped sends: {} (a timer's channel was full)\n", m.chanDrops);
  return out;
}

std::string formatSummary(const go::ProgramResult& r, bool expectedEnding) {
  const auto& m = r.metrics;
  std::string out;
  out += fmt::format("ended: {} at virtual time {}{}\n", exitKindName(r.run.kind),
                     formatDuration(r.run.endTime), expectedEnding ? " (expected)" : "");
  out += formatTimerTable(r);
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

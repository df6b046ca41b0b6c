#include "go/program.h"
#include "sim/format_duration.h"

#include <fmt/format.h>

#include "eras/registry.h"
#include "go/time_funcs.h"

#include <algorithm>

namespace gotimers::go {

namespace {
const char* funcName(rt::TimerFunc f) {
  if (f == sendTime) return "sendTime";
  if (f == goFunc) return "goFunc";
  if (f == rt::goroutineReady) return "goroutineReady";
  return f ? "f" : "nil";
}

// The leak report's timer part: how many timers each heap still holds, and the first few.
std::string describeTimers(rt::Runtime& r) {
  std::string out;
  for (const auto& h : r.era().heaps()) {
    if (h.t.empty()) continue;
    out += fmt::format("  {}: {} timer(s)\n", h.name, h.t.size());
    size_t n = std::min<size_t>(h.t.size(), 3);
    for (size_t i = 0; i < n; i++) {
      const rt::timer* t = h.t[i];
      out +=
          fmt::format("    timer {} when={} period={} f={}\n", t->id, sim::formatDuration(t->when),
                      sim::formatDuration(t->period), funcName(t->f));
    }
    if (h.t.size() > n) out += fmt::format("    ... {} more\n", h.t.size() - n);
  }
  return out;
}

class TeeSink : public trace::Sink {
 public:
  TeeSink(trace::Sink* a, trace::Sink* b) : a_(a), b_(b) {}
  void onEvent(const trace::Event& e) override {
    if (a_) a_->onEvent(e);
    if (b_) b_->onEvent(e);
  }
  bool wantsHeapSnapshots() const override { return b_ && b_->wantsHeapSnapshots(); }
  uint32_t wantedCats() const override {
    return (a_ ? a_->wantedCats() : 0) | (b_ ? b_->wantedCats() : 0);
  }
  void onLockRegistered(int id, const std::string& name) override {
    if (b_) b_->onLockRegistered(id, name);
  }
  void onTimerNamed(uint32_t timer, const std::string& name) override {
    if (b_) b_->onTimerNamed(timer, name);
  }

 private:
  trace::Sink* a_;
  trace::Sink* b_;
};
}  // namespace

ProgramResult runProgram(const ProgramOptions& opts, const std::function<Task<void>()>& mainBody) {
  const eras::EraInfo* era = eras::findEra(opts.era);
  if (!era) {
    throw std::invalid_argument(
        fmt::format("unknown era \"{}\" (expected one of: {})", opts.era, eras::eraNames()));
  }
  ProgramResult res;
  rt::Runtime r(opts.config, era->make);
  trace::FingerprintSink fp;
  TeeSink tee(opts.fingerprint ? &fp : nullptr, opts.sink);
  if (opts.fingerprint || opts.sink) r.setSink(&tee);
  res.run = r.run(mainBody());
  if (opts.explainEnd) res.run.report += opts.explainEnd(res.run);
  res.output = r.output();
  res.metrics = r.metrics();
  res.fingerprint = fp.value();
  res.events = r.eventsProcessed();
  res.liveTimers = r.era().liveTimers();
  res.eraName = r.era().name();
  for (const rt::mutex* l : r.locks())
    res.locks.push_back({r.lockName(*l), r.lockStats(*l)});
  if (res.run.kind == rt::ExitKind::Normal) {
    res.leakedGoroutines = static_cast<int64_t>(r.blockedGoroutines().size());
    res.leakReport = r.goroutineReport(false);
  }
  // The state the run ended in, unless it stopped an M in the middle of an operation (parked
  // at a lock: the program exited around it, as Go's exit stops threads wherever they are).
  if (opts.checkInvariants && !r.midOperation()) r.era().checkInvariants();
  if (opts.config.check && !r.midOperation() &&
      (res.run.kind == rt::ExitKind::Normal || res.run.kind == rt::ExitKind::Deadlock)) {
    try {  // (limits and panics may stop it mid-operation)
      r.era().checkInvariants();
    } catch (const rt::GoThrow& e) {
      res.run.kind = rt::ExitKind::CheckFailed;
      res.run.exitCode = 2;
      res.run.report +=
          fmt::format("gotimers --check: invariant violated at the end of the run: {}\n{}",
                      e.what(), r.dumpHeaps());
    }
  }
  if (res.liveTimers > 0) res.timerReport = describeTimers(r);
  return res;
}

}  // namespace gotimers::go

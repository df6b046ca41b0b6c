// The event log: one typed stream every view (metrics, JSON trace, Perfetto, animations) reads.
//
// Invariant: events are emitted in non-decreasing virtual time per actor; each event names
// the Go runtime function it stands for through its kind (see kindName).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/fingerprint.h"
#include "sim/time.h"

namespace gotimers::trace {

enum class Cat : uint32_t {
  Heap = 1u << 0,
  Lock = 1u << 1,
  Status = 1u << 2,
  Sched = 1u << 3,
  Timer = 1u << 4,
  Chan = 1u << 5,
  Proc = 1u << 6,  // timerproc / netpoll sleeps and wakes
  User = 1u << 7,  // print
};
// Every category.
inline constexpr uint32_t kAllCats = 0xff;

enum class Kind : uint16_t {
  // heap (a0 = heap id, a1 = timer id, a2 = index/when, a3 = ...)
  HeapPush,      // a2 = index appended at, a3 = when
  HeapSiftStep,  // a2 = from index, a3 = to index, a4 = key moved, a5 = key compared
  HeapPop,       // root removed; a3 = when
  HeapRemove,    // a2 = index removed at
  // locks (a0 = lock id, a1 = phase or wait)
  LockAcquire,  // a1 = phase, a2 = wait ns
  LockRelease,  // a2 = hold ns
  // timer status transitions (go1.14+): a1 = timer, a2 = from, a3 = to (go1.23: state bit
  // sets, timerHeaped=1 | timerModified=2 | timerZombie=4)
  TimerStatus,
  // timers: a1 = timer id, a2 = when, a3 = period
  TimerAdd,
  TimerDel,    // a2 = result
  TimerReset,  // a2 = when, a3 = result
  TimerFire,   // a2 = when, a3 = lateness ns, a4 = 1: run lazily by the receiver (go1.23)
  // timerproc / notes: a0 = bucket
  ProcSleep,  // a2 = until
  ProcWake,   // a2 = by timeout (1) or notewakeup (0)
  ProcPark,   // timerproc parks: heap empty
  NetpollSleep,
  NetpollBreak,
  // scheduler
  GoCreate,  // a1 = new goid
  GoStart,   // a1 = goid
  GoPark,    // a1 = goid
  GoReady,   // a1 = goid
  GoExit,    // a1 = goid
  MSleep,
  MWake,
  MCreate,
  Handoff,  // a1 = P id
  Wakep,
  Steal,  // a1 = victim P, a2 = what (0 = goroutines, 1 = timers)
  // channels: a0 = chan id
  ChanSend,
  ChanDrop,  // sendTime found the buffer full
  ChanRecv,
  Print,
  // appended in schema version 2 (kept after Print so that older kinds keep their numbers)
  GoSched,       // a1 = goid: gopreempt_m -> goschedImpl (or stopped by stop-the-world)
  GoSysBlock,    // a1 = goid: entersyscallblock (notetsleepg) hands the P off
  GoSysExit,     // a1 = goid: exitsyscall got a P back and the G runs on
  NetpollWake,   // a1 = M, a2 = by timeout (1) or netpollBreak (0): netpoll returns
  HeapSnapshot,  // a0 = heap id, a1 = length; text = [[timer, when], ...] (on request)
  // appended in schema version 3
  LockName,  // a0 = lock id; text = its name ("sched.lock", "P2.timersLock"): written by the
             // trace writers when the runtime registers a lock (Sink::onLockRegistered), so
             // that readers name locks as `run` does; not an event of the simulation
  // appended in schema version 4
  TimerCall,  // a1 = timer, a2 = 0 Stop / 1 Reset, a3 = Reset's when: package time's Stop or
              // Reset begins (the heap events of the call follow; timer.del / timer.reset end
              // it with the result), so that viewers can tell the call's steps from earlier ones
  NumKinds
};

const char* kindName(Kind k);
Cat kindCat(Kind k);
// The JSON name of argument i (0-5) of kind k, or "" if the kind does not use it.
const char* kindArgName(Kind k, int i);

struct Event {
  Time t;
  // A lower bound on the time of every event emitted after this one (the simulation's
  // current event time, or the emitting M's clock if lower): what OrderedSink needs to put
  // the stream in virtual-time order. Not part of the event's content (not fingerprinted).
  Time now = 0;
  Kind kind;
  int16_t p;  // P id, -1 if none
  int32_t m;  // M id, -1 if none
  int64_t g;  // goid, 0 if none (g0 / no goroutine)
  int64_t a[6];
  std::string text;  // only for Print and a few labels
  // The Go function that makes the change, named by the era code that mirrors it (timer
  // status changes: "deltimer", "cleantimers", "(t *timer) stop" is "stop"), for viewers that
  // show the Go code (the animations' code pane); nullptr if the emitter did not say. A string
  // literal. Not part of the event's content: not fingerprinted, not in the JSON trace.
  const char* fn = nullptr;
};

// Receives events. Attached only when tracing or fingerprinting; the runtime tests one flag.
class Sink {
 public:
  virtual ~Sink() = default;
  virtual void onEvent(const Event& e) = 0;
  // True if the runtime should emit a heap.snapshot after every heap push, pop and removal
  // (costly: O(heap length) per event; off unless asked for).
  virtual bool wantsHeapSnapshots() const { return false; }
  // The categories (Cat bits) this sink reads: the runtime builds no event of the others.
  virtual uint32_t wantedCats() const { return kAllCats; }
  // Lock id is named name (runtime registration order; called for the locks registered
  // before the sink was attached too). Not an event: not in the stream, not fingerprinted.
  virtual void onLockRegistered(int /*id*/, const std::string& /*name*/) {}
  // The scenario bound timer `timer` to a name ("as": "t20" in a JSON scenario), for viewers
  // that show timers by name (the animations). Not an event: not in the stream.
  virtual void onTimerNamed(uint32_t /*timer*/, const std::string& /*name*/) {}
  // Everything this sink receives from now on starts at or after w: the time of every later
  // event and the start of every lock wait (t - wait ns) a later LockAcquire reports.
  // Sent by OrderedSink after each event it passes on; a sink that keeps state until it can
  // no longer change (the Perfetto export) writes it out up to here.
  virtual void onWatermark(Time /*w*/) {}
  // True if onWatermark does something (OrderedSink skips the call otherwise).
  virtual bool wantsWatermark() const { return false; }
};

// Fingerprints every event (the determinism check).
class FingerprintSink : public Sink {
 public:
  void onEvent(const Event& e) override;
  uint64_t value() const { return fp_.value(); }
  uint64_t count() const { return n_; }

 private:
  sim::Fingerprint fp_;
  uint64_t n_ = 0;
};

// Keeps every event in memory (tests, animations).
class MemorySink : public Sink {
 public:
  void onEvent(const Event& e) override { events.push_back(e); }
  std::vector<Event> events;
};

}  // namespace gotimers::trace

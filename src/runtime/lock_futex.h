// runtime/lock_futex.go@go1.9 in virtual time: the runtime mutex as a timeline of holds.
//
// In Go a mutex is one word, l.key: mutex_unlocked (0), mutex_locked (1) or mutex_sleeping
// (2: some thread may be asleep in futexsleep on it, so unlock must futexwakeup one).
// The simulator runs each M on its own virtual clock and executes a critical section
// atomically in processing order, so the word's value at one instant is not enough: an M
// processed later may arrive at the lock at an earlier virtual time. Each mutex therefore
// keeps the critical sections committed so far as a timeline of holds, and an acquirer
// replays lock()'s loop against it: its CAS succeeds at virtual time x iff no committed hold
// covers x and the next begins more than 4 mean holds later (freeAt; see Runtime::lock in
// lock_futex.cpp for the line-by-line port).
//
// Invariants:
//  - holds are sorted by claim; a hold takes the lock for others over [claim, rel), and
//    claim <= acq <= rel;
//  - holds released before min(the acquiring M's clock, the next kernel event) are pruned
//    (no M can arrive earlier than that); the M of the last pruned one survives as lastM;
//  - locked (the processing-order state) is true only inside a critical section, which
//    never spans two steps of its M (an M holding a lock does not park); then the lock has
//    a timeline, and its cur is the open hold (cur.m, the owner).
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "sim/histogram.h"
#include "sim/time.h"

namespace gotimers::rt {

// How an acquisition ended, after the furthest phase of lock() it went through.
enum class LockPhase : uint8_t { CAS = 0, ActiveSpin = 1, PassiveSpin = 2, FutexSleep = 3 };
inline constexpr int kLockPhases = 4;
const char* lockPhaseName(LockPhase ph);

// Counters of a registered lock (Runtime::lockStats), for the run summary and the metrics
// views, or of all unregistered locks together. Every release adds its hold
// time to holdTotal and holdMax (constant memory: a long run takes a lock millions of
// times); an acquisition that waited adds its wait to the histogram waits (CAS excluded).
struct LockStats {
  uint64_t acquisitions = 0;
  uint64_t contended = 0;  // acquisitions that did not get the lock by the first Xchg
  std::array<uint64_t, kLockPhases> byPhase{};
  uint64_t futexSleeps = 0;  // futexsleep calls (an acquisition may sleep more than once)
  uint64_t futexWakes = 0;   // futexwakeup calls by unlock (some wake nobody, as in Go)
  uint64_t overlaps = 0;     // holds that overlap an earlier-committed hold (see Runtime::lock)
  int64_t holdTotal = 0;
  int64_t holdMax = 0;
  uint64_t releases = 0;
  // every non-CAS wait (exact, in acquisition order, for short runs); allocated at the first
  sim::LazyHistogram waits;
  int64_t waitTotal() const { return waits.sum(); }  // saturating
  int64_t waitMax() const { return waits.max(); }
};

// One critical section on the timeline. From claim on the lock is taken for everyone else:
// claim = acq for a CAS that finds the lock free; for a waiter that was awake and spinning
// when the previous holder released it, claim is that release (its next check takes it).
struct LockHold {
  int32_t m = -1;             // the M that held it (-1: none, in tests)
  Time awake = 0;             // since when that M was in lock() and awake (not in futexsleep)
  Time claim = 0;             // taken for others from here
  Time acq = 0;               // the successful Xchg / Cas
  Time rel = maxWhen;         // unlock's Xchg(mutex_unlocked)
  bool sleepingKey = false;   // acquired with wait == mutex_sleeping: unlock sees it
  bool wakeDone = false;      // its unlock called futexwakeup (paid by its M)
  bool wakeConsumed = false;  // that futexwakeup has ended a futexsleep (or found none)
};

// An M asleep in futexsleep on the lock word, from the Xchg(mutex_sleeping) to its wake-up.
struct LockSleep {
  int32_t m = -1;
  Time from = 0;
  Time until = 0;
};

struct mutex;

// A lock's timeline while some M may still meet it (the holds and futex sleeps not yet
// pruned) or it is held (cur). Most locks are quiet most of the time (a go1.23 timer's t.mu,
// a channel's lock), so the timeline is not part of the lock: a lock draws one from its
// Runtime's LockTimelines when it is taken and gives it back once every hold and sleep on it
// is history (LockTimelines::sweep).
struct LockTimeline {
  mutex* owner = nullptr;  // the lock it belongs to; nullptr once that lock is gone
  bool locked = false;     // an M is between lock and unlock (processing order)
  LockHold cur;            // the open hold while locked
  std::vector<LockHold> holds;
  std::vector<LockSleep> sleeps;
};

// What an unregistered lock is (messages name it by this); a registered lock's name is its
// Runtime's (Runtime::lockName).
enum class LockKind : uint8_t { Unnamed, Chan, TimerMu, TimerSendLock };

// In Go a mutex is one word. Here a lock keeps what every lock needs for the replay (its mean
// hold, the M whose release was pruned last) and borrows the rest: the timeline while it is
// in use (the holds, and whether and by whom it is held), its counters from the Runtime
// (Runtime::lockStats: a registered lock's own, every other lock's added to one tally), and
// its name (Runtime::lockName: a registered lock's from the Runtime, any other's from its
// kind), so that a go1.23 timer's t.mu or a channel's lock costs 24 bytes (issue 22's bytes
// per live timer; 240 before the timeline was borrowed, 56 before it kept the holder, 32
// before the name went).
struct mutex {
  mutex() = default;
  explicit mutex(LockKind k) { setKind(k); }
  ~mutex();
  mutex(const mutex&) = delete;
  mutex& operator=(const mutex&) = delete;

  LockTimeline* tl = nullptr;  // see LockTimeline; nullptr when none is needed
  // every release's hold time and every acquisition, for meanHold (freeAt); past 2^30
  // acquisitions both are halved (the mean stays; an exact count is the Runtime's LockStats)
  int64_t holdTotal = 0;
  uint32_t acquisitions : 30 = 0;
  uint32_t kind : 2 = 0;  // a LockKind: what an unregistered lock is called
  int16_t id = -1;        // registered: the index in Runtime::locks()
  int16_t lastM = -1;     // the M of the latest pruned hold (an M id is below kMaxMCount)

  void setKind(LockKind k) { kind = static_cast<uint32_t>(k) & 3; }

  // Processing-order state: an M is between lock and unlock (read-only for checks), and which.
  bool locked() const { return tl && tl->locked; }
  int32_t owner() const { return locked() ? tl->cur.m : -1; }
  int64_t meanHold() const {
    return acquisitions ? holdTotal / static_cast<int64_t>(acquisitions) : 0;
  }
  void countAcquisition() {
    if (acquisitions == (1u << 30) - 1) {
      acquisitions /= 2;
      holdTotal /= 2;
    }
    acquisitions++;
  }

  // The committed hold covering x (claim <= x < rel), or nullptr if the lock is free at x.
  const LockHold* holderAt(Time x) const;
  // Whether an Xchg at x takes the lock: no committed hold covers x, and the gap before the
  // next committed claim is longer than 4 mean holds. A hold that started in a shorter gap in
  // an M's virtual past would likely run into the next hold (an overlap in virtual time), so
  // the later-processed M loses that race instead (see Runtime::lock).
  bool freeAt(Time x) const;
  // lock_futex.go key as the Xchg at x would see it: mutex_sleeping if the hold covering x
  // was taken with wait == mutex_sleeping or an M is asleep on the word at x.
  bool sleepingAt(Time x) const;
  // The M whose hold ended last at or before x (its cache has the line), -1 if none.
  int32_t lastHolderBefore(Time x) const;
  // How many Ms other than m were on the lock word's cache line (awake in lock() or holding
  // it) at some time in [from, to], by the holds committed so far.
  int contenders(int32_t m, Time from, Time to) const;
  // Drops holds and sleeps that ended before now.
  void prune(Time now);
  // Inserts a finished hold at its place (sorted by claim) on the timeline (which the lock
  // must have: LockTimelines::attach); returns true if it overlaps one.
  bool commit(const LockHold& h);
  // The committed holds, sorted by claim (empty without a timeline).
  std::span<const LockHold> holds() const {
    return tl ? std::span<const LockHold>(tl->holds) : std::span<const LockHold>();
  }
};
static_assert(sizeof(mutex) <= 24, "issue 22's bytes per live timer and channel");

// The timelines of a Runtime's locks: those lent out, and a free list to lend from.
// Invariant: every lent timeline is in used_ and is lent to its owner (owner->tl == it) or
// to nobody (owner == nullptr: the lock was destroyed; returned at the next sweep).
class LockTimelines {
 public:
  LockTimelines() = default;
  ~LockTimelines();  // detaches the locks still holding one
  LockTimelines(const LockTimelines&) = delete;
  LockTimelines& operator=(const LockTimelines&) = delete;
  // l's timeline, lending it one if it has none.
  LockTimeline& attach(mutex& l);
  // Takes back, when enough have been lent since the last sweep (amortised constant time
  // per lock()), the timelines no lock needs: their lock is gone, or it is free and every
  // hold and sleep on it ended before horizon (pruned: no M reaches any lock earlier than
  // horizon, see Runtime::lock).
  void sweep(Time horizon) {
    if (used_.size() >= sweepAt_) sweepNow(horizon);
  }
  size_t lent() const { return used_.size(); }
  // Tests: sweep whenever n timelines are lent (0: at every lock(); SIZE_MAX: never) instead
  // of at 64 and then at twice what the last sweep kept.
  void fixSweepAt(size_t n) {
    fixedSweepAt_ = n;
    sweepAt_ = n;
  }

 private:
  void sweepNow(Time horizon);

  std::vector<LockTimeline*> used_;
  std::vector<LockTimeline*> free_;
  size_t sweepAt_ = 64;
  std::optional<size_t> fixedSweepAt_;
};

}  // namespace gotimers::rt

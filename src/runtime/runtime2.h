// The data structures of the simulated Go machine, named after runtime/runtime2.go.
//
// g, m, p and schedt keep only the fields the timer eras and the scheduler paths they use
// read or write; each field carries Go's name. Invariants (as in Go):
//  - an M runs at most one G (curg) and holds at most one P; a P is held by at most one M;
//  - a runnable G is in exactly one run queue (a P's runnext/runq or sched.runq);
//  - sched.npidle == pidle.size(), sched.nmidle == midle.size().
#pragma once
#include <array>
#include <coroutine>
#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "runtime/lock_futex.h"
#include "runtime/ref.h"
#include "runtime/task.h"
#include "runtime/timer_kind.h"
#include "runtime/value.h"
#include "sim/fiber.h"
#include "sim/kernel.h"
#include "sim/time.h"

namespace gotimers::rt {

class Runtime;
struct g;
struct m;
struct p;

// lock_futex.go note: a one-shot wakeup for one sleeping M.
struct note {
  uint32_t key = 0;
  m* sleeper = nullptr;
};

// runtime.timer: the fields every era's Go timer has (when, period, f, arg, seq; Go's
// runtimeTimer in package time mirrors them), plus the simulator's id and argHeld. Each era
// extends it in its own folder, as its Go version's struct adds its own fields, and
// allocates every timer it is given (TimerBackend::allocTimer, newTimer):
//   go1.9:  i                      indexedTimer (eras/timer_heap.h: the heap index)
//   go1.13: tb, i                  timer113 (eras/go1_13/go1_13.h)
//   go1.14: pp, nextwhen, status   timer114 (eras/go1_14/go1_14.h)
//   go1.23: mu, astate, state, isChan, blocked, ts, sendLock (and g::sleepWhen)
//                                  timer123 (eras/go1_23/go1_23.h)
// Code outside eras/ reads only these common fields; reports get the era's fields as text
// (TimerBackend::timerFields) or through the era's header.
// f(arg, seq, delay): delay = now - t.when is Go 1.23's third argument (time.go@go1.23rc1:
// "package time subtracts it out to make it look like the send happened earlier"); the eras
// before 1.23 call f(arg, seq) and pass 0.
using TimerFunc = void (*)(Runtime& rt, void* arg, uint64_t seq, int64_t delay);

// Live timer objects on this thread (the memory budget counts them).
inline thread_local int64_t tlsTimerObjects = 0;

struct timer : RefCounted {
  ~timer() override {
    releaseArg();
    tlsTimerObjects--;
  }
  timer(const timer&) = delete;
  timer& operator=(const timer&) = delete;
  // Layout: id fills RefCounted's tail padding and kind ends the struct, so that an era's
  // first small fields (indexedTimer::i, timer114::pp/status) fill this one's: 8 bytes
  // less per timer on every era (issue 22's bytes per live timer).
  uint32_t id = 0;  // simulator: stable id for traces
  int64_t when = 0;
  int64_t period = 0;
  TimerFunc f = nullptr;
  void* arg = nullptr;
  uint64_t seq = 0;
  TimerKind kind : 7 = TimerKind::Other;  // simulator: what package time made it for (summary)
  // arg is an object this timer keeps alive (holds a reference on), as Go's GC would through
  // t.arg: a channel, AfterFunc's func. (Not a Ref beside arg: 8 bytes less per timer.)
  bool argHeld : 1 = false;

  // The object arg keeps alive, nullptr if none.
  RefCounted* argRef() const { return argHeld ? static_cast<RefCounted*>(arg) : nullptr; }
  // t.arg = a, keeping it alive through ref (a itself, as a RefCounted) unless ref is null.
  void setArg(void* a, RefCounted* ref = nullptr) {
    // argRef() casts arg back to ref: the two must be one address
    if (ref && static_cast<void*>(ref) != a) throw std::logic_error("timer: arg is not its ref");
    if (ref) ref->retain();  // first: ref may be the object released below
    releaseArg();
    arg = a;
    argHeld = ref != nullptr;
  }
  // t.arg = a where a may be t.arg already (modtimer's f and arg, which package time passes
  // back unchanged): keeps what it keeps alive, unless a is another object.
  void replaceArg(void* a) {
    if (a != arg) setArg(a);
  }
  // Starts keeping t.arg (ref, the same object) alive, or stops.
  void holdArg(RefCounted* ref) { setArg(arg, ref); }
  void releaseArg() {
    if (!argHeld) return;
    argHeld = false;
    static_cast<RefCounted*>(arg)->release();
  }

 protected:
  timer() { tlsTimerObjects++; }  // only as an era's subclass (TimerBackend::allocTimer)
};

// A G's body is a coroutine; these say why it last suspended.
// Preempt: sysmon's retake asked the G to stop (go1.14+ async preemption, modelled in work).
enum class GAction : uint8_t { None, Yield, Park, Syscall, Exit, Preempt };
enum class Gstatus : uint8_t { Idle, Runnable, Running, Syscall, Waiting, Dead };

struct sudog;

// sched.maxmcount: Go's limit on threads (proc.go: 10000; debug.SetMaxThreads is not
// modelled). newm throws "thread exhaustion" past it, so an M id fits an int16_t.
constexpr int kMaxMCount = 10000;

// Memory: the small fields share one word and the creator is a goid, so that a g is 176
// bytes (issue 22's bytes per parked goroutine).
struct g {
  int64_t goid = 0;
  Gstatus status = Gstatus::Idle;
  GAction action = GAction::None;
  bool system = false;      // timerproc etc.: not counted by checkdead or the leak report
  bool preempt = false;     // gp.preempt: sysmon's preemptone marked it (cleared by execute)
  uint32_t selectDone = 0;  // select.go
  const char* waitreason = "";
  Task<void> body;
  std::coroutine_handle<> resume;
  m* mp = nullptr;
  Ref<timer> sleeptimer;      // gp.timer: the cached Sleep timer (CL 37162, go1.9)
  int64_t sleepWhen = 0;      // gp.sleepWhen (go1.23: timeSleep's deadline, resetForSleep's)
  mutex* waitlock = nullptr;  // goparkunlock's lock, released after parking
  // gopark's unlockf(gp, arg), run by park_m on g0 after the G is parked (go1.14+
  // resetForSleep); if it returns false the G is made runnable again at once.
  bool (*waitunlockf)(Runtime& rt, g* gp, void* arg) = nullptr;
  void* waitunlockarg = nullptr;
  // chan.go / select.go
  sudog* param = nullptr;
  std::vector<sudog*> waiting;
  // diagnostics
  int64_t createdBy = 0;  // the goid whose go statement made it (0: the runtime)
  std::string label;
  Time waitsince = 0;
  int64_t parkCount = 0;
};

enum class Pstatus : uint8_t { Pidle, Prunning, Psyscall, Pdead };

struct p {
  int32_t id = 0;
  Pstatus status = Pstatus::Pidle;
  m* mp = nullptr;
  uint32_t schedtick = 0;
  uint32_t syscalltick = 0;
  // runq: a 256-slot ring as in Go; runqput spills half to the global queue when full.
  static constexpr uint32_t kRunqSize = 256;
  std::array<g*, kRunqSize> runq{};
  uint32_t runqhead = 0;
  uint32_t runqtail = 0;
  g* runnext = nullptr;
  // sysmontick (proc.go retake): the schedtick sysmon last saw and when it saw it change.
  uint32_t sysmonSchedtick = 0;
  int64_t sysmonSchedwhen = 0;
  bool runqempty() const { return runqhead == runqtail && runnext == nullptr; }
  uint32_t runqsize() const { return runqtail - runqhead; }
};

// What an M is doing between steps.
enum class MState : uint8_t {
  Start,         // newm: thread being created
  Schedule,      // on g0 in schedule()
  RunG,          // running curg
  StopmSleep,    // stopm: notesleep(&m.park)
  SyscallSleep,  // notetsleepg on behalf of curg
  NetpollSleep,  // blocked in netpoll(until) (go1.14+)
  Dead,
  Sysmon,  // the sysmon thread between two of its loop iterations (go1.14+ model)
};

struct m : sim::Actor {
  int32_t id = 0;
  Runtime* rt = nullptr;
  p* pp = nullptr;     // attached P
  p* nextp = nullptr;  // P handed over by startm
  g* curg = nullptr;
  bool spinning = false;
  Time clock = 0;    // this thread's virtual clock
  int64_t debt = 0;  // deferred charges (a futexwakeup this M owes from an unlock)
  double speed = 1;  // the noise model: this thread's pace in its current time slice
  // its latest wait inside lock() (spinning on PAUSE or asleep): not computing then
  Time lockWaitFrom = 0, lockWaitTo = 0;
  // while parked inside lock() after a futex sleep: when that lock() began (its wait, which
  // the acquisition event will report, started then); maxWhen otherwise
  Time inLockSince = maxWhen;
  // Written only through Runtime::setMState, which keeps the count of computing Ms
  // (cpu_share.cpp) up to date.
  MState state() const { return state_; }
  // Runtime::cpuShared's watch lists: on lockWaiters_ / recentSleepers_ (at most once each)
  bool cpuLockWatch = false, cpuSleepWatch = false;
  note park;
  note* sleepnote = nullptr;  // notetsleepg: the note being slept on
  Time sleepDeadline = 0;     // notetsleepg / netpoll: timeout
  bool wokenByNote = false;
  int64_t sleeps = 0;
  bool sysmon = false;              // the sysmon M (sched.nmsys): no P, never idle
  bool netpollWasSpinning = false;  // findrunnable's wasSpinning across a netpoll block
  bool netpollBroken = false;       // a netpollBreak already scheduled this M's wake-up
  int64_t netpollWaitms = 0;        // the epoll timeout of the current netpoll block
  // The M's steps run on its own fiber (Runtime::mBody), so that lock() can stop one in the
  // middle until the M is the earliest again (Runtime::syncBeforeLock).
  std::unique_ptr<sim::Fiber> fiber;
  Time stepAt = 0;            // the kernel time of the step being run
  std::exception_ptr stepEx;  // thrown by the step on the fiber; step() rethrows it
  int32_t locks = 0;          // runtime mutexes held (Go's m.locks also counts other things)
  bool parked = false;        // stopped in syncBeforeLock, waiting for its turn
  bool unwinding = false;     // the run is over: a parked step unwinds (UnwindM), then ends
  void step(Time t) override;

 private:
  friend class Runtime;
  MState state_ = MState::Dead;  // until Runtime::setMState gives a new M its first state
};

struct schedt {
  mutex lock;
  std::deque<g*> runq;    // global run queue
  std::vector<p*> pidle;  // idle Ps (LIFO, like Go's linked list)
  std::vector<m*> midle;  // idle Ms (LIFO)
  uint32_t nmspinning = 0;
  int64_t lastpoll = 0;  // 0 while an M is blocked in netpoll
  int64_t pollUntil = 0;
  m* netpollM = nullptr;             // the M blocked in netpoll (sched.lastpoll == 0), if any
  bool netpollWakeSig = false;       // netpoll_epoll.go@go1.15+: a break is already pending
  bool netpollBreakPending = false;  // eventfd written while nobody was in epoll_wait
  bool sysmonwait = false;
  int64_t goidgen = 0;
  uint32_t npidle() const { return static_cast<uint32_t>(pidle.size()); }
};

// chan.go sudog: a G waiting on a channel, linked into the channel's recvq or sendq. It
// lives where the waiting code keeps it (chanrecv's frame, chansend's, selectgo's list), as
// Go's sudog is taken from a cache and returned when the wait ends.
struct sudog {
  g* gp = nullptr;
  sudog* next = nullptr;  // waitq links (nil once dequeued: see waitq::dequeueSudoG)
  sudog* prev = nullptr;
  Value* elem = nullptr;
  struct hchan* c = nullptr;
  bool isSelect = false;
  bool success = false;
  int caseIndex = -1;
};

// chan.go waitq: a list of sudogs, linked through their next and prev. enqueue appends;
// dequeue takes the first whose goroutine is still free to take it (a select's sudog whose
// goroutine another case has already won is dropped); dequeueSudoG (select.go) unlinks one
// that may or may not still be on the list.
struct waitq {
  sudog* first = nullptr;
  sudog* last = nullptr;
  void enqueue(sudog* sgp);
  sudog* dequeue();
  void dequeueSudoG(sudog* sgp);
  bool empty() const { return first == nullptr; }
  // How many sudogs are linked (a walk; tests and reports).
  size_t size() const {
    size_t n = 0;
    for (const sudog* s = first; s; s = s->next)
      n++;
    return n;
  }
};

// Bytes of the channels of this thread: each hchan and its buffer's slots (the memory budget
// counts them).
inline thread_local int64_t tlsChanBytes = 0;

// Bytes of the Go program's own values made on this thread (the VM's variables, slices'
// backing arrays, strings, maps, closures: src/program/value.h), kept by the layer that makes
// them, so that the memory budget sees `for { s = append(s, 1) }` grow.
inline thread_local int64_t tlsProgramBytes = 0;

// chan.go hchan, with Go's fields and names: qcount values in a circular queue of dataqsiz
// slots, sent at sendx and received at recvx; the waiting receivers and senders; the lock
// that protects them all.
// Invariants (with lock held): qcount <= dataqsiz; recvq non-empty implies qcount == 0;
// sendq non-empty implies qcount == dataqsiz; the queued values are buf[recvx], buf[recvx+1],
// ... (mod buf.size()), and sendx is where the next one goes.
// Simulator: Go allocates the buffer's dataqsiz elements at makechan; here buf grows as it
// fills (doubling, up to dataqsiz), so that make(chan T, 1<<30) costs what it holds.
struct hchan : RefCounted {
  hchan() { tlsChanBytes += static_cast<int64_t>(sizeof(hchan)); }
  ~hchan() override {
    tlsChanBytes -= static_cast<int64_t>(sizeof(hchan) + buf.capacity() * sizeof(Value));
  }
  hchan(const hchan&) = delete;
  hchan& operator=(const hchan&) = delete;
  uint32_t id = 0;        // simulator: stable id for traces (fills RefCounted's tail padding)
  uint32_t qcount = 0;    // total data in the queue
  uint32_t dataqsiz = 0;  // size of the circular queue
  uint32_t sendx = 0;     // send index
  uint32_t recvx = 0;     // receive index
  bool closed = false;
  bool isTimerChan = false;  // made by NewTimer/NewTicker (for traces)
  std::vector<Value> buf;    // the circular queue's slots (see above)
  waitq recvq;               // list of recv waiters
  waitq sendq;               // list of send waiters
  mutex lock;
  // chan.go@go1.23rc1 hchan.timer: the timer feeding this chan (go1.23 with asynctimerchan=0
  // or 2; nil otherwise, and in every older era). Receives, select, len and cap call into it
  // (maybeRunChan, blockTimerChan, unblockTimerChan). A strong reference: as in Go, a
  // reachable channel keeps its timer alive, and the timer keeps the channel alive only
  // while it is in a heap (the GC model, docs/eras.md).
  Ref<::gotimers::rt::timer> timer;
};

}  // namespace gotimers::rt

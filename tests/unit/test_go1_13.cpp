// The go1.13 era (runtime/time.go@go1.13): per-P buckets, lock of the recorded bucket on
// Stop, P ids sharing a bucket past 64, the go1.12 "wake timerproc only if earlier" rule,
// lazy timerproc start, Reset migrating a timer, modtimer staying in its bucket.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <stdexcept>
#include <vector>

#include "eras/go1_13/go1_13.h"
#include "go/program.h"
#include "go/time.h"
#include "trace/event.h"

using namespace gotimers::go;
namespace rt = gotimers::rt;
using gotimers::eras::Go113;

namespace {

// A go1.13 timer's own fields (eras/go1_13/go1_13.h): every timer of the era is a timer113.
const gotimers::eras::timer113* T113(const rt::timer* t) {
  const auto* x = dynamic_cast<const gotimers::eras::timer113*>(t);
  if (x == nullptr) throw std::logic_error("not a go1.13 timer");
  return x;
}
const gotimers::eras::timer113* T113(const rt::Ref<rt::timer>& t) {
  return T113(t.get());
}

const Go113& era113() {
  // (doctest's REQUIRE must not throw through simulated goroutines: a GoThrow ends the run.)
  const auto* e = dynamic_cast<const Go113*>(&RT().era());
  if (!e) throw rt::GoThrow("not the go1.13 era");
  return *e;
}

int curP() {
  return RT().curp()->id;
}

const rt::mutex& lockNamed(const std::string& name) {
  for (const rt::mutex* l : RT().locks()) {
    if (RT().lockName(*l) == name) return *l;
  }
  throw rt::GoThrow("no lock named " + name);
}

uint64_t acquisitions(const std::string& name) {
  return RT().lockStats(lockNamed(name)).acquisitions;
}

bool inBucket(int b, const rt::timer* t) {
  const auto& items = era113().bucket(b).t.items();
  return std::find(items.begin(), items.end(), t) != items.end();
}

// Busy-waits (keeping its P) until *flag is set.
Task<void> waitFor(const bool* flag) {
  while (!*flag)
    co_await Work(10 * time::Microsecond);
}

// Starts one goroutine per P; each first works `settle`, so that every P ends up running exactly
// one of them (the main goroutine is parked meanwhile), then runs role(id of its P).
// Returns when all are done; requires that they landed on distinct Ps.
Task<void> onEveryP(int n, std::function<Task<void>(int)> role,
                    int64_t settle = 1 * time::Millisecond) {
  WaitGroup wg;
  std::vector<int> pids;
  for (int k = 0; k < n; k++) {
    co_await wg.Add(1);
    co_await Go(
        [](std::function<Task<void>(int)>* f, WaitGroup* w, std::vector<int>* ps,
           int64_t busy) -> Task<void> {
          // Busy CPU for `busy` in one slice: Work(busy) would yield at every other M's
          // clock, and with dozens of Ms all busy that costs one event per M per ns.
          RT().charge(busy);
          co_await RT().checkpoint();
          int pid = curP();
          ps->push_back(pid);
          co_await (*f)(pid);
          co_await w->Done();
        }(&role, &wg, &pids, settle),
        fmt::format("worker{}", k));
  }
  co_await wg.Wait();
  std::sort(pids.begin(), pids.end());
  std::vector<int> want(static_cast<size_t>(n));
  for (int i = 0; i < n; i++)
    want[static_cast<size_t>(i)] = i;
  if (pids != want) {
    std::string got;
    for (int p : pids)
      got += fmt::format(" {}", p);
    throw rt::GoThrow("workers did not land on distinct Ps:" + got);
  }
}

ProgramOptions opts(const std::string& era, int procs) {
  ProgramOptions o;
  o.era = era;
  o.config.gomaxprocs = procs;
  return o;
}

int countProcWakes(const gotimers::trace::MemorySink& s, int bucket, bool byNote) {
  int n = 0;
  for (const auto& e : s.events) {
    if (e.kind == gotimers::trace::Kind::ProcWake && e.a[0] == bucket && (e.a[2] == 0) == byNote) {
      n++;
    }
  }
  return n;
}

}  // namespace

TEST_CASE("go1.13 is registered with goMinor 13 and 64 buckets") {
  auto res = runProgram(opts("go1.13", 1), []() -> Task<void> {
    CHECK(RT().era().name() == "go1.13");
    CHECK(RT().era().goMinor() == 13);
    CHECK(Go113::timersLen == 64);
    for (int i = 0; i < Go113::timersLen; i++)
      CHECK(era113().bucket(i).index == i);
    (void)lockNamed("timers[0].lock");
    (void)lockNamed("timers[63].lock");
    co_return;
  });
  CHECK(res.run.kind == rt::ExitKind::Normal);
  CHECK(res.eraName == "go1.13");
}

TEST_CASE("go1.13: a timer added on P3 lands in bucket 3; Stop on P0 takes bucket 3's lock") {
  struct St {
    time::TimerPtr t;
    bool added = false;
    bool stopped = false;
  } st;
  auto res = runProgram(opts("go1.13", 4), [&st]() -> Task<void> {
    co_await onEveryP(4, [&st](int pid) -> Task<void> {
      if (pid == 3) {
        st.t = co_await time::NewTimer(time::Hour);
        CHECK(T113(st.t->r)->tb == 3);
        CHECK(inBucket(3, st.t->r.get()));
        for (int b = 0; b < Go113::timersLen; b++) {
          if (b != 3) CHECK_FALSE(inBucket(b, st.t->r.get()));
        }
        st.added = true;
        co_await waitFor(&st.stopped);
      } else if (pid == 0) {
        co_await waitFor(&st.added);
        uint64_t b3 = acquisitions("timers[3].lock");
        uint64_t b0 = acquisitions("timers[0].lock");
        auto stop = st.t->Stop();  // deltimer runs here, synchronously
        CHECK(acquisitions("timers[3].lock") == b3 + 1);
        CHECK(acquisitions("timers[0].lock") == b0);  // not the current P's bucket
        CHECK(co_await stop);
        CHECK_FALSE(inBucket(3, st.t->r.get()));
        CHECK(T113(st.t->r)->tb == 3);  // deltimer leaves t.tb as it was
        st.stopped = true;
      }
    });
    RT().era().checkInvariants();
  });
  INFO(res.run.report);
  CHECK(res.run.kind == rt::ExitKind::Normal);
  CHECK(st.added);
  CHECK(st.stopped);
}

TEST_CASE("go1.13: with GOMAXPROCS 66, P65 and P1 share bucket 1, P64 uses bucket 0") {
  int added = 0;
  auto res = runProgram(opts("go1.13", 66), [&added]() -> Task<void> {
    std::vector<time::TimerPtr> keep;
    co_await onEveryP(
        66,
        [&](int pid) -> Task<void> {
          if (pid == 1 || pid == 65 || pid == 64) {
            auto t = co_await time::NewTimer(time::Hour);
            CHECK(T113(t->r)->tb == pid % 64);
            CHECK(inBucket(pid % 64, t->r.get()));
            keep.push_back(t);
            added++;
          }
        },
        20 * time::Millisecond);
    CHECK(era113().bucket(1).t.size() == 2);
    CHECK(era113().bucket(0).t.size() == 1);
    auto hs = RT().era().heaps();
    size_t timers = 0;
    for (const auto& h : hs) {
      timers += h.t.size();
      if (h.name == "bucket 1") CHECK(h.t.size() == 2);
    }
    CHECK(timers == 3);
    CHECK(RT().era().liveTimers() == 3);
    RT().era().checkInvariants();
    for (auto& t : keep)
      CHECK(co_await t->Stop());
  });
  INFO(res.run.report);
  CHECK(res.run.kind == rt::ExitKind::Normal);
  CHECK(added == 3);
}

// The go1.12 rule (CL 146337): addtimerLocked wakes a sleeping timerproc only if the new
// root is earlier than its sleepUntil. The timerproc of the main goroutine's bucket sleeps
// until A.when; A is stopped (deltimer never wakes timerproc); then B becomes the root with
// B.when earlier (case 0) or later (case 1) than sleepUntil.
TEST_CASE("go1.13 wakes a sleeping timerproc only for a root earlier than sleepUntil") {
  for (const char* era : {"go1.13", "go1.9"}) {
    for (int later = 0; later <= 1; later++) {
      CAPTURE(era);
      CAPTURE(later);
      gotimers::trace::MemorySink sink;
      ProgramOptions o = opts(era, 2);
      o.sink = &sink;
      int bucket = -1;
      bool woke = false;
      auto res = runProgram(o, [&]() -> Task<void> {
        bool is113 = RT().era().goMinor() == 13;
        bucket = is113 ? curP() : 0;
        auto a = co_await time::NewTimer(100 * time::Millisecond);
        co_await Work(1 * time::Millisecond);  // the timerproc runs on the other P and sleeps
        if (is113) {
          const auto& tb = era113().bucket(bucket);
          CHECK(tb.sleeping);
          CHECK(tb.sleepUntil == a->r->when);
          CHECK(tb.waitnote.key == 0);
        }
        CHECK(co_await a->Stop());
        auto b = co_await time::NewTimer(later ? 200 * time::Millisecond : 50 * time::Millisecond);
        if (is113) {
          const auto& tb = era113().bucket(bucket);
          CHECK(T113(b->r)->i == 0);  // b is the new root
          CHECK(tb.sleeping == bool(later));
          CHECK(tb.waitnote.key == (later ? 0U : 1U));
        }
        (void)co_await b->C.Recv();
        woke = true;
      });
      INFO(res.run.report);
      CHECK(res.run.kind == rt::ExitKind::Normal);
      CHECK(woke);
      bool expectNote = std::string(era) == "go1.9" || !later;
      CHECK(countProcWakes(sink, bucket, /*byNote=*/true) == (expectNote ? 1 : 0));
      // Without the notewakeup the timerproc wakes by timeout at A's old deadline instead.
      CHECK(countProcWakes(sink, bucket, /*byNote=*/false) == (expectNote ? 1 : 2));
      CHECK(res.metrics.timerprocWakeups == 2);
    }
  }
}

TEST_CASE("go1.13: a timerproc is started lazily, only in buckets that got a timer") {
  auto res = runProgram(opts("go1.13", 4), []() -> Task<void> {
    int b = curP();
    for (int i = 0; i < Go113::timersLen; i++) {
      CHECK_FALSE(era113().bucket(i).created);
      CHECK(era113().bucket(i).gp == nullptr);
    }
    CHECK(RT().era().heaps().empty());
    auto t1 = co_await time::NewTimer(time::Hour);
    auto t2 = co_await time::NewTimer(2 * time::Hour);
    co_await time::Sleep(1 * time::Millisecond);  // lets the timerproc run; same bucket if same P
    CHECK(co_await t1->Stop());
    CHECK(co_await t2->Stop());
    int createdBuckets = 0;
    for (int i = 0; i < Go113::timersLen; i++) {
      if (era113().bucket(i).created) createdBuckets++;
    }
    CHECK(era113().bucket(b).created);
    CHECK(era113().bucket(b).gp != nullptr);
    CHECK(createdBuckets == (T113(RT().curg()->sleeptimer)->tb == b ? 1 : 2));
    CHECK(static_cast<int>(RT().era().heaps().size()) == createdBuckets);
  });
  INFO(res.run.report);
  CHECK(res.run.kind == rt::ExitKind::Normal);
  CHECK(res.metrics.goroutinesCreated == 1 + 1);  // main + one timerproc
}

TEST_CASE("go1.13: only one timerproc per bucket, and none for buckets never used") {
  int created = 0;
  auto res = runProgram(opts("go1.13", 4), [&created]() -> Task<void> {
    std::vector<time::TimerPtr> keep;
    co_await onEveryP(4, [&](int pid) -> Task<void> {
      if (pid == 1 || pid == 2) {
        for (int i = 0; i < 3; i++)
          keep.push_back(co_await time::NewTimer((3 - i) * time::Hour));  // 3 new roots
      }
    });
    for (int i = 0; i < Go113::timersLen; i++) {
      if (era113().bucket(i).created) created++;
    }
    CHECK(era113().bucket(1).created);
    CHECK(era113().bucket(2).created);
    CHECK_FALSE(era113().bucket(0).created);
    CHECK_FALSE(era113().bucket(3).created);
    for (auto& t : keep)
      CHECK(co_await t->Stop());
  });
  INFO(res.run.report);
  CHECK(res.run.kind == rt::ExitKind::Normal);
  CHECK(created == 2);
  // One goroutine per timerproc: 4 workers + 2 timerprocs.
  CHECK(res.metrics.goroutinesCreated == 1 + 4 + 2);
}

TEST_CASE("go1.13: Reset from another P moves the timer to the resetting P's bucket") {
  struct St {
    time::TimerPtr t;
    bool added = false;
    bool reset = false;
  } st;
  auto res = runProgram(opts("go1.13", 4), [&st]() -> Task<void> {
    co_await onEveryP(4, [&st](int pid) -> Task<void> {
      if (pid == 3) {
        st.t = co_await time::NewTimer(time::Hour);
        CHECK(T113(st.t->r)->tb == 3);
        st.added = true;
        co_await waitFor(&st.reset);
      } else if (pid == 1) {
        co_await waitFor(&st.added);
        uint64_t b3 = acquisitions("timers[3].lock");
        uint64_t b1 = acquisitions("timers[1].lock");
        auto r = st.t->Reset(2 * time::Hour);  // stopTimer (bucket 3) + startTimer (bucket 1)
        CHECK(acquisitions("timers[3].lock") == b3 + 1);
        CHECK(acquisitions("timers[1].lock") == b1 + 1);
        CHECK(co_await r);  // it was active
        CHECK(T113(st.t->r)->tb == 1);
        CHECK(inBucket(1, st.t->r.get()));
        CHECK_FALSE(inBucket(3, st.t->r.get()));
        CHECK(era113().bucket(1).created);  // the move started bucket 1's timerproc
        RT().era().checkInvariants();
        CHECK(co_await st.t->Stop());
        CHECK_FALSE(co_await st.t->Reset(time::Hour));  // stopped: inactive, re-added here
        CHECK(T113(st.t->r)->tb == 1);
        CHECK(co_await st.t->Stop());
        st.reset = true;
      }
    });
  });
  INFO(res.run.report);
  CHECK(res.run.kind == rt::ExitKind::Normal);
  CHECK(st.reset);
}

TEST_CASE("go1.13: Stop and Reset return what they return in go1.9") {
  auto prog = []() -> Task<void> {
    auto t = co_await time::NewTimer(10 * time::Millisecond);
    bool s1 = co_await t->Stop();
    bool s2 = co_await t->Stop();
    bool r1 = co_await t->Reset(10 * time::Millisecond);
    bool r2 = co_await t->Reset(5 * time::Millisecond);
    (void)co_await t->C.Recv();
    bool s3 = co_await t->Stop();
    bool r3 = co_await t->Reset(time::Hour);
    bool s4 = co_await t->Stop();
    auto f = co_await time::AfterFunc(time::Millisecond, []() -> Task<void> { co_return; });
    co_await time::Sleep(2 * time::Millisecond);
    bool s5 = co_await f->Stop();
    time::Ticker hand(Make<Time>(1));  // Ticker{C: c}: t.tb == nil (Issue 21874)
    co_await hand.Stop();
    co_await Println(fmt::format("{} {} {} {} {} {} {} {}", s1, s2, r1, r2, s3, r3, s4, s5));
  };
  auto r9 = runProgram(opts("go1.9", 2), prog);
  auto r13 = runProgram(opts("go1.13", 2), prog);
  INFO(r13.run.report);
  CHECK(r9.run.kind == rt::ExitKind::Normal);
  CHECK(r13.run.kind == rt::ExitKind::Normal);
  CHECK(r13.output == "true false false true false false true false\n");
  CHECK(r13.output == r9.output);
}

TEST_CASE("go1.13: stopping a Ticker{C: c} takes no lock (Issue 21874)") {
  auto res = runProgram(opts("go1.13", 1), []() -> Task<void> {
    time::Ticker hand(Make<Time>(1));
    CHECK(T113(hand.r)->tb == -1);
    uint64_t before = 0;
    for (const rt::mutex* l : RT().locks())
      before += RT().lockStats(*l).acquisitions;
    RT().era().deltimer(hand.r.get());
    uint64_t after = 0;
    for (const rt::mutex* l : RT().locks())
      after += RT().lockStats(*l).acquisitions;
    CHECK(after == before);
    co_return;
  });
  INFO(res.run.report);
  CHECK(res.run.kind == rt::ExitKind::Normal);
}

TEST_CASE("go1.13: Sleep uses the sleeping goroutine's P bucket, resetting the cached t.tb") {
  int done = 0;
  auto res = runProgram(opts("go1.13", 4), [&done]() -> Task<void> {
    co_await onEveryP(4, [&done](int pid) -> Task<void> {
      if (pid == 2) {
        rt::g* gp = RT().curg();
        co_await time::Sleep(time::Millisecond);
        if (!gp->sleeptimer) throw rt::GoThrow("no sleep timer");
        CHECK(T113(gp->sleeptimer)->tb == 2);
        CHECK(T113(gp->sleeptimer)->i == -1);  // fired and removed
        CHECK(era113().bucket(2).created);
        done++;
      }
    });
  });
  INFO(res.run.report);
  CHECK(res.run.kind == rt::ExitKind::Normal);
  CHECK(done == 1);
}

TEST_CASE("go1.13: modtimer (go1.12 CL 146339) re-adds under t.tb's lock, in the same bucket") {
  struct St {
    time::TimerPtr t;
    bool added = false;
    bool modded = false;
  } st;
  auto res = runProgram(opts("go1.13", 4), [&st]() -> Task<void> {
    co_await onEveryP(4, [&st](int pid) -> Task<void> {
      if (pid == 3) {
        st.t = co_await time::NewTimer(time::Hour);
        st.added = true;
        co_await waitFor(&st.modded);
      } else if (pid == 1) {
        co_await waitFor(&st.added);
        rt::timer* t = st.t->r.get();
        uint64_t b3 = acquisitions("timers[3].lock");
        uint64_t b1 = acquisitions("timers[1].lock");
        int64_t when = RT().nanotime() + 2 * time::Hour;
        CHECK(RT().era().modtimer(t, when, 0, t->f, t->arg, t->seq));
        CHECK(acquisitions("timers[3].lock") == b3 + 1);  // one lock round-trip
        CHECK(acquisitions("timers[1].lock") == b1);
        CHECK(T113(t)->tb == 3);
        CHECK(t->when == when);
        CHECK(inBucket(3, t));
        RT().era().checkInvariants();
        CHECK(co_await st.t->Stop());
        st.modded = true;
      }
    });
  });
  INFO(res.run.report);
  CHECK(res.run.kind == rt::ExitKind::Normal);
  CHECK(st.modded);
}

TEST_CASE("go1.9 has no modtimer") {
  auto res = runProgram(opts("go1.9", 1), []() -> Task<void> {
    auto t = co_await time::NewTimer(time::Hour);
    RT().era().modtimer(t->r.get(), 1, 0, t->r->f, t->r->arg, 0);
  });
  CHECK(res.run.kind == rt::ExitKind::Throw);
}

// Channels, select and WaitGroup (runtime/chan.go and runtime/select.go@go1.9, sync.WaitGroup).
#include <fmt/format.h>

#include "harness.h"

using namespace gotimers;
using namespace gotimers::go;
using gotimers::testing::closure;
using gotimers::testing::contains;
using gotimers::testing::options;
using gotimers::testing::run;

TEST_CASE("chan: an unbuffered send blocks until a receiver takes the value") {
  std::vector<int64_t> got;
  int64_t sendDoneAt = -1, recvAt = -1;
  auto res = run(options(), [&]() -> Task<void> {
    auto c = Make<int64_t>();
    co_await Go(closure([&, c]() -> Task<void> {
      co_await c.Send(42);
      sendDoneAt = time::Now().ns;
      for (int64_t v = 1; v <= 3; v++)
        co_await c.Send(v);
    }));
    co_await time::Sleep(10 * time::Millisecond);
    recvAt = time::Now().ns;
    for (int i = 0; i < 4; i++)
      got.push_back(co_await c.Recv());
    CHECK(c.Len() == 0);
    CHECK(c.Cap() == 0);
  });
  INFO(res.run.report);
  REQUIRE(res.run.kind == rt::ExitKind::Normal);
  CHECK(got == std::vector<int64_t>{42, 1, 2, 3});
  CHECK(recvAt >= 10 * Millisecond);
  CHECK(sendDoneAt >= recvAt);  // the sender was parked until the receive
}

TEST_CASE("chan: a buffered channel is FIFO; a full buffer blocks the sender") {
  std::vector<int64_t> got;
  std::vector<int> lens;
  bool senderDone = false;
  auto res = run(options(), [&]() -> Task<void> {
    auto c = Make<int64_t>(2);
    co_await c.Send(1);
    co_await c.Send(2);  // does not block: the buffer has room
    lens.push_back(c.Len());
    co_await Go(closure([&, c]() -> Task<void> {
      co_await c.Send(3);  // blocks: the buffer is full
      senderDone = true;
    }));
    co_await time::Sleep(time::Millisecond);
    CHECK_FALSE(senderDone);
    CHECK(c.raw()->sendq.size() == 1);
    // chan.go recv: "Queue is full. Take the item at the head of the queue. Make the sender
    // enqueue its item at the tail of the queue."
    got.push_back(co_await c.Recv());
    lens.push_back(c.Len());
    got.push_back(co_await c.Recv());
    got.push_back(co_await c.Recv());
    lens.push_back(c.Len());
    co_await time::Sleep(time::Millisecond);
    CHECK(senderDone);
  });
  INFO(res.run.report);
  REQUIRE(res.run.kind == rt::ExitKind::Normal);
  CHECK(got == std::vector<int64_t>{1, 2, 3});
  CHECK(lens == std::vector<int>{2, 2, 0});
}

TEST_CASE("chan: the circular queue stays FIFO while it wraps and grows") {
  // The ring grows as it fills (1, 2, 4, then cap 5 slots); values queued across its end
  // must come out in order, and a sender blocked on the full queue hands its value in at
  // the tail (chan.go recv: the head's slot becomes the tail's).
  std::vector<int64_t> got;
  std::vector<int> lens;
  auto res = run(options(), [&]() -> Task<void> {
    auto c = Make<int64_t>(5);
    for (int64_t v = 1; v <= 3; v++)
      co_await c.Send(v);
    got.push_back(co_await c.Recv());
    got.push_back(co_await c.Recv());
    for (int64_t v = 4; v <= 7; v++)  // 4-6 wrap around the 4-slot ring; 7 grows it
      co_await c.Send(v);
    lens.push_back(c.Len());
    co_await Go(closure([c]() -> Task<void> { co_await c.Send(8); }));  // blocks: full
    co_await time::Sleep(time::Millisecond);
    lens.push_back(c.Len());
    for (int i = 0; i < 6; i++)
      got.push_back(co_await c.Recv());
    lens.push_back(c.Len());
    CHECK(c.Cap() == 5);
  });
  INFO(res.run.report);
  REQUIRE(res.run.kind == rt::ExitKind::Normal);
  CHECK(got == std::vector<int64_t>{1, 2, 3, 4, 5, 6, 7, 8});
  CHECK(lens == std::vector<int>{5, 5, 0});
}

TEST_CASE("chan: close wakes every blocked receiver with the zero value and ok=false") {
  std::vector<std::pair<int64_t, bool>> got;
  std::vector<std::pair<int64_t, bool>> drained;
  auto res = run(options(2), [&]() -> Task<void> {
    auto c = Make<int64_t>();
    WaitGroup wg;
    for (int i = 0; i < 3; i++) {
      co_await wg.Add(1);
      co_await Go(closure([&, c]() -> Task<void> {
        got.push_back(co_await c.Recv2());
        co_await wg.Done();
      }));
    }
    co_await time::Sleep(time::Millisecond);
    CHECK(c.raw()->recvq.size() == 3);
    co_await c.Close();
    co_await wg.Wait();
    // A closed buffered channel still yields its values, then zero values with ok=false.
    auto b = Make<int64_t>(3);
    co_await b.Send(7);
    co_await b.Send(8);
    co_await b.Close();
    for (int i = 0; i < 3; i++)
      drained.push_back(co_await b.Recv2());
  });
  INFO(res.run.report);
  REQUIRE(res.run.kind == rt::ExitKind::Normal);
  using PV = std::pair<int64_t, bool>;
  CHECK(got == std::vector<PV>{{0, false}, {0, false}, {0, false}});
  CHECK(drained == std::vector<PV>{{7, true}, {8, true}, {0, false}});
}

TEST_CASE("chan: send on a closed channel panics, also for a sender blocked at close") {
  auto direct = run(options(), []() -> Task<void> {
    auto c = Make<int64_t>(1);
    co_await c.Close();
    co_await c.Send(1);
    co_await Println("unreachable");
  });
  CHECK(direct.run.kind == rt::ExitKind::Panic);
  CHECK(direct.run.exitCode == 2);
  CHECK(contains(direct.run.report, "panic: send on closed channel\n"));
  CHECK(direct.output.empty());

  auto blocked = run(options(), []() -> Task<void> {
    auto c = Make<int64_t>();
    co_await Go(closure([c]() -> Task<void> { co_await c.Send(1); }));
    co_await time::Sleep(time::Millisecond);
    co_await c.Close();
    co_await time::Sleep(time::Millisecond);
    co_await Println("main survived");
  });
  CHECK(blocked.run.kind == rt::ExitKind::Panic);
  CHECK(contains(blocked.run.report, "panic: send on closed channel\n\ngoroutine 2 [running]:"));
  CHECK(blocked.output.empty());

  auto sel = run(options(), []() -> Task<void> {
    auto c = Make<int64_t>(1);
    co_await c.Close();
    (void)co_await Select({Send(c, int64_t{1})}, /*hasDefault=*/true);
  });
  CHECK(sel.run.kind == rt::ExitKind::Panic);
  CHECK(contains(sel.run.report, "panic: send on closed channel"));
}

TEST_CASE("chan: close of a nil or closed channel panics") {
  auto nilc = run(options(), []() -> Task<void> {
    Chan<int64_t> c;
    co_await c.Close();
  });
  CHECK(nilc.run.kind == rt::ExitKind::Panic);
  CHECK(nilc.run.exitCode == 2);
  CHECK(contains(nilc.run.report, "panic: close of nil channel"));
  auto twice = run(options(), []() -> Task<void> {
    auto c = Make<int64_t>();
    co_await c.Close();
    co_await c.Close();
  });
  CHECK(twice.run.kind == rt::ExitKind::Panic);
  CHECK(contains(twice.run.report, "panic: close of closed channel"));
}

TEST_CASE("chan: a nil channel blocks forever") {
  auto recv = run(options(), []() -> Task<void> {
    Chan<int64_t> c;
    (void)co_await c.Recv();
  });
  CHECK(recv.run.kind == rt::ExitKind::Deadlock);
  CHECK(recv.run.exitCode == 2);
  CHECK(contains(recv.run.report, "goroutine 1 [chan receive (nil chan)]:"));
  auto send = run(options(), []() -> Task<void> {
    Chan<int64_t> c;
    co_await c.Send(1);
  });
  CHECK(send.run.kind == rt::ExitKind::Deadlock);
  CHECK(contains(send.run.report, "goroutine 1 [chan send (nil chan)]:"));
  // In a select a nil channel's case is never ready: the other case is always chosen.
  std::vector<int> chosen;
  auto sel = run(options(), [&]() -> Task<void> {
    Chan<int64_t> nilc;
    auto c = Make<int64_t>(1);
    for (int i = 0; i < 20; i++) {
      co_await c.Send(i);
      chosen.push_back(co_await Select({Recv(nilc), Recv(c)}));
    }
    chosen.push_back(co_await Select({Recv(nilc)}, /*hasDefault=*/true));
  });
  REQUIRE(sel.run.kind == rt::ExitKind::Normal);
  std::vector<int> want(20, 1);
  want.push_back(-1);  // only the nil case and a default: default
  CHECK(chosen == want);
}

TEST_CASE("select: default is taken only when no case is ready") {
  std::vector<int> chosen;
  int64_t v = 0;
  auto res = run(options(), [&]() -> Task<void> {
    auto a = Make<int64_t>(1);
    auto b = Make<int64_t>();
    chosen.push_back(co_await Select({Recv(a), Recv(b)}, true));  // nothing ready
    co_await a.Send(5);
    chosen.push_back(co_await Select({Recv(b), Recv(a, &v)}, true));  // a ready
    chosen.push_back(co_await Select({Send(b, int64_t{1})}, true));   // no receiver: default
    chosen.push_back(co_await Select({Send(a, int64_t{2})}, true));   // buffer room: sent
    chosen.push_back(co_await Select({Send(a, int64_t{3})}, true));   // buffer full: default
    CHECK(a.Len() == 1);
    CHECK(b.raw()->recvq.empty());  // a select with default never enqueues
    CHECK(b.raw()->sendq.empty());
  });
  REQUIRE(res.run.kind == rt::ExitKind::Normal);
  CHECK(chosen == std::vector<int>{-1, 1, -1, 0, -1});
  CHECK(v == 5);
}

namespace {

// Rounds of a select over n always-ready buffered channels; returns the chosen indices.
std::vector<int> selectRounds(uint64_t seed, int n, int rounds) {
  std::vector<int> chosen;
  auto res = run(options(1, seed), [&]() -> Task<void> {
    std::vector<Chan<int64_t>> cs;
    for (int i = 0; i < n; i++) {
      cs.push_back(Make<int64_t>(1));
      co_await cs.back().Send(i);
    }
    for (int r = 0; r < rounds; r++) {
      std::vector<Case> sc;
      int64_t v = -1;
      for (auto& c : cs)
        sc.push_back(Recv(c, &v));
      int i = co_await Select(std::move(sc));
      CHECK(v == i);  // the value came from the chosen channel
      chosen.push_back(i);
      co_await cs[i].Send(i);  // make it ready again
    }
  });
  INFO(res.run.report);
  CHECK(res.run.kind == rt::ExitKind::Normal);
  return chosen;
}

}  // namespace

TEST_CASE("select: uniform choice among ready cases, reproducible from the seed") {
  const int n = 3, rounds = 3000;
  std::vector<int> a = selectRounds(1, n, rounds);
  std::vector<int> again = selectRounds(1, n, rounds);
  std::vector<int> other = selectRounds(2, n, rounds);
  REQUIRE(a.size() == static_cast<size_t>(rounds));
  CHECK(a == again);  // same seed => same choices
  CHECK(a != other);  // another seed => other choices
  for (const auto* seq : {&a, &other}) {
    std::vector<int> counts(n);
    for (int i : *seq)
      counts[i]++;
    // Expected 1000 each; sd ~ 26: a fair share is within +-10%.
    for (int k = 0; k < n; k++) {
      CAPTURE(k);
      CHECK(counts[k] > 900);
      CHECK(counts[k] < 1100);
    }
  }
  // Two consecutive choices are independent: every ordered pair occurs (~1/9 of the time).
  std::vector<int> pairs(n * n);
  for (size_t i = 1; i < a.size(); i++)
    pairs[a[i - 1] * n + a[i]]++;
  for (int c : pairs)
    CHECK(c > 250);
}

TEST_CASE("select: a blocked select wakes on the case that became ready") {
  struct R {
    int idx;
    int64_t v;
    bool ok;
  };
  std::vector<R> got;
  std::vector<size_t> leftover;
  auto res = run(options(), [&]() -> Task<void> {
    auto a = Make<int64_t>();
    auto b = Make<int64_t>();
    auto c = Make<int64_t>();
    auto d = Make<int64_t>();  // the select sends on d
    co_await Go(closure([=]() -> Task<void> {
      co_await time::Sleep(time::Millisecond);
      co_await b.Send(7);
      co_await time::Sleep(time::Millisecond);
      (void)co_await d.Recv();
      co_await time::Sleep(time::Millisecond);
      co_await c.Close();
    }));
    for (int round = 0; round < 3; round++) {
      int64_t v = -1;
      bool ok = false;
      int i = co_await Select(
          {Recv(a, &v, &ok), Recv(b, &v, &ok), Recv(c, &v, &ok), Send(d, int64_t{99})});
      got.push_back({i, v, ok});
      // pass 3 dequeued the select from every other channel
      leftover.push_back(a.raw()->recvq.size() + b.raw()->recvq.size() + c.raw()->recvq.size() +
                         d.raw()->sendq.size());
    }
  });
  INFO(res.run.report);
  REQUIRE(res.run.kind == rt::ExitKind::Normal);
  REQUIRE(got.size() == 3);
  CHECK(got[0].idx == 1);
  CHECK(got[0].v == 7);
  CHECK(got[0].ok);
  CHECK(got[1].idx == 3);  // the send case: a receiver took 99
  CHECK(got[2].idx == 2);  // closed: zero value, ok=false
  CHECK(got[2].v == 0);
  CHECK_FALSE(got[2].ok);
  CHECK(leftover == std::vector<size_t>{0, 0, 0});
}

TEST_CASE("select: a woken select's other sudogs are stale until it dequeues them") {
  // One P: the goroutine that readies the select keeps running (the select's pass 3 has not
  // run yet). Its sudog on a is still queued but selectDone is set, so a non-blocking send on
  // a must not hand the value to it (select.go: dequeue skips sudogs whose selectdone is set).
  int mainIdx = -1, secondSend = 0;
  int64_t mainV = -1;
  auto res = run(options(), [&]() -> Task<void> {
    auto a = Make<int64_t>();
    auto b = Make<int64_t>();
    co_await Go(closure([&, a, b]() -> Task<void> {
      co_await b.Send(1);                 // wakes main's select on b
      CHECK(a.raw()->recvq.size() == 1);  // main's stale sudog
      secondSend = co_await Select({Send(a, int64_t{2})}, true);
    }));
    mainIdx = co_await Select({Recv(a, &mainV), Recv(b, &mainV)});
  });
  INFO(res.run.report);
  REQUIRE(res.run.kind == rt::ExitKind::Normal);
  CHECK(mainIdx == 1);
  CHECK(mainV == 1);
  CHECK(secondSend == -1);
}

TEST_CASE("select: no cases blocks forever") {
  auto res = run(options(), []() -> Task<void> { (void)co_await Select({}); });
  CHECK(res.run.kind == rt::ExitKind::Deadlock);
  CHECK(contains(res.run.report, "goroutine 1 [select (no cases)]:"));
}

TEST_CASE("WaitGroup: Wait returns when the counter reaches zero") {
  int64_t waitedUntil = -1;
  int done = 0;
  auto res = run(options(2), [&]() -> Task<void> {
    WaitGroup wg;
    co_await wg.Wait();  // zero: returns at once
    CHECK(time::Now().ns < time::Millisecond);
    for (int i = 1; i <= 3; i++) {
      co_await wg.Add(1);
      co_await Go(closure([&, i]() -> Task<void> {
        co_await time::Sleep(i * 10 * time::Millisecond);
        done++;
        co_await wg.Done();
      }));
    }
    co_await wg.Wait();
    waitedUntil = time::Now().ns;
    CHECK(done == 3);
  });
  INFO(res.run.report);
  REQUIRE(res.run.kind == rt::ExitKind::Normal);
  CHECK(waitedUntil >= 30 * Millisecond);
  CHECK(waitedUntil < 40 * Millisecond);

  auto neg = run(options(), []() -> Task<void> {
    WaitGroup wg;
    co_await wg.Done();
  });
  CHECK(neg.run.kind == rt::ExitKind::Panic);
  CHECK(contains(neg.run.report, "panic: sync: negative WaitGroup counter"));
}

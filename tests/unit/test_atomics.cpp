// The cost of sync/atomic on runtime state (Runtime::atomicWrite / atomicLoad,
// docs/cost-model.md "Atomics"): a line held here is cheap, a line elsewhere costs a transfer;
// and go1.14's deltimer pays for exactly the atomics Go's makes (two status CASes and the
// deletedTimers Xadd from Go 1.15 on, one CAS and the Xadd in Go 1.14).
#include <doctest/doctest.h>

#include "eras/go1_14/go1_14.h"
#include "harness.h"

namespace rt = gotimers::rt;
using namespace gotimers::go;
using gotimers::testing::options;
using gotimers::testing::run;

namespace {

gotimers::go::ProgramOptions costly(const std::string& era) {
  gotimers::go::ProgramOptions o = options(1, 1, era);
  o.config.cost.atomic_op = 1000;
  o.config.cost.cacheline_transfer = 100000;
  return o;
}

// The virtual time f takes on the current M.
template <typename F>
int64_t cost(F f) {
  int64_t t0 = RT().nanotime();
  f();
  return RT().nanotime() - t0;
}

}  // namespace

TEST_CASE(
    "atomics: a line written here is cheap, one written or shared elsewhere costs a transfer") {
  auto res = run(costly("go1.14"), []() -> Task<void> {
    const int32_t me = RT().curm()->id, other = me + 1;
    rt::CacheLine line;
    CHECK(cost([&] { RT().atomicWrite(line); }) == 1000);  // first touch: nobody had it
    CHECK(line.writer == me);
    CHECK(cost([&] { RT().atomicWrite(line); }) == 1000);
    CHECK(cost([&] { RT().atomicLoad(line); }) == 0);  // our own write
    line.writer = other;
    CHECK(cost([&] { RT().atomicLoad(line); }) == 100000);   // fetched once ...
    CHECK(cost([&] { RT().atomicLoad(line); }) == 0);        // ... then shared here
    CHECK(cost([&] { RT().atomicWrite(line); }) == 101000);  // written by another M last
    // Read by another M since our write: writing invalidates its copy.
    line.readers.assign(1, uint64_t{1} << (other % 64));
    CHECK(cost([&] { RT().atomicWrite(line); }) == 101000);
    CHECK(line.readers[0] == 0);
    CHECK(cost([&] { RT().atomicWrite(line); }) == 1000);

    int16_t status = -1;  // a timer's status word: only its writer
    CHECK(cost([&] { RT().atomicWrite(&status); }) == 1000);
    status = other;
    CHECK(cost([&] { RT().atomicWrite(&status); }) == 101000);
    CHECK(status == me);
    co_return;
  });
  INFO(res.run.report);
  CHECK(res.run.kind == rt::ExitKind::Normal);
}

TEST_CASE("atomics: go1.14's deltimer pays for Go's atomics, per version") {
  for (auto [era, atomics] :
       {std::pair{"go1.14@go1.14", 2}, {"go1.14@go1.15", 3}, {"go1.14@go1.16", 3}}) {
    CAPTURE(era);
    int64_t withAtomics = 0, without = 0;
    for (int64_t price : {int64_t{1000}, int64_t{0}}) {
      gotimers::go::ProgramOptions o = costly(era);
      o.config.cost.atomic_op = price;
      int64_t* out = price ? &withAtomics : &without;
      auto res = run(o, [out]() -> Task<void> {
        auto t = co_await time::NewTimer(1 * time::Hour);
        int64_t t0 = RT().nanotime();
        CHECK(co_await t->Stop());
        *out = RT().nanotime() - t0;
      });
      INFO(res.run.report);
      CHECK(res.run.kind == rt::ExitKind::Normal);
    }
    CHECK(withAtomics - without == 1000 * atomics);
  }
}

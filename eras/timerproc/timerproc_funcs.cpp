#include "eras/timerproc/timerproc_funcs.h"
#include "runtime/timer_backend.h"

#include <fmt/format.h>

namespace gotimers::eras {

indexedTimer* prepareSleepTimer(rt::Runtime& rt, int64_t ns) {
  rt::g* gp = rt.curg();
  if (!gp->sleeptimer) {
    gp->sleeptimer = rt.era().allocTimer();
    rt.charge(rt.cost().timer_alloc);
  }
  indexedTimer* t = asIndexed(gp->sleeptimer.get());
  t->kind = rt::TimerKind::Sleep;  // simulator: the run summary's kind
  t->when = 0;
  t->period = 0;
  t->seq = 0;
  t->i = -1;  // Go's *t = timer{} leaves i = 0; -1 is the simulator's "in no heap"
  t->id = rt.nextTimerId();
  t->when = static_cast<int64_t>(static_cast<uint64_t>(rt.nanotime()) + static_cast<uint64_t>(ns));
  t->f = rt::goroutineReady;
  t->setArg(gp);  // (and no longer keeps an earlier arg alive)
  return t;
}

void checkHeapIndices(const TimerHeap& h, const std::string& name) {
  for (size_t i = 0; i < h.size(); i++) {
    const indexedTimer* t = asIndexed(h.at(i));
    if (t->i != static_cast<int32_t>(i)) {
      throw rt::GoThrow(
          fmt::format("{}: timer {} at index {} records index {}", name, t->id, i, t->i));
    }
  }
}

}  // namespace gotimers::eras

// Helpers shared by the timerproc eras (go1.9, go1.13).
#pragma once
#include "eras/timer_heap.h"

namespace gotimers::eras {

// timeSleep's preamble: reuse the per-G cached timer (CL 37162), `*t = timer{}`,
// when = nanotime() + ns (wrapping like Go's int64 add; addtimerLocked clamps negative),
// f = goroutineReady, arg = gp. The era's fields beyond i (go1.13's tb) are the caller's.
indexedTimer* prepareSleepTimer(rt::Runtime& rt, int64_t ns);

// Throws rt::GoThrow unless every timer in h records its own index.
void checkHeapIndices(const TimerHeap& h, const std::string& name);

}  // namespace gotimers::eras

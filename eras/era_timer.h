// eraTimer<T>: the downcast from rt::timer to an era's own timer type (runtime2.h: each era
// extends rt::timer in its folder).
//
// Every timer an era is handed was allocated by that era (TimerBackend::allocTimer or
// newTimer), so a static_cast is exact and costs nothing. Under --check (RunConfig::check)
// a dynamic_cast verifies it first, and a foreign timer is a GoThrow rather than undefined
// behaviour. The eras cast once, where a timer enters them (the TimerBackend entry points
// and resetForSleep); timers read back from their own heaps are cast unchecked.
#pragma once
#include <fmt/format.h>

#include "runtime/runtime.h"

namespace gotimers::eras {

template <typename T>
T* eraTimer(const rt::Runtime& r, rt::timer* t, const char* era) {
  if (r.checking() && dynamic_cast<T*>(t) == nullptr) {
    throw rt::GoThrow(
        fmt::format("timer {}: not a {} timer (not allocated by the era)", t ? t->id : 0, era));
  }
  return static_cast<T*>(t);
}

}  // namespace gotimers::eras

#include "runtime/timer_backend.h"

#include <fmt/format.h>

namespace gotimers::rt {

void goroutineReady(Runtime& rt, void* arg, uint64_t, int64_t) {
  rt.goready(static_cast<g*>(arg));
}

bool TimerBackend::resettimer(rt::timer*, int64_t) {
  throw rt::GoThrow(fmt::format("resettimer does not exist in {}", name()));
}

bool TimerBackend::modtimer(rt::timer*, int64_t, int64_t, rt::TimerFunc, void*, uint64_t) {
  throw rt::GoThrow(fmt::format("modtimer does not exist in {}", name()));
}

rt::Ref<rt::timer> TimerBackend::newTimer(uint32_t, int64_t, int64_t, rt::TimerFunc, void*,
                                          rt::Ref<rt::RefCounted>, rt::hchan*) {
  throw rt::GoThrow(fmt::format("runtime.newTimer does not exist in {}", name()));
}

size_t TimerBackend::liveTimers() const {
  size_t n = 0;
  for (const auto& h : heaps())
    n += h.t.size();
  return n;
}

void TimerBackend::checkInvariants() const {
  for (const auto& h : heaps()) {
    for (size_t i = 1; i < h.t.size(); i++) {
      size_t parent = (i - 1) / 4;
      if (h.key(i) < h.key(parent)) {
        throw rt::GoThrow(
            fmt::format("{}: heap property violated at index {} (when {} < parent {})", h.name, i,
                        h.key(i), h.key(parent)));
      }
    }
  }
}

}  // namespace gotimers::rt

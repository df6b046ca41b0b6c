#include "trace/event.h"

#include <array>

namespace gotimers::trace {

namespace {
struct KindInfo {
  const char* name;
  Cat cat;
  std::array<const char*, 6> args;  // names of a[0..5] in the JSON trace ("" = unused)
};
constexpr KindInfo kKinds[] = {
    {"heap.push", Cat::Heap, {"heap", "timer", "index", "when", "", ""}},
    {"heap.sift", Cat::Heap, {"heap", "timer", "from", "to", "when", "other_when"}},
    {"heap.pop", Cat::Heap, {"heap", "timer", "index", "when", "", ""}},
    {"heap.remove", Cat::Heap, {"heap", "timer", "index", "when", "", ""}},
    {"lock.acquire", Cat::Lock, {"lock", "phase", "wait", "", "", ""}},
    {"lock.release", Cat::Lock, {"lock", "", "hold", "", "", ""}},
    {"timer.status", Cat::Status, {"p", "timer", "from", "to", "", ""}},
    {"timer.add", Cat::Timer, {"", "timer", "when", "period", "", ""}},
    {"timer.del", Cat::Timer, {"", "timer", "result", "", "", ""}},
    {"timer.reset", Cat::Timer, {"", "timer", "when", "result", "", ""}},
    {"timer.fire", Cat::Timer, {"", "timer", "when", "late", "lazy", ""}},
    {"timerproc.sleep", Cat::Proc, {"bucket", "", "until", "", "", ""}},
    {"timerproc.wake", Cat::Proc, {"bucket", "", "timeout", "", "", ""}},
    {"timerproc.park", Cat::Proc, {"bucket", "", "", "", "", ""}},
    {"netpoll.sleep", Cat::Proc, {"", "m", "delay", "ms", "", ""}},
    {"netpoll.break", Cat::Proc, {"", "m", "", "", "", ""}},
    {"go.create", Cat::Sched, {"", "goid", "", "", "", ""}},
    {"go.start", Cat::Sched, {"", "goid", "", "", "", ""}},
    {"go.park", Cat::Sched, {"", "goid", "", "", "", ""}},
    {"go.ready", Cat::Sched, {"", "goid", "", "", "", ""}},
    {"go.exit", Cat::Sched, {"", "goid", "", "", "", ""}},
    {"m.sleep", Cat::Sched, {"", "m", "state", "until", "", ""}},
    {"m.wake", Cat::Sched, {"", "m", "timeout", "", "", ""}},
    {"m.create", Cat::Sched, {"", "m", "", "", "", ""}},
    {"p.handoff", Cat::Sched, {"", "p", "", "", "", ""}},
    {"sched.wakep", Cat::Sched, {"", "", "", "", "", ""}},
    {"sched.steal", Cat::Sched, {"", "victim", "timers", "", "", ""}},
    {"chan.send", Cat::Chan, {"chan", "direct", "len", "", "", ""}},
    {"chan.drop", Cat::Chan, {"chan", "", "", "", "", ""}},
    {"chan.recv", Cat::Chan, {"chan", "goid", "", "", "", ""}},
    {"print", Cat::User, {"", "", "", "", "", ""}},
    {"go.sched", Cat::Sched, {"", "goid", "", "", "", ""}},
    {"go.sysblock", Cat::Sched, {"", "goid", "", "", "", ""}},
    {"go.sysexit", Cat::Sched, {"", "goid", "", "", "", ""}},
    {"netpoll.wake", Cat::Proc, {"", "m", "timeout", "", "", ""}},
    {"heap.snapshot", Cat::Heap, {"heap", "len", "", "", "", ""}},
    {"lock.name", Cat::Lock, {"lock", "", "", "", "", ""}},
    {"timer.call", Cat::Timer, {"", "timer", "reset", "when", "", ""}},
};
static_assert(sizeof(kKinds) / sizeof(kKinds[0]) == static_cast<size_t>(Kind::NumKinds));
}  // namespace

const char* kindName(Kind k) {
  return kKinds[static_cast<size_t>(k)].name;
}
Cat kindCat(Kind k) {
  return kKinds[static_cast<size_t>(k)].cat;
}
const char* kindArgName(Kind k, int i) {
  return kKinds[static_cast<size_t>(k)].args[static_cast<size_t>(i)];
}

void FingerprintSink::onEvent(const Event& e) {
  n_++;
  fp_.add(static_cast<uint64_t>(e.t));
  fp_.add(static_cast<uint64_t>(e.kind));
  fp_.add(static_cast<uint64_t>(static_cast<int64_t>(e.p)));
  fp_.add(static_cast<uint64_t>(static_cast<int64_t>(e.m)));
  fp_.add(static_cast<uint64_t>(e.g));
  for (int64_t v : e.a)
    fp_.add(static_cast<uint64_t>(v));
  if (!e.text.empty()) fp_.add(e.text);
}

}  // namespace gotimers::trace

#include "trace/event.h"

namespace gotimers::trace {

namespace {
struct KindInfo {
  const char* name;
  Cat cat;
};
constexpr KindInfo kKinds[] = {
    {"heap.push", Cat::Heap},       {"heap.sift", Cat::Heap},      {"heap.pop", Cat::Heap},
    {"heap.remove", Cat::Heap},     {"heap.fix", Cat::Heap},       {"lock.acquire", Cat::Lock},
    {"lock.release", Cat::Lock},    {"timer.status", Cat::Status}, {"timer.add", Cat::Timer},
    {"timer.del", Cat::Timer},      {"timer.reset", Cat::Timer},   {"timer.fire", Cat::Timer},
    {"timerproc.sleep", Cat::Proc}, {"timerproc.wake", Cat::Proc}, {"timerproc.park", Cat::Proc},
    {"netpoll.sleep", Cat::Proc},   {"netpoll.break", Cat::Proc},  {"go.create", Cat::Sched},
    {"go.start", Cat::Sched},       {"go.park", Cat::Sched},       {"go.ready", Cat::Sched},
    {"go.exit", Cat::Sched},        {"m.sleep", Cat::Sched},       {"m.wake", Cat::Sched},
    {"m.create", Cat::Sched},       {"p.handoff", Cat::Sched},     {"sched.wakep", Cat::Sched},
    {"sched.steal", Cat::Sched},    {"chan.send", Cat::Chan},      {"chan.drop", Cat::Chan},
    {"chan.recv", Cat::Chan},       {"print", Cat::User},
};
static_assert(sizeof(kKinds) / sizeof(kKinds[0]) == static_cast<size_t>(Kind::NumKinds));
}  // namespace

const char* kindName(Kind k) {
  return kKinds[static_cast<size_t>(k)].name;
}
Cat kindCat(Kind k) {
  return kKinds[static_cast<size_t>(k)].cat;
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

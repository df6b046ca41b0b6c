#include "heaplab/recorder.h"

#include <fmt/format.h>

#include <algorithm>

#include "heaplab/gocode.h"
#include "heaplab/keys.h"
#include "runtime/runtime.h"
#include "runtime/timer_backend.h"

namespace gotimers::heaplab {

using trace::Kind;

namespace {
const rt::TimerBackend& era() {
  return rt::Runtime::current().era();
}
// Whose Go code the code pane shows: the Go version the running era option stands for.
std::string codeEra() {
  return heaplab::codeEra(era().goMinor());
}
}  // namespace

Recorder::Recorder(RecorderOptions o) : o_(std::move(o)) {}

void Recorder::onTimerNamed(uint32_t timer, const std::string& name) {
  names_[timer] = givenNames_.insert(name).second ? name : fmt::format("{}#{}", name, timer);
}

std::string Recorder::timerName(uint32_t id) const {
  std::string n = o_.name ? o_.name(id) : "";
  if (!n.empty()) return n;
  auto it = names_.find(id);
  return it != names_.end() ? it->second : fmt::format("t{}", id);
}

std::string Recorder::k(double when) const {
  return keyText(when, o_.unit);
}

std::vector<HeapSnap> Recorder::snapshotWith(uint32_t id, uint8_t state) const {
  std::vector<HeapSnap> out;
  const rt::TimerBackend& e = era();
  for (const rt::HeapView& v : e.heaps()) {
    HeapSnap h;
    h.name = v.name;
    // heap ids follow the era's naming (eras/timer_heap.h id: 0, bucket index, P id)
    if (auto sp = v.name.rfind(' '); sp != std::string::npos) {
      h.id = std::stoi(v.name.substr(sp + 1));
    } else if (!v.name.empty() && v.name[0] == 'P') {
      h.id = std::stoi(v.name.substr(1));
    }
    for (size_t i = 0; i < v.t.size(); i++) {
      const rt::timer* t = v.t[i];
      // the heap's own key (go1.23: heap[i].when); a status event comes before the change:
      // the timer it is about shows the state it sets
      rt::TimerLook l = e.look(
          *t, v.key(i), id != 0 && t->id == id ? std::optional<uint8_t>(state) : std::nullopt);
      TimerSnap s;
      s.id = t->id;
      s.name = timerName(t->id);
      s.when = o_.key(l.key);
      s.status = std::move(l.status);
      if (l.nextwhen) s.nextwhen = o_.key(*l.nextwhen);
      h.t.push_back(std::move(s));
    }
    out.push_back(std::move(h));
  }
  return out;
}

std::vector<HeapSnap> Recorder::current() const {
  if (!frames_.empty()) return frames_.back().heaps;
  return snapshot();
}

int Recorder::heapIndex(const std::vector<HeapSnap>& hs, int heapId) const {
  std::string nm = era().heapName(heapId);
  for (size_t i = 0; i < hs.size(); i++) {
    if (hs[i].name == nm) return static_cast<int>(i);
  }
  return -1;
}

bool Recorder::wanted(int heapId) const {
  return o_.heapFilter.empty() || o_.heapFilter == era().heapName(heapId);
}

namespace {
// About what a frame holds on the heap: enough to bound memory, not an exact count.
size_t approxBytes(const Frame& f) {
  size_t b = sizeof(Frame) + f.text.size() + f.fn.size() + f.hi.size() * sizeof(int);
  for (const HeapSnap& h : f.heaps) {
    b += sizeof(HeapSnap) + h.name.size();
    for (const TimerSnap& t : h.t)
      b += sizeof(TimerSnap) + t.name.size() + t.status.size();
  }
  b += (f.locks.size() * sizeof(LockRow)) + (f.procs.size() * sizeof(ProcRow));
  return b;
}
}  // namespace

Frame& Recorder::discard() {
  truncated_ = true;
  static Frame sink;
  sink = Frame{};
  return sink;
}

Frame& Recorder::add(Frame f) {
  if (count_ >= o_.maxFrames || (o_.maxBytes > 0 && bytes_ > o_.maxBytes)) return discard();
  if (pendingOp_ && f.kind != "op") {
    OpInfo o = *pendingOp_;
    pendingOp_.reset();
    curOp_ = opCount_++;
    if (o_.onFrame) {
      curOpText_ = o.text;
    } else {
      ops_.push_back(o);
      if (call_ && call_->opIndex < 0) call_->opIndex = static_cast<int>(ops_.size()) - 1;
    }
    Frame of;
    of.kind = "op";
    of.t = f.t;
    of.heaps = frames_.empty() ? f.heaps : frames_.back().heaps;
    of.text = o.text + ".";
    add(std::move(of));
    if (count_ >= o_.maxFrames) return discard();  // the operation's frame was the last
  }
  f.op = curOp_;
  for (const auto& [id, l] : locks_)
    f.locks.push_back(l);
  for (const auto& [id, p] : procs_)
    f.procs.push_back(p);
  count_++;
  if (o_.onFrame) {
    finish();  // the frame before this one
    heldOpText_ = f.op >= 0 ? curOpText_ : "";
  } else {
    bytes_ += approxBytes(f);
  }
  frames_.push_back(std::move(f));
  return frames_.back();
}

void Recorder::finish() {
  if (!o_.onFrame || frames_.empty()) return;
  o_.onFrame(frames_.back(), heldOpText_);
  frames_.clear();
}

Frame Recorder::base(const trace::Event& e) const {
  Frame f;
  f.t = e.t;
  return f;
}

void Recorder::beginOp(int i, const std::string& narration, bool adds, bool runs) {
  if (!eraLook_) noteEra();
  flushSettle(frames_.empty() ? 0 : frames_.back().t);
  curOp_ = i;
  curOpKind_ = adds ? 1 : runs ? 2 : 0;
  Frame f;
  f.kind = "op";
  f.t = rt::Runtime::current().nanotime();
  f.heaps = current();
  f.text = narration;
  add(std::move(f));
}

void Recorder::endOp() {
  flushSettle(rt::Runtime::current().nanotime());
  if (frames_.empty() || truncated_) return;
  // The derived state must be the real heap (filtered views aside).
  if (o_.heapFilter.empty() && frames_.back().heaps != snapshot()) {
    mismatches_++;
    Frame f;
    f.kind = "state";
    f.t = rt::Runtime::current().nanotime();
    f.heaps = snapshot();
    f.text = "(resynchronised with the runtime's heaps)";
    add(std::move(f));
  }
}

void Recorder::flushSettle(int64_t t) {
  if (!pending_) return;
  Pending p = *pending_;
  pending_.reset();
  if (!wanted(p.heapId)) return;
  Frame f;
  f.kind = "settle";
  f.t = t;
  f.heaps = current();
  f.heap = heapIndex(f.heaps, p.heapId);
  if (f.heap < 0) return;
  const HeapSnap& h = f.heaps[static_cast<size_t>(f.heap)];
  int at = -1;
  for (size_t i = 0; i < h.t.size(); i++) {
    if (h.t[i].id == p.timer) at = static_cast<int>(i);
  }
  if (at < 0) return;  // it was removed meanwhile
  const TimerSnap& me = h.t[static_cast<size_t>(at)];
  f.hi = {at};
  const rt::HeapCode& hc = era().heapCode();
  std::string ce = codeEra();
  std::string why;
  // Which loop ended: an add only sifts up (addtimerLocked, doaddtimer, addHeap); a pop or a
  // re-armed root only sifts down; a filled hole sifts up, then down: the last step's
  // direction tells, and with no step it is the sift-down, which runs last.
  bool up = p.why == "push" || (p.why != "pop" && p.dir < 0);
  int c = 4 * at + 1;
  if (up) {
    f.fn = hc.siftUp;
    if (at == 0) {
      why = "it is the root, the earliest timer";
      f.line = lineOf(ce, f.fn, hc.upAtRoot);
    } else {
      int par = (at - 1) / 4;
      why = fmt::format("its parent {} at ({}-1)/4 = {} has when {} <= {}", h.t[par].name, at, par,
                        k(h.t[par].when), k(me.when));
      f.line = lineOf(ce, f.fn, hc.upStops);
    }
  } else {
    f.fn = hc.siftDown;
    if (c < static_cast<int>(h.t.size())) {
      why = fmt::format("no child at {}..{} is earlier", c,
                        std::min(c + 3, static_cast<int>(h.t.size()) - 1));
      f.line = lineOf(ce, f.fn, hc.downStops);
    } else {
      why = fmt::format("it has no children (index {} is past the end)", c);
      f.line = lineOf(ce, f.fn, hc.downLeaf);
    }
  }
  f.text = fmt::format("{} settles at index {}: {}.", me.name, at, why);
  add(std::move(f));
}

void Recorder::noteEra() {
  const rt::TimerBackend& er = era();
  eraLook_ = EraLook{er.heapLayout(), er.bucketCount(), er.stateNames(), codeEra()};
}

void Recorder::describeEra(Animation& a) const {
  if (!eraLook_) return;  // no event: nothing was recorded
  a.layout = eraLook_->layout;
  a.bucketCount = eraLook_->bucketCount;
  a.statuses = eraLook_->stateNames;
  a.code = codeFor(eraLook_->code);
}

void Recorder::onEvent(const trace::Event& e) {
  if (!eraLook_) noteEra();
  if (truncated_) return;  // no frame will be recorded any more
  switch (e.kind) {
    case Kind::HeapPush:
      onPush(e);
      break;
    case Kind::HeapSiftStep:
      onSift(e);
      break;
    case Kind::HeapPop:
      onRemove(e, true);
      break;
    case Kind::HeapRemove:
      onRemove(e, false);
      break;
    case Kind::TimerStatus:
      onStatus(e);
      break;
    case Kind::HeapSnapshot:
      onSnapshot(e);
      break;
    case Kind::TimerFire:
      onFire(e);
      break;
    case Kind::LockAcquire:
      onLock(e, true);
      break;
    case Kind::LockRelease:
      onLock(e, false);
      break;
    case Kind::ProcSleep:
    case Kind::ProcWake:
    case Kind::ProcPark:
      onProc(e);
      break;
    case Kind::TimerAdd:
    case Kind::TimerDel:
    case Kind::TimerReset:
    case Kind::TimerCall:
      onTimerOp(e);
      break;
    default:
      break;
  }
}

void Recorder::onPush(const trace::Event& e) {
  flushSettle(e.t);
  int heapId = static_cast<int>(e.a[0]);
  auto tid = static_cast<uint32_t>(e.a[1]);
  pending_ = Pending{heapId, tid, "push"};
  if (!wanted(heapId)) return;
  Frame f = base(e);
  f.kind = "push";
  f.heaps = snapshot();
  f.heap = heapIndex(f.heaps, heapId);
  int i = static_cast<int>(e.a[2]);
  f.hi = {i};
  std::string parent =
      i > 0 ? fmt::format("; its parent is index ({}-1)/4 = {}", i, (i - 1) / 4) : "";
  f.fn = e.fn ? e.fn : "";  // the era code names it (addtimerLocked, doaddtimer, addHeap)
  f.text = fmt::format("{}: {} (when {}) is appended at index {} of {}{}.", f.fn, timerName(tid),
                       k(o_.key(e.a[3])), i, era().heapName(heapId), parent);
  f.line = lineOf(codeEra(), f.fn, era().heapCode().pushSift);
  add(std::move(f));
}

// A heap's whole layout (heapSnapshots). Pushes and removals are already followed step by
// step, so a snapshot only adds a frame when the heap was rewritten behind those events: go1.14
// clearDeletedTimers compacts the slice in place (setRaw) and truncates it.
void Recorder::onSnapshot(const trace::Event& e) {
  int heapId = static_cast<int>(e.a[0]);
  if (!wanted(heapId)) return;
  std::vector<HeapSnap> real = snapshot();
  std::vector<HeapSnap> derived = current();
  int ri = heapIndex(real, heapId), di = heapIndex(derived, heapId);
  if (ri < 0 || (di >= 0 && derived[static_cast<size_t>(di)] == real[static_cast<size_t>(ri)]))
    return;
  flushSettle(e.t);
  Frame f = base(e);
  f.kind = "state";
  f.heaps = std::move(real);
  f.heap = heapIndex(f.heaps, heapId);
  size_t n = f.heaps[static_cast<size_t>(f.heap)].t.size();
  // the era code names the function that rewrote it (TimerHeap::truncateRaw's caller)
  std::string fn = e.fn ? e.fn : "";
  f.text = fn == "clearDeletedTimers"
               ? fmt::format(
                     "clearDeletedTimers: the deleted timers are dropped; the others are "
                     "compacted in place (each sifted up) and the slice is cut to {}.",
                     n)
               : fmt::format("{}{} is rewritten in place; it now holds {} timers.",
                             fn.empty() ? "" : fn + ": ", era().heapName(heapId), n);
  add(std::move(f));
}

void Recorder::onSift(const trace::Event& e) {
  int heapId = static_cast<int>(e.a[0]);
  auto tid = static_cast<uint32_t>(e.a[1]);
  if (!pending_ || pending_->heapId != heapId || pending_->timer != tid) {
    flushSettle(e.t);
    pending_ = Pending{heapId, tid, "sift"};
  }
  int from = static_cast<int>(e.a[2]), to = static_cast<int>(e.a[3]);
  pending_->dir = to < from ? -1 : 1;
  if (!wanted(heapId)) return;
  // The moving timer, from the last consistent state (it is in no slot of the real array
  // after the first step of a hole-moving sift).
  std::vector<HeapSnap> prev = current();
  std::optional<TimerSnap> moving;
  int pi = heapIndex(prev, heapId);
  if (pi >= 0) {
    for (const TimerSnap& s : prev[static_cast<size_t>(pi)].t) {
      if (s.id == tid) moving = s;
    }
  }
  Frame f = base(e);
  f.kind = "sift";
  f.heaps = snapshot();
  f.heap = heapIndex(f.heaps, heapId);
  if (f.heap < 0) return;
  auto& t = f.heaps[static_cast<size_t>(f.heap)].t;
  if (from < 0 || to < 0 || static_cast<size_t>(std::max(from, to)) >= t.size()) return;
  if (!moving) {
    moving = t[static_cast<size_t>(from)];
    moving->id = tid;
    moving->name = timerName(tid);
    moving->when = o_.key(e.a[4]);
  }
  t[static_cast<size_t>(from)] = *moving;  // the hole holds the moving timer
  std::swap(t[static_cast<size_t>(from)], t[static_cast<size_t>(to)]);
  const TimerSnap& other = t[static_cast<size_t>(from)];
  f.hi = {to, from};
  std::string ce = codeEra();
  const rt::HeapCode& hc = era().heapCode();
  if (to < from) {
    f.fn = e.fn ? e.fn : "";  // the heap code names it (siftupTimer, siftUp)
    f.text = fmt::format(
        "{}: {} ({}) < its parent {} ({}) at ({}-1)/4 = {}: they swap, {} moves up "
        "to index {}.",
        f.fn, moving->name, k(moving->when), other.name, k(other.when), from, to, moving->name, to);
    f.line = lineOf(ce, f.fn, hc.upSwap);
  } else {
    f.fn = e.fn ? e.fn : "";
    f.text = fmt::format(
        "{}: the earliest child of index {} (children {}..{}) is {} ({}) at {}, "
        "earlier than {} ({}): they swap.",
        f.fn, from, 4 * from + 1, 4 * from + 4, other.name, k(other.when), to, moving->name,
        k(moving->when));
    f.line = lineOf(ce, f.fn, hc.downSwap);
  }
  add(std::move(f));
}

void Recorder::onRemove(const trace::Event& e, bool pop) {
  flushSettle(e.t);
  int heapId = static_cast<int>(e.a[0]);
  auto tid = static_cast<uint32_t>(e.a[1]);
  if (!wanted(heapId)) return;
  std::string ce = codeEra();
  int i = pop ? 0 : static_cast<int>(e.a[2]);
  Frame f = base(e);
  f.kind = pop ? "pop" : "remove";
  f.heaps = snapshot();  // emitted before the removal: the pre-state
  f.heap = heapIndex(f.heaps, heapId);
  if (f.heap < 0) return;
  f.hi = {i};
  // the era code names the function (timerproc, dodeltimer0; deltimer, deltimerLocked,
  // dodeltimer, clearDeletedTimers; go1.23's heap of {timer, when}: deleteMin, cleanHead,
  // adjust)
  std::string fn = e.fn ? e.fn : "";
  if (fn == "deleteMin" || fn == "cleanHead" || fn == "adjust") {
    onRemoveEntry(std::move(f), heapId, tid, e.a[3], pop, i, fn);
    return;
  }
  if (fn == "clearDeletedTimers") {
    // compaction in place: no hole to fill (the heap.snapshot after it shows the result)
    f.fn = fn;
    f.text = fmt::format(
        "clearDeletedTimers: the deleted {} at index {} is dropped; the live "
        "timers are compacted, then the heap is rebuilt.",
        timerName(tid), i);
    f.line = lineOf(ce, fn, "cdel++");
    add(std::move(f));
    return;
  }
  if (pop && fn == "dodeltimer0") {
    f.text = fmt::format("dodeltimer0: {} (when {}) leaves the root of {}.", timerName(tid),
                         k(o_.key(e.a[3])), era().heapName(heapId));
    f.line = lineOf(ce, fn, "last := len(");
  } else if (pop) {
    f.text = fmt::format(
        "{}: the root {} (when {}) is due: it is removed from the heap before it "
        "runs.",
        fn, timerName(tid), k(o_.key(e.a[3])));
    f.line = lineOf(ce, fn, "remove from heap");
  } else {
    f.text = fmt::format("{}: {} is removed from index {}.", fn, timerName(tid), i);
    f.line = lineOf(ce, fn, "last := len(");
  }
  f.fn = fn;
  auto& t = f.heaps[static_cast<size_t>(f.heap)].t;
  if (static_cast<size_t>(i) >= t.size()) return;
  Frame g = f;  // the hole is filled by the last timer
  add(std::move(f));
  auto& gt = g.heaps[static_cast<size_t>(g.heap)].t;
  size_t last = gt.size() - 1;
  g.kind = "fill";
  g.fn = fn;
  if (static_cast<size_t>(i) == last) {
    gt.pop_back();
    g.hi = {};
    g.text = fmt::format("It was the last element: the slice just shrinks to {}.", last);
    g.line = lineOf(ce, fn, "[:last]");
  } else {
    TimerSnap lastT = gt[last];
    gt[static_cast<size_t>(i)] = lastT;
    gt.pop_back();
    g.hi = {i};
    g.text = pop || i == 0 ? fmt::format(
                                 "The last timer {} ({}) moves into the root; siftdownTimer(0) "
                                 "restores the order.",
                                 lastT.name, k(lastT.when))
                           : fmt::format(
                                 "The last timer {} ({}) fills index {}; siftupTimer({}) then "
                                 "siftdownTimer({}) restore the order.",
                                 lastT.name, k(lastT.when), i, i, i);
    // go1.14+: "pp.timers[i] = pp.timers[last]"; before: "timers.t[i] = timers.t[last]" (whose
    // function has an earlier line with "[last]" only in go1.14+)
    g.line = lineOf(ce, fn, "= pp.timers[last]");
    if (g.line < 0) g.line = lineOf(ce, fn, "[last]");
    pending_ = Pending{heapId, lastT.id, "fill"};
  }
  add(std::move(g));
}

// The three ways out of a heap of {timer, when} entries (time.go@go1.23rc1): deleteMin (the root,
// via updateHeap or run), cleanHead's tail drop (ts.heap[:n-1]) and adjust's swap with the tail,
// which does not sift: adjust rebuilds the heap with initHeap after its scan.
void Recorder::onRemoveEntry(Frame f, int heapId, uint32_t tid, int64_t key, bool pop, int i,
                             const std::string& fn) {
  std::string ce = codeEra();
  auto& t = f.heaps[static_cast<size_t>(f.heap)].t;
  if (static_cast<size_t>(i) >= t.size()) return;
  size_t last = t.size() - 1;
  f.fn = fn;  // the era code names it: deleteMin, cleanHead or adjust
  if (pop) {
    f.text = fmt::format("deleteMin: {} (heap key {}) leaves the root of {}.", timerName(tid),
                         k(o_.key(key)), era().heapName(heapId));
    f.line = lineOf(ce, fn, "last := len(ts.heap) - 1");
  } else if (fn == "cleanHead") {
    f.text = fmt::format("cleanHead: the zombie {} at the tail (index {}) is dropped.",
                         timerName(tid), i);
    f.line = lineOf(ce, fn, "ts.heap = ts.heap[:n-1]");
  } else {
    f.text = fmt::format("adjust: the zombie {} at index {} is removed.", timerName(tid), i);
    f.line = lineOf(ce, fn, "ts.heap[i] = ts.heap[n-1]");
  }
  Frame g = f;  // the hole is filled by the last entry
  add(std::move(f));
  auto& gt = g.heaps[static_cast<size_t>(g.heap)].t;
  g.kind = "fill";
  if (static_cast<size_t>(i) == last) {
    gt.pop_back();
    g.hi = {};
    g.text = fmt::format("It was the last entry: the slice just shrinks to {}.", last);
    g.line = fn == "deleteMin" ? lineOf(ce, fn, "ts.heap = ts.heap[:last]")
             : fn == "adjust"  ? lineOf(ce, fn, "ts.heap = ts.heap[:n-1]")
                               : g.line;
  } else {
    TimerSnap lastT = gt[last];
    gt[static_cast<size_t>(i)] = lastT;
    gt.pop_back();
    g.hi = {i};
    if (pop) {
      g.text =
          fmt::format("The last entry {} ({}) moves into the root; siftDown(0) restores the order.",
                      lastT.name, k(lastT.when));
      g.line = lineOf(ce, fn, "ts.heap[0] = ts.heap[last]");
      pending_ = Pending{heapId, lastT.id, "fill"};
    } else {
      g.text = fmt::format(
          "The last entry {} ({}) fills index {} without sifting; adjust rebuilds the heap "
          "with initHeap after its scan.",
          lastT.name, k(lastT.when), i);
      g.line = lineOf(ce, fn, "ts.heap[i] = ts.heap[n-1]");
    }
  }
  add(std::move(g));
}

// A TimerStatus event (a2 = old state, a3 = new state: go1.14's status, go1.23's bits),
// told in the era's words (TimerBackend::stateStory) and shown in the Go function the era
// code names (Event::fn), at the line of it that makes the change.
void Recorder::onStatus(const trace::Event& e) {
  auto tid = static_cast<uint32_t>(e.a[1]);
  auto from = static_cast<uint8_t>(e.a[2]), to = static_cast<uint8_t>(e.a[3]);
  int heapId = static_cast<int>(e.a[0]);
  if (heapId >= 0 && !wanted(heapId)) return;
  if (heapId < 0 && !o_.heapFilter.empty()) return;
  flushSettle(e.t);
  Frame f = base(e);
  f.kind = "status";
  f.heaps = snapshotWith(tid, to);  // set after the event: show the new state
  for (size_t h = 0; h < f.heaps.size(); h++) {
    for (size_t i = 0; i < f.heaps[h].t.size(); i++) {
      if (f.heaps[h].t[i].id == tid) {
        f.heap = static_cast<int>(h);
        f.hi = {static_cast<int>(i)};
      }
    }
  }
  const rt::TimerBackend& er = era();
  f.fn = e.fn ? e.fn : "";
  rt::StateStory story = er.stateStory(from, to, f.fn);
  if (!f.fn.empty()) {
    f.line = lineOf(codeEra(), f.fn, story.at);
    if (f.line < 0 && !story.orAt.empty()) f.line = lineOf(codeEra(), f.fn, story.orAt);
  }
  f.text = fmt::format("{}: {} -> {}{}.", timerName(tid), er.stateName(from), er.stateName(to),
                       story.why.empty() ? "" : " (" + story.why + ")");
  add(std::move(f));
}

void Recorder::onFire(const trace::Event& e) {
  flushSettle(e.t);
  // a timer of a per-P heap fires on its P (e.p); timerprocs run the other layouts' timers
  if (!o_.heapFilter.empty() && e.p >= 0 && std::string_view(era().heapLayout()) == "perP" &&
      o_.heapFilter != era().heapName(e.p)) {
    return;
  }
  Frame f = base(e);
  f.kind = "fire";
  f.heaps = current();
  bool lazy = e.a[4] == 1;  // TimerFire a4: run by the channel's receiver (go1.23; else 0)
  f.text = fmt::format("{} fires: its function runs (when {}){}.",
                       timerName(static_cast<uint32_t>(e.a[1])), k(o_.key(e.a[2])),
                       lazy ? ", lazily: the channel's receiver ran it (maybeRunChan)" : "");
  f.fn = e.fn ? e.fn : "";  // the era code names it: timerproc, runOneTimer, unlockAndRun
  f.line = lineOf(codeEra(), f.fn, "f(arg, seq");
  add(std::move(f));
}

void Recorder::onTimerOp(const trace::Event& e) {
  if (e.kind == Kind::TimerReset) {
    // A Reset that changed a timer's when and nothing else (go1.23's t.modify on a timer
    // already timerModified changes t.when and no state bit): no status event shows the new
    // pending when, so show it now (found by fuzz_heaplab_parse).
    std::string story =
        era().whenOnlyStory(timerName(static_cast<uint32_t>(e.a[1])), k(o_.key(e.a[2])));
    std::vector<HeapSnap> real;  // snapshots only where the era has such a change
    if (!story.empty() && current() != (real = snapshot())) {
      flushSettle(e.t);
      Frame f = base(e);
      f.kind = "state";
      f.heaps = std::move(real);
      f.text = std::move(story);
      add(std::move(f));
    }
  }
  if (!o_.autoOps) return;
  auto tid = static_cast<uint32_t>(e.a[1]);
  std::string nm = timerName(tid);
  std::string g = e.g ? fmt::format("G{}", e.g) : "the runtime";
  if (e.kind == Kind::TimerCall) {
    // Stop or Reset begins: its heap events follow, so it is announced by the first of them
    // (the result comes with timer.del / timer.reset at the end).
    flushSettle(e.t);
    bool reset = e.a[2] != 0;
    call_ = Call{tid, reset, -1};
    OpInfo o;
    o.text = reset ? fmt::format("{} resets {} to {}", g, nm, k(o_.key(e.a[3])))
                   : fmt::format("{} stops {}", g, nm);
    pendingOp_ = o;
    return;
  }
  if (call_ && call_->timer == tid) {
    bool ends = e.kind == (call_->reset ? Kind::TimerReset : Kind::TimerDel);
    if (!ends) return;  // a Reset's own stopTimer and startTimer (<= go1.13)
    flushSettle(e.t);
    bool result = e.a[e.kind == Kind::TimerReset ? 3 : 2] != 0;
    std::string text = fmt::format("{} = {}", call_->reset ? "Reset" : "Stop", result);
    if (call_->opIndex >= 0) ops_[static_cast<size_t>(call_->opIndex)].result = text;
    pendingOp_.reset();  // a call that changed no heap has no frame to mark
    call_.reset();
    return;
  }
  // A start: timer.add comes before the runtime adds the timer (startTimer, newTimer123). Every
  // timer.del and timer.reset ends a Stop or Reset that its timer.call began (above).
  if (e.kind != Kind::TimerAdd) return;
  flushSettle(e.t);
  OpInfo o;
  o.text = fmt::format("{} starts {} (when {})", g, nm, k(o_.key(e.a[2])));
  pendingOp_ = o;
}

std::string Recorder::who(const trace::Event& e) const {
  if (e.g == 0) return fmt::format("M{} (g0)", e.m);
  if (auto it = gLabels_.find(e.g); it != gLabels_.end()) return it->second;
  if (e.g == 1) return "G1 (main)";
  return fmt::format("G{}", e.g);
}

void Recorder::onLock(const trace::Event& e, bool acquire) {
  int id = static_cast<int>(e.a[0]);
  // a lock event names a registered lock by its id, its index in locks()
  const rt::Runtime& r = rt::Runtime::current();
  if (id < 0 || static_cast<size_t>(id) >= r.locks().size()) return;
  std::string name = r.lockName(*r.locks()[static_cast<size_t>(id)]);
  if (name.find("timers") == std::string::npos) return;  // only the timer locks
  LockRow& row = locks_[id];
  row.name = name;
  if (acquire) {
    row.holder = who(e);
    row.note = e.a[2] > 0 ? fmt::format("waited {} ns", e.a[2]) : "";
  } else {
    row.holder = "";
    row.note = fmt::format("held {} ns", e.a[2]);
  }
}

void Recorder::onProc(const trace::Event& e) {
  int b = static_cast<int>(e.a[0]);
  // one timerproc per bucket (go1.13: timers[i]), or the one of the global heap
  std::string nm = era().bucketCount() > 0 ? fmt::format("timerproc(timers[{}])", b) : "timerproc";
  gLabels_[e.g] = nm;
  ProcRow& row = procs_[b];
  row.name = nm;
  std::string ce = codeEra();
  Frame f = base(e);
  f.kind = "proc";
  f.fn = "timerproc";
  if (e.kind == Kind::ProcSleep) {
    row.state = fmt::format("sleeping until {} (notetsleepg)", k(o_.key(e.a[2])));
    f.text =
        fmt::format("{} sleeps in notetsleepg until the root is due ({}).", nm, k(o_.key(e.a[2])));
    f.line = lineOf(ce, "timerproc", "notetsleepg");
  } else if (e.kind == Kind::ProcWake) {
    row.state = "running";
    f.text = e.a[2] ? fmt::format("{} wakes: its sleep timed out.", nm)
                    : fmt::format("{} wakes: notewakeup (a new earliest timer).", nm);
    f.line = lineOf(ce, "timerproc", "lock(&");
  } else {
    row.state = "parked (no timers)";
    f.text = fmt::format("{} parks: the heap is empty.", nm);
    f.line = lineOf(ce, "timerproc", "goparkunlock");
  }
  if (!o_.heapFilter.empty() && o_.heapFilter != era().heapName(b)) return;
  flushSettle(e.t);
  f.heaps = current();
  add(std::move(f));
}

}  // namespace gotimers::heaplab

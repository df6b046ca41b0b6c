// Recorder: builds animation frames from the event log while a program runs.
//
// A trace::Sink that, on each heap or status event, reads the era's heaps (era().heaps(),
// read-only) and records a Frame. The heap code is the era's own (eras/timer_heap.cpp), so
// the frames are exact by construction; the recorder only has to know *when* the array is
// consistent:
//   * heap.push is emitted after the append: consistent;
//   * heap.remove / heap.pop are emitted before the removal: consistent (pre-state); the
//     recorder derives "the last timer fills the hole" from it;
//   * heap.sift(from, to) is emitted before the step, while `from` is siftupTimer's /
//     siftdownTimer's hole: every slot but `from` is consistent, and `from` holds the moving
//     timer (TimerHeap moves a hole; Go 1.9 swaps: the same array after each step).
// After each step the recorder compares its derived state with the real heap when they must
// agree (end of an operation) and counts mismatches (mismatches(), asserted 0 by tests).
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "heaplab/model.h"
#include "trace/event.h"

namespace gotimers::rt {
class Runtime;
}

namespace gotimers::heaplab {

// What to record. The recorder knows no era: it shows the events and asks the running era
// how to name what they touch (rt::TimerBackend's view methods, runtime/era_view.h).
struct RecorderOptions {
  // Heap key in display units from virtual ns.
  std::function<double(int64_t)> key = [](int64_t ns) { return double(ns); };
  // Display name of a timer id ("" -> the scenario's name for it, else "t<id>").
  std::function<std::string(uint32_t)> name;
  // Only frames about this heap ("P1", "bucket 3", "timers"); "" = every heap.
  std::string heapFilter;
  // Suffix of displayed keys ("" for lab units, "ms").
  std::string unit;
  size_t maxFrames = 5000;
  // Ask the runtime for heap.snapshot events: a heap rewritten in place (go1.14
  // clearDeletedTimers) then gets a frame with its new layout. O(heap) per heap change, so
  // only for the heap lab.
  bool heapSnapshots = false;
  // Scenario runs: each timer operation of package time starts an "operation" (scrubber
  // marker) once it produces a frame: a start at its timer.add, a Stop or Reset at its
  // timer.call (before the call's heap events), with the result from its timer.del /
  // timer.reset.
  bool autoOps = false;
  // Streaming (a GIF of a long run): each frame is handed here, with the text of its
  // operation ("" if none), once the next one exists or finish() is called, and is not kept:
  // the recorder then holds one frame and the current operation, not frames() and ops().
  std::function<void(const Frame&, const std::string& opText)> onFrame;
  // Not streaming: stop recording (truncated()) once the frames hold about this many bytes,
  // so the in-memory writers (HTML, SVG, JSON) cannot outgrow the machine; 0 = no bound.
  size_t maxBytes = 0;
};

class Recorder : public trace::Sink {
 public:
  explicit Recorder(RecorderOptions o);
  void onEvent(const trace::Event& e) override;
  bool wantsHeapSnapshots() const override { return o_.heapSnapshots; }
  // A name the program gives a timer (a JSON scenario's "as", the variable a Go program
  // assigns it to). A name given before to another timer (a variable assigned in a loop) is
  // told apart by the timer's id: t, t#7, t#9.
  void onTimerNamed(uint32_t timer, const std::string& name) override;

  // Lab operations: a frame announcing operation i, and the end of it (flushes a pending
  // settle frame, checks the derived state against the real heaps).
  // adds: the operation starts or resets timers (cleaning then means cleantimers).
  // runs: the operation lets time pass so that timers run (pop, run).
  void beginOp(int i, const std::string& narration, bool adds, bool runs = false);
  void endOp();
  // The real heaps now (the runtime of this thread must be running).
  std::vector<HeapSnap> snapshot() const { return snapshotWith(0, 0); }

  // Streaming: hands the last frame to onFrame. Call once the run is over.
  void finish();
  std::vector<Frame>& frames() { return frames_; }
  // Frames recorded (streamed or kept), and their approximate size when kept.
  size_t frameCount() const { return count_; }
  size_t bytes() const { return bytes_; }
  // autoOps: the operations seen, in frame order.
  std::vector<OpInfo>& ops() { return ops_; }
  int mismatches() const { return mismatches_; }
  bool truncated() const { return truncated_; }
  std::string timerName(uint32_t id) const;
  // The animation's era fields (layout, bucket count, state names, the Go code shown), as
  // the era running the recorded program tells them; taken at the recorder's first event,
  // since the runtime is gone by the time an animation is assembled.
  void describeEra(Animation& a) const;

 private:
  struct Pending {  // a sift sequence whose settle frame is not written yet
    int heapId;
    uint32_t timer;
    std::string why;  // "push", "fill", "pop", "sift"
    int dir = 0;      // the last sift step: -1 up, +1 down, 0 none yet
  };
  // Records f (a frame announcing a new operation first), or discard()s it past the bounds.
  Frame& add(Frame f);
  Frame& discard();  // a frame past maxFrames / maxBytes: sets truncated()
  Frame base(const trace::Event& e) const;
  // snapshot(), with timer `id`'s state bits taken as `state` (go1.23: a TimerStatus event
  // comes before the bits change); id 0: none.
  std::vector<HeapSnap> snapshotWith(uint32_t id, uint8_t state) const;
  std::vector<HeapSnap> current() const;  // the last frame's heaps, or a snapshot
  int heapIndex(const std::vector<HeapSnap>& hs, int heapId) const;
  bool wanted(int heapId) const;
  void flushSettle(int64_t t);
  void onPush(const trace::Event& e);
  void onSift(const trace::Event& e);
  void onRemove(const trace::Event& e, bool pop);
  // a removal from a heap of {timer, when} entries (go1.23's deleteMin, cleanHead, adjust)
  void onRemoveEntry(Frame f, int heapId, uint32_t tid, int64_t key, bool pop, int i,
                     const std::string& fn);
  void onStatus(const trace::Event& e);
  void onSnapshot(const trace::Event& e);
  void onFire(const trace::Event& e);
  void onLock(const trace::Event& e, bool acquire);
  void onProc(const trace::Event& e);
  void onTimerOp(const trace::Event& e);
  std::string who(const trace::Event& e) const;
  std::string k(double when) const;

  // the first event: note what describeEra needs
  void noteEra();

  RecorderOptions o_;
  struct EraLook {
    std::string layout;
    int bucketCount = 0;
    std::vector<std::string> stateNames;
    std::string code;  // codeEra()
  };
  std::optional<EraLook> eraLook_;
  // Every frame, or (streaming) only the last one, not yet handed to onFrame.
  std::vector<Frame> frames_;
  size_t count_ = 0;        // frames recorded
  size_t bytes_ = 0;        // approximate bytes of frames_ (not streaming)
  int opCount_ = 0;         // operations seen (not streaming: ops_.size())
  std::string curOpText_;   // streaming: the text of operation curOp_
  std::string heldOpText_;  // streaming: the text of the held frame's operation
  std::optional<Pending> pending_;
  std::optional<OpInfo> pendingOp_;  // autoOps: announced once it has a frame
  // autoOps: the Stop or Reset in progress (timer.call seen, its timer.del / timer.reset not
  // yet), and the index in ops_ it was announced as (-1: not yet, or streaming).
  struct Call {
    uint32_t timer = 0;
    bool reset = false;
    int opIndex = -1;
  };
  std::optional<Call> call_;
  std::vector<OpInfo> ops_;
  std::map<int, LockRow> locks_;  // by lock id
  std::map<int, ProcRow> procs_;  // by bucket (timerproc) index
  std::map<int64_t, std::string> gLabels_;
  std::map<uint32_t, std::string> names_;  // the scenario's names of timers (onTimerNamed)
  std::set<std::string> givenNames_;       // every name onTimerNamed was given
  int curOp_ = -1;
  int curOpKind_ = 0;  // 1: the current operation adds or resets timers; 2: it runs timers
  int mismatches_ = 0;
  bool truncated_ = false;
};

}  // namespace gotimers::heaplab

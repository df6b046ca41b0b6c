// The VM: runs a loaded Go program (ir.h) on the simulated runtime.
//
// One goroutine = one G = one rt::Task<void> coroutine running a flat instruction loop over
// an explicit frame stack (a Go call pushes a Frame; no C++ recursion per Go call). Blocking
// operations co_await the runtime (rt::chanrecv, rt::chansend, rt::selectgo, package time of
// src/go), so every era's timer code runs as it does for the C++ API. User instructions cost
// CostModel::user_instr each, charged in batches (every kBatch instructions and before any
// runtime call), after which the goroutine yields if its M ran past another event.
//
// Panics: a Go panic unwinds frames by running their deferred calls (Frame::mode Panicking);
// a deferred call that recovers stops it and its frame continues at Func::recoverPc. An
// unrecovered panic ends the goroutine by throwing rt::GoPanic with Go's message, which the
// runtime reports as "panic: ...\n\ngoroutine N [running]:".
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/container/small_vector.hpp>

#include "program/externs.h"
#include "program/ir.h"
#include "runtime/runtime.h"
#include "runtime/task.h"
#include "sim/rng.h"

namespace gotimers::program {

// os.Exit: unwinds the goroutine and ends the run (run.cpp turns it into the exit status).
struct ProgramExit : std::exception {
  const char* what() const noexcept override { return "os.Exit"; }
};

// A pending call: of `go` and `defer` (operands already evaluated), or made by an extern.
struct CallRec {
  Value fn;  // VK::Func (function or extern index, or a Closure), or the receiver of an invoke
  int32_t sel = -1;       // invoke
  Op builtin = Op::Call;  // Call for a func value; else a builtin (close, print, ...)
  int32_t pos = 0;
  std::vector<Value> args;
};

struct Frame {
  const Func* fn = nullptr;
  int32_t pc = 0;
  int32_t base = 0;  // first register in G::regs
  int32_t dst = -1;  // the caller's register for the results
  enum Mode : uint8_t { Normal, Panicking } mode = Normal;
  bool deferCall = false;  // a deferred call run by a panicking frame (recover works here)
  bool stop = false;       // a nested run (callSync) returns when this frame returns
  std::unique_ptr<std::vector<CallRec>> defers;
};

struct G {
  std::vector<Value> regs;
  // most goroutines (a timer's func, a `go` statement's) run one or two frames at a time
  boost::container::small_vector<Frame, 2> frames;
  bool panicking = false;
  bool recovered = false;
  bool goexit = false;  // runtime.Goexit (t.FailNow): unwinding that recover cannot stop
  Value panicVal;       // an interface{} value
  int nested = 0;       // > 0: inside callSync (no yielding, no blocking)
  Value syncResult;     // the result of the frame callSync ran
  int64_t goid = 0;
};

// What `go test` would select (--run / --bench / --benchtime; docs/go-programs.md).
struct TestOptions {
  bool enabled = false;   // run tests and benchmarks instead of main
  std::string run = ".";  // ECMAScript regex over test names ("" runs none)
  std::string bench;      // "" runs no benchmark
  int64_t benchtimeNs = 1'000'000'000;
  int64_t benchtimeN = 0;  // --benchtime Nx
  std::string benchtimeText = "1s";
};

// What a run gives the program beyond its code: os.Args and the test selection.
struct VMOptions {
  std::string progName = "prog";  // os.Args[0]
  std::vector<std::string> args;  // os.Args[1:] (the arguments after `--`)
  TestOptions test;
};

// A flag the program defined (flag.Int, flag.DurationVar, ...), as package flag keeps it.
struct FlagDef {
  char kind = 'i';  // i int, I int64, u uint, f float64, b bool, s string, d Duration
  Value ptr;        // where the value lives (a pointer into VM memory)
  std::string def, usage;
};
struct FlagSet {
  std::map<std::string, FlagDef> defs;  // sorted by name, as VisitAll visits them
  bool parsed = false;
  std::vector<std::string> rest;  // flag.Args()
};

struct TestRun;  // vm_testing.cpp

// One benchmark's result line, as testing.BenchmarkResult has it: the name as printed
// ("BenchmarkStop-4"), b.N, ns/op (b.ReportMetric's "ns/op" if the benchmark set one, as Go's
// latency benchmarks set 0) and its other ReportMetric figures by unit ("avg-late-ns").
struct BenchResult {
  std::string name;
  int64_t n = 0;
  int64_t durationNs = 0;  // virtual ns the timer was on
  double nsPerOp = 0;
  std::map<std::string, double> extra;
};

class VM {
 public:
  explicit VM(const Program& p, VMOptions opts = {});
  ~VM();
  VM(const VM&) = delete;
  VM& operator=(const VM&) = delete;

  // The main goroutine's body: package init, then main.main (or the tests and benchmarks
  // when opts.test.enabled: testMain, vm_testing.cpp).
  rt::Task<void> mainBody();
  const Program& prog() const { return p_; }
  const VMOptions& opts() const { return opts_; }

  // --- for externs ------------------------------------------------------------------------
  // Program output (line-buffered into the runtime's output).
  void write(std::string_view text);
  void flush();
  // The program's stderr (os.Stderr, package flag's messages): kept apart, printed by the
  // command after the run's output.
  void writeErr(std::string_view text) { errText += text; }
  std::string errText;
  FlagSet flags;
  Value ctxCanceled, ctxDeadline;  // context.Canceled, context.DeadlineExceeded
  std::optional<sim::Rng> rand;    // math/rand's source after rand.Seed
  std::unique_ptr<TestRun> testing;
  // Calls a func value on g, which may block (sync.Once.Do's f); returns its result.
  rt::Task<Value> callAsync(G& g, CallRec call);
  // A goroutine running call that closes done when it ends (returns or runtime.Goexit).
  void spawn(CallRec call, std::string label, Ref<RefCounted> done);
  // runtime.Goexit: unwinds g running its deferred calls; the goroutine then ends.
  void goexit(G& g);
  // A method of a VM-made type (NativeMethod) called through an interface.
  Value nativeMethod(G& g, int32_t native, const Value& recv, const std::vector<Value>& args);
  // The body of a goroutine running call (AfterFunc's f).
  rt::Task<void> runCall(CallRec call) { return goroutine(std::move(call)); }
  // go f(args): starts a goroutine running the func value fn.
  void startGoroutine(CallRec call, std::string label);
  // Calls a func value on g and runs it to completion without blocking (String/Error
  // methods called by fmt); a blocking operation inside is a panic.
  Value callSync(G& g, CallRec call);
  // The method sel of dynamic type t, or nullptr.
  const Method* method(int32_t t, int32_t sel) const;
  // A runtime error panic value ("runtime error: ..." when runtime is set).
  Value errorValue(int32_t type, std::string msg) const;
  std::string panicText(G& g, const Value& v);
  // Charges the pending instruction cost of g now.
  void chargePending();
  // chargePending, then polls the run's limits: what the instruction loop does wherever it
  // charges a batch (a batch's end, a library call, make(chan)). A goroutine that never
  // blocks meets no event to poll at, and a loop whose every turn charges never reaches a
  // batch's end. (Not on the exit paths: they must flush the output first.)
  void chargeBatch();
  sim::Rng& mapRng();
  std::optional<int> exitCode;            // os.Exit
  std::vector<BenchResult> benchResults;  // every benchmark line printed, in order
  int64_t epochNs() const;

 private:
  // A goroutine's body: its G lives in this coroutine's frame (one allocation less).
  rt::Task<void> goroutine(CallRec call, Ref<RefCounted> done = {});
  rt::Task<void> testMain(G& g);  // vm_testing.cpp
  void resetGlobals();
  rt::Task<void> exec(G& g, size_t stopDepth);
  // Runs g's top frame's simple instructions (vm_simple.h) and calls of synchronous
  // library functions, adding each to sinceCharge (charged before a call, as the full loop
  // does), up to an instruction only the full loop runs (Full: at the frame's pc), a call
  // after which the goroutine may have to yield or that pushed a frame (Checkpoint), or
  // the first instruction for the full loop after a call (Restart: a call can move g's
  // frames and registers, so the caller fetches them again).
  enum class SimpleStop : uint8_t { Full, Checkpoint, Restart };
  SimpleStop runSimple(G& g, int64_t& sinceCharge);
  // Pushes a frame calling call; returns false if it ran natively (an extern or builtin);
  // results go to dst of the caller frame.
  bool pushCall(G& g, const CallRec& c, int32_t dst);
  void pushFrame(G& g, const Func& f, const Value* args, int32_t nargs, const Value* free,
                 int32_t nfree, int32_t dst);
  void startPanic(G& g, Value v);
  void runtimePanic(G& g, int32_t type, std::string msg);
  const Program& p_;
  VMOptions opts_;
  std::string line_;
  int64_t pending_ = 0;  // instructions not yet charged
  int64_t nextGoid_ = 1;

  friend struct ExecState;
  friend struct TestDriver;
};

// The loaded program's text as Go prints a value of type t (fmt.go's %v), for externs.
std::string formatValue(VM& vm, G& g, const Value& v, int32_t t, char verb, bool plus, bool sharp);

}  // namespace gotimers::program

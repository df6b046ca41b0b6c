// The loaded Go program (docs/go-ir.md): the IR document compiled once into flat tables.
//
// Invariants after load (ir_load.cpp validates every index and throws LoadError otherwise):
// every type, function, extern, selector, constant and register index is in range; each
// function's code is one flat Instr array in which jump targets are code offsets and edge
// moves are plain Copy instructions (an `if` whose edge has moves branches to a trampoline
// "moves; jump" emitted after the blocks); every extern names a native implementation.
// Nothing at run time compares a string or looks into JSON.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "program/value.h"

namespace gotimers::program {

struct LoadError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

enum class TK : uint8_t {
  Bool,
  Int,
  Int8,
  Int16,
  Int32,
  Int64,
  Uint,
  Uint8,
  Uint16,
  Uint32,
  Uint64,
  Uintptr,
  Float32,
  Float64,
  String,
  Named,
  Pointer,
  Slice,
  Array,
  Map,
  Chan,
  Struct,
  Func,
  Interface,
  Tuple,
  Iter,
  Invalid,
};

// What a library struct held by value is natively (section 8 of docs/go-ir.md).
enum class NativeKind : uint8_t {
  None,
  Time,
  Timer,
  Ticker,
  WaitGroup,
  Mutex,
  RWMutex,
  Once,
  Cond,
  AtomicInt,
  AtomicBool,
  AtomicValue,
  Other,
};

struct Method {
  int32_t sel = -1;
  int32_t type = -1;
  int32_t func = -1;    // a program function taking the receiver first
  int32_t ext = -1;     // or an extern
  int32_t native = -1;  // or a native method of a VM-made type (NativeMethod)
};

// Methods of VM-made types: an error's Error(); a context's Deadline/Done/Err/Value
// (externs_context.cpp); rand.NewSource's Int63/Uint64/Seed (externs_math.cpp).
enum class NativeMethod : int32_t {
  ErrorString = 0,
  CtxDeadline,
  CtxDone,
  CtxErr,
  CtxValue,
  RandInt63,
  RandUint64,
  RandSeed
};

struct Type {
  TK kind = TK::Invalid;
  TK base = TK::Invalid;  // kind of the underlying type (named types resolved)
  std::string str;        // Go's runtime name (%T, panics)
  std::string name, pkg;  // named types
  int32_t elem = -1, key = -1, underlying = -1, len = 0;
  bool opaque = false;
  NativeKind native = NativeKind::None;
  int32_t nslots = 0;  // opaque structs: Go field indices that have slots
  struct Field {
    std::string name;
    int32_t type = -1;
    bool embedded = false;
    int32_t index = -1;  // opaque: Go's field index
  };
  std::vector<Field> fields;
  std::vector<int32_t> params, results, elems;
  bool variadic = false;
  std::vector<Method> methods;    // interface: (sel, type), sorted as Go sorts them
  std::vector<Method> methodset;  // concrete types put in interfaces
  const Method* findMethod(int32_t sel) const {
    for (const auto& m : methodset) {
      if (m.sel == sel) return &m;
    }
    return nullptr;
  }
};

enum class Op : uint8_t {
  Alloc,
  Bin,
  BinI64,  // Bin on int/int64 operands that cannot panic (set by the loader; vm_simple.h)
  Not,
  Neg,
  Compl,
  Load,
  Recv,
  Call,
  CallExt,
  CallClosure,
  Invoke,
  Len,
  Cap,
  Append,
  Copy,
  Delete,
  Close,
  Recover,
  Print,
  Println,
  WrapNilChk,
  CallPanic,
  Go,
  Defer,
  RunDefers,
  Move,
  ConvertNum,
  ConvertStr,
  SliceToArrayPtr,
  MakeIface,
  MakeClosure,
  MakeMap,
  MakeChan,
  MakeSlice,
  Slice,
  FieldAddr,
  Field,
  IndexAddr,
  Index,
  Lookup,
  Select,
  Range,
  Next,
  TypeAssert,
  Extract,
  Jump,
  If,
  Return,
  Panic,
  Send,
  Store,
  MapUpdate,
  // Fused pairs, set by the loader and run by VM::runSimple (vm_simple.cpp): a BinI64 whose
  // result the next instruction, an If, tests; a Move straight before a Jump (a phi's edge
  // copy). The second instruction stays in place after the first, and each half counts as
  // one instruction (virtual time is the same), so one dispatch runs both.
  BinI64If,
  MoveJump,
};

enum class BinOp : uint8_t {
  Add,
  Sub,
  Mul,
  Div,
  Rem,
  And,
  Or,
  Xor,
  AndNot,
  Shl,
  Shr,
  Eq,
  Ne,
  Lt,
  Le,
  Gt,
  Ge
};

// One instruction. Operands: >= 0 a register of the frame, < 0 constant -1-x.
struct Instr {
  Op op;
  uint8_t sub = 0;      // BinOp; ConvertStr's kind; flags
  TK nk = TK::Invalid;  // the operand's numeric kind (Bin, Neg, Compl, Convert*: source)
  TK rk = TK::Invalid;  // the result's kind (ConvertNum)
  int32_t dst = -1;
  int32_t x = 0, y = 0, z = 0, w = 0;
  int32_t aux = -1;   // type, field, function, extern, selector, block offset, side table
  int32_t aux2 = -1;  // second target (If), flags
  int32_t argOff = 0, argN = 0;  // into Func::args
  int32_t pos = 0;               // into Program::positions
};

struct Func {
  std::string name, goname;
  int32_t type = -1;
  int32_t nparams = 0, nfree = 0, nregs = 0;
  int32_t recoverPc = -1;
  int32_t pos = 0;
  std::vector<Instr> code;
  std::vector<int32_t> args;
  std::vector<int32_t> regTypes;
};

// A call inside `go` / `defer`: the call instruction itself (op Call/CallExt/...).
struct SelectState {
  bool send = false;
  int32_t chan = 0, val = 0;
};
struct SelectInfo {
  bool blocking = true;
  std::vector<SelectState> states;
  int32_t tupleType = -1;
};

struct Program;
struct ExternCtx;
using ExternSync = void (*)(ExternCtx&);
struct ExternDef;

struct Extern {
  std::string name;
  int32_t type = -1;
  const ExternDef* impl = nullptr;  // null: not provided (calling it panics)
};

struct Position {
  int32_t file = -1, line = 0, col = 0;
};

struct Program {
  std::vector<std::string> files;
  // "minGo": the files' build constraints need Go 1.minGoMinor or newer (//go:build go1.15);
  // eras of older versions skip the program as a JSON scenario's "minGo" skips them
  int minGoMinor = 0;
  std::vector<Type> types;
  std::vector<std::string> selectors;  // "name" or "pkg.name"
  std::vector<Value> consts;
  std::vector<int32_t> constTypes;
  struct Global {
    std::string name;
    int32_t type = -1;
  };
  std::vector<Global> globals;
  std::vector<Func> funcs;
  std::vector<Extern> externs;
  std::vector<Position> positions;
  std::vector<Instr> deferred;  // the calls of go / defer (Instr::aux indexes it)
  // What a timer maker's result is assigned to in the source (`t := time.NewTimer(d)`: "t"),
  // the timer's name in traces and animations; a CallExt's aux2 indexes it (-1: none).
  std::vector<std::string> timerNames;
  std::vector<SelectInfo> selects;
  int32_t init = -1, main = -1;
  // func TestXxx(*testing.T) / BenchmarkXxx(*testing.B) of _test.go files, in source order
  struct TestFunc {
    std::string name;
    int32_t func = -1;
  };
  std::vector<TestFunc> tests, benchmarks;
  // every global's address constant (-1: the program never names it), for the per-run reset
  std::vector<int32_t> globalConst;
  std::vector<bool> globalExtern;  // a library variable (os.Stdout, context.Canceled)
  // VM-made types (errors.New, fmt.Errorf, runtime errors) and the selectors they need
  int32_t tErrorString = -1, tWrapError = -1, tRuntimeError = -1, tBoundsError = -1,
          tPlainError = -1, tEmptyIface = -1, tString = -1, tInt = -1, tBool = -1, tDuration = -1,
          tTime = -1;
  // VM-made library values: contexts (%T as Go prints them), *os.File, strconv's errors
  int32_t tEmptyCtx = -1, tCancelCtx = -1, tTimerCtx = -1, tValueCtx = -1, tFile = -1,
          tNumError = -1, tDeadlineErr = -1, tRandSource = -1;
  int32_t selError = -1, selString = -1;
  int32_t extCancel = -1;  // the CancelFunc of context.WithCancel/WithTimeout/WithDeadline

  std::string where(int32_t pos) const;  // "file:line:col"
  // The zero value of a type (fresh boxes for aggregates).
  Value zero(int32_t type) const;
  const Type& under(int32_t t) const {
    return types[static_cast<size_t>(types[t].underlying >= 0 ? types[t].underlying : t)];
  }
};

// Reads the IR (gofront's output) and compiles it; throws LoadError naming what is wrong
// (an unsupported extern: "file:line:col: unsupported: call to X (not yet in the VM)").
Program loadProgram(const std::string& json);

}  // namespace gotimers::program

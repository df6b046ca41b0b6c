// The library the VM provides natively (docs/go-ir.md section 8): one registration table
// by Go name (types.Func.FullName: "time.NewTimer", "(*sync.Mutex).Lock"), filled by one
// function per package (externs_time.cpp, externs_fmt.cpp, ...). The loader resolves every
// extern the IR names through it once; a call then costs one indirect call.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "program/ir.h"
#include "runtime/task.h"

namespace gotimers::program {

class VM;
struct G;

// One call of a library function: its arguments (receiver first; variadic ones packed in a
// slice, as Go passes them) and where its result goes. An extern that calls back into the
// program does so through VM::callSync (sort.Slice, fmt's String methods) or, if that may
// block, as an async extern (sync.Once.Do).
struct ExternCtx {
  VM& vm;
  G& g;
  const Value* args;
  int32_t nargs;
  int32_t ext;  // index into Program::externs
  int32_t pos;
  Value result;
  // The func value called when the extern was called through one (a CancelFunc's closure
  // holds its context); null for a direct call.
  const Value* fnv = nullptr;
  const Value& arg(int i) const { return args[i]; }
  int64_t i(int k) const { return args[k].i; }
};

using ExternAsync = rt::Task<void> (*)(ExternCtx&);

struct ExternDef {
  ExternSync fn = nullptr;
  ExternAsync afn = nullptr;
};

using ExternTable = std::map<std::string, ExternDef, std::less<>>;

// fmt.Sprint / Sprintln (ln) and fmt.Sprintf of a ...interface{} slice (externs_fmt.cpp).
std::string fmtSprint(ExternCtx& c, const Value& args, bool ln);
std::string fmtSprintf(ExternCtx& c, const std::string& format, const Value& args);

// The native methods of rand.NewSource's source (Int63, Uint64, Seed; externs_math.cpp).
Value randSourceMethod(NativeMethod m, const Value& recv, const std::vector<Value>& args);

// Every extern the VM implements (built once).
const ExternTable& externTable();
const ExternDef* findExtern(std::string_view name);

// Per-package registration (externs_*.cpp).
void registerTimeExterns(ExternTable& t);
void registerFmtExterns(ExternTable& t);
void registerSyncExterns(ExternTable& t);
void registerMiscExterns(ExternTable& t);      // runtime, os, errors
void registerSyncMoreExterns(ExternTable& t);  // Once, RWMutex, Cond, atomic.Value/Pointer
void registerFlagExterns(ExternTable& t);
void registerStringsExterns(ExternTable& t);  // strings, strings.Builder
void registerStrconvExterns(ExternTable& t);
void registerMathExterns(ExternTable& t);  // math, math/rand
void registerSortExterns(ExternTable& t);
void registerContextExterns(ExternTable& t);
void registerTestingExterns(ExternTable& t);

}  // namespace gotimers::program

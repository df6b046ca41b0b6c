// The heap lab's operation language: a pure parser from a string to operations.
//
// Grammar (operations separated by ';', blanks anywhere between tokens):
//   add NAME=WHEN[@Pk] [...]        start timers (one addtimer each, in order)
//   del NAME[@Pk]                   Stop the timer (deltimer)
//   reset NAME=WHEN[@Pk]            Reset the timer to WHEN
//   pop                             run the root timer (advance to its when)
//   run NOW                         run every timer due at NOW
// NAME is [A-Za-z_][A-Za-z0-9_]* (at most 32 characters); WHEN and NOW are decimal integers
// in [0, kMaxWhen], in lab time units. @Pk (k below kMaxProcs) runs that call on P k (per-P
// heaps from go1.14; bucket k on go1.13); without it, on P0. Empty operations (";;", a trailing
// ';') are skipped. At most kMaxOps operations and kMaxTimers NAME=WHEN arguments of add in all.
//
// parseOps never throws and touches no global state, so a fuzzer can call it on any bytes.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gotimers::heaplab {

inline constexpr int64_t kMaxWhen = 1'000'000'000;
inline constexpr size_t kMaxName = 32;
inline constexpr size_t kMaxOps = 1000;
inline constexpr size_t kMaxTimers = 1000;
inline constexpr int kMaxProcs = 256;

enum class OpKind { Add, Del, Reset, Pop, Run };
const char* opKindName(OpKind k);

struct TimerArg {
  std::string name;
  int64_t when = 0;  // unused by del
  size_t pos = 0;    // 0-based offset of the name in the input
  int p = -1;        // @Pk: the P the call runs on; -1: P0
};

struct Op {
  OpKind kind = OpKind::Pop;
  std::vector<TimerArg> timers;  // add: one or more; del, reset: exactly one
  int64_t now = 0;               // run
  size_t pos = 0;                // 0-based offset of the operation's first character
  std::string text;              // the operation as written, trimmed
};

struct ParseError {
  size_t pos = 0;       // 0-based offset where the problem is
  std::string op;       // the operation's text (trimmed), "" if none
  std::string message;  // what was expected
  size_t index = 0;     // 1-based number of the operation (empty ones not counted), 0 if none
  // "at column 5 (operation 2, `del`): expected a timer name ..."; the operation's text is
  // shortened beyond 40 characters and bytes other than printable ASCII are shown as \xNN.
  std::string format() const;
};

struct ParseResult {
  std::vector<Op> ops;
  std::optional<ParseError> error;  // set: ops is empty
};

ParseResult parseOps(std::string_view input);

}  // namespace gotimers::heaplab

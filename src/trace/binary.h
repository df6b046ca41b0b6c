// The binary trace (--trace FILE.gtb): the same event log as the JSON Lines trace, in 6.5 to
// 8.5 times fewer bytes, for runs where writing JSON text would cost more than the simulation
// (a traced StartStop writes ~9 events of ~90 bytes per operation; the kernel's copying of
// those bytes is most of the cost). Go's own execution tracer makes the same choice: a
// compact binary log, and a tool that turns it into text.
//
// Layout: kBinaryMagic, the header line of the JSON Lines trace (JSON, '\n'), then one
// record per event:
//   byte    kind | 0x80 if a text follows
//   varint  t - the previous record's t (zigzag; the first record's previous t is 0)
//   varint  P + 1, M + 1 (unsigned; -1 = none -> 0), then G (zigzag)
//   varint  each argument the kind names (kindArgName order a0..a5; zigzag)
//   varint  text length, then its bytes (only with 0x80)
// Varints are LEB128 (7 bits a byte, low first), zigzag-mapped when signed.
//
// Invariant: decoding a record and formatting it with LineFormat gives exactly the line the
// JSON Lines sink writes for that event, so `gotimers trace convert` turns FILE.gtb into
// the byte-identical FILE.jsonl (tested), and `trace check` / `trace stats` read either.
#pragma once
#include <cstdint>
#include <istream>
#include <string>
#include <string_view>

#include "trace/event.h"
#include "trace/jsonl_line.h"

namespace gotimers::trace {

inline constexpr std::string_view kBinaryMagic = "gotimers binary trace 1\n";

// Encodes events one after another (t is delta-coded against the previous record).
class RecordEncoder {
 public:
  // The longest record of an event without text; a text adds at most 10 + its length.
  static constexpr size_t kMaxPlainRecord = 1 + 10 * 10;
  RecordEncoder();
  // Writes e's record at out; returns its end.
  char* write(char* out, const Event& e);

 private:
  Time lastT_ = 0;
  // The argument indexes each kind records (those kindArgName names).
  unsigned char nargs_[static_cast<size_t>(Kind::NumKinds)] = {};
  unsigned char args_[static_cast<size_t>(Kind::NumKinds)][6] = {};
};

// True if the file's first bytes are kBinaryMagic (the stream is left at its start).
bool isBinaryTrace(std::istream& in);

// Reads a binary trace as the JSON Lines text it stands for: a std::streambuf that decodes
// one record at a time, so `trace check` and `trace stats` read either kind of file through
// the same line reader. A malformed record ends the text; error() then says what and where
// ("FILE: byte N: ...").
class BinaryTraceText : public std::streambuf {
 public:
  BinaryTraceText(std::istream& in, std::string name);
  const std::string& error() const { return err_; }
  uint64_t records() const { return records_; }

 protected:
  int_type underflow() override;

 private:
  bool nextLine();  // decodes the header or one record into line_; false at the end
  bool varint(uint64_t* v, const char* what);
  bool fail(const std::string& why);  // records the first error; false
  std::streambuf* src_;
  std::string name_;
  uint64_t offset_ = 0;  // bytes of the file read so far
  bool headerDone_ = false;
  bool ended_ = false;
  std::string line_;
  std::string err_;
  uint64_t records_ = 0;
  Time lastT_ = 0;
  LineFormat format_;
};

}  // namespace gotimers::trace

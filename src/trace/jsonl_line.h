// LineFormat: writes one event as its JSON Lines text (docs/trace-schema.md) straight into a
// char buffer, without building a JSON object or a std::string.
//
// The bytes are exactly those of the schema's field order: t, ev, P, M, G (when set), the
// kind's named arguments a0..a5, then text or timers. Each kind's constant fragments
// (`,"ev":"heap.push"`, `,"heap":`, ...) are built once, padded to a fixed width so that
// copying them is a fixed-size memcpy.
//
// Invariant: a line without text never exceeds kMaxPlainLine bytes; the caller guarantees
// that much room (plus textBytes() for an event with text) before calling write().
#pragma once
#include <cstddef>
#include <cstdint>

#include "trace/event.h"

namespace gotimers::trace {

class LineFormat {
 public:
  // The longest line of an event without text, and the slack write() may touch past the
  // line's end (fixed-width copies of the padded fragments).
  static constexpr size_t kMaxPlainLine = 512;

  LineFormat();
  // Bytes the text part of e may take (0 for an event without text): an upper bound.
  static size_t textBytes(const Event& e);
  // Writes e's line, newline included, at out; returns the end of the line.
  char* write(char* out, const Event& e);

 private:
  static constexpr size_t kEvWidth = 32;   // `,"ev":"<name>"`
  static constexpr size_t kKeyWidth = 16;  // `,"<arg name>":`
  struct Arg {
    char key[kKeyWidth];
    unsigned char len;
    unsigned char index;  // into Event::a
  };
  struct Kind {
    char ev[kEvWidth];
    unsigned char evLen;
    unsigned char nargs;
    Arg args[6];
  };
  Kind kinds_[static_cast<size_t>(trace::Kind::NumKinds)];
  // The digits of the last event's t (padded: copied whole).
  Time lastT_ = INT64_MIN;
  char lastTText_[24] = {};
  unsigned char lastTLen_ = 0;
};

}  // namespace gotimers::trace

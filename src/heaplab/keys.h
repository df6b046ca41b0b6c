// How a heap key reads in narrations, the SVG and the GIF (viz/src/keys.js is the player's
// copy of the same rules, and a test holds the two to the same texts). Lab animations (unit
// "") show the lab's units as typed: "20", "20.5". Scenario runs (unit "ms", keys relative to
// the run's start at virtual time 0) show a Go duration after the start, as
// time.Duration.String writes it, rounded to four significant digits so that the microsecond
// a program spends before starting its timer does not turn "+20s" into "+20.000001s".
#pragma once
#include <cstdint>
#include <string>

namespace gotimers::heaplab {

// A duration in ns as Duration.String writes it, after rounding to 4 significant digits
// ("20s", "1.5ms", "2m30s", "-3µs").
std::string roundedDuration(int64_t ns);
// The text of a key (or a pending when) of an animation whose unit is `unit`.
std::string keyText(double v, const std::string& unit);

}  // namespace gotimers::heaplab

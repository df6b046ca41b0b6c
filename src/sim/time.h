// Virtual time: int64 nanoseconds, as Go's nanotime() and time.Duration.
#pragma once
#include <cstdint>
#include <limits>

namespace gotimers {

using Time = int64_t;      // virtual monotonic clock, ns since the run started
using Duration = int64_t;  // ns, like time.Duration

inline constexpr Duration Nanosecond = 1;
inline constexpr Duration Microsecond = 1000;
inline constexpr Duration Millisecond = 1000 * Microsecond;
inline constexpr Duration Second = 1000 * Millisecond;
inline constexpr Duration Minute = 60 * Second;
inline constexpr Duration Hour = 60 * Minute;

// maxWhen = 1<<63 - 1, the clamp Go applies to overflowing deadlines.
inline constexpr Time maxWhen = std::numeric_limits<int64_t>::max();

}  // namespace gotimers

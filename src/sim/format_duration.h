// Durations as Go prints them: time.Duration.String (time/time.go), for every layer's
// messages and reports.
#pragma once
#include <cstdint>
#include <string>

namespace gotimers::sim {

// Formats a duration as Go's time.Duration.String does ("1.5ms", "2h0m0s", "0s").
std::string formatDuration(int64_t d);

}  // namespace gotimers::sim

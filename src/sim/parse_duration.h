// Go duration literals ("30s", "1.5ms", "-1ns", "1h2m"), as time.ParseDuration reads them
// (shared by JSON scenarios, the VM's time.ParseDuration and flag.Duration).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gotimers::sim {

// Parses s like Go's time.ParseDuration. On failure returns nullopt and sets *err to Go's
// message (e.g. `time: unknown unit "sec" in duration "1sec"`).
std::optional<int64_t> parseDuration(std::string_view s, std::string* err);

}  // namespace gotimers::sim

// Go duration literals ("30s", "1.5ms", "-1ns", "1h2m"), as time.ParseDuration reads them:
// sim::parseDuration (src/sim/parse_duration.h), under the name scenarios use.
#pragma once
#include "sim/parse_duration.h"

namespace gotimers::scenario {

using sim::parseDuration;

}  // namespace gotimers::scenario

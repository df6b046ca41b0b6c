// `gotimers metrics`: every metric that compare, sweep and the JSON/CSV outputs know, with its
// unit and meaning, grouped as the compare table groups them.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace gotimers::metrics {

// The listing of the metrics at the given metricDefs() indices (in table order), grouped, the
// meaning wrapped to fit `width` columns.
std::string metricList(const std::vector<size_t>& which, size_t width);

}  // namespace gotimers::metrics

#include "metrics/metric_list.h"

#include <fmt/format.h>

#include <algorithm>

#include "metrics/run_metrics.h"
#include "metrics/text.h"

namespace gotimers::metrics {

std::string metricList(const std::vector<size_t>& which, size_t width) {
  const auto& defs = metricDefs();
  size_t nameW = 0, unitW = 0;
  for (size_t i : which) {
    nameW = std::max(nameW, defs[i].name.size());
    unitW = std::max(unitW, std::string(unitName(defs[i].unit)).size());
  }
  const size_t indent = 2 + nameW + 2 + unitW + 2;
  const size_t helpW = width > indent + 20 ? width - indent : 20;
  std::string out, group;
  for (size_t i : which) {
    const MetricDef& d = defs[i];
    if (d.group != group) {
      group = d.group;
      out += (out.empty() ? "" : "\n") + group + "\n";
    }
    auto lines = wrapWords(d.help, helpW);
    out += fmt::format("  {:<{}}  {:<{}}  {}\n", d.name, nameW, unitName(d.unit), unitW,
                       lines.empty() ? "" : lines[0]);
    for (size_t k = 1; k < lines.size(); k++)
      out += fmt::format("{:{}}{}\n", "", indent, lines[k]);
  }
  return out;
}

}  // namespace gotimers::metrics

#include "metrics/metric_list.h"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "metrics/run_metrics.h"

namespace gotimers::metrics {

namespace {

// Words of text in lines of at most `width` columns (a longer word gets a line of its own).
std::vector<std::string> wrap(const std::string& text, size_t width) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string word, line;
  while (in >> word) {
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      lines.push_back(line);
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

}  // namespace

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
    auto lines = wrap(d.help, helpW);
    out += fmt::format("  {:<{}}  {:<{}}  {}\n", d.name, nameW, unitName(d.unit), unitW,
                       lines.empty() ? "" : lines[0]);
    for (size_t k = 1; k < lines.size(); k++)
      out += fmt::format("{:{}}{}\n", "", indent, lines[k]);
  }
  return out;
}

}  // namespace gotimers::metrics

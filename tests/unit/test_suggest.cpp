// Did-you-mean (io/suggest.h) and `gotimers metrics`' listing (metrics/metric_list.h).
#include <doctest/doctest.h>

#include <sstream>

#include "io/suggest.h"
#include "metrics/metric_list.h"
#include "metrics/run_metrics.h"

using namespace gotimers;

TEST_CASE("editDistance: insertions, deletions, substitutions, case ignored") {
  CHECK(io::editDistance("", "") == 0);
  CHECK(io::editDistance("abc", "") == 3);
  CHECK(io::editDistance("ns_per_opp", "ns_per_op") == 1);
  CHECK(io::editDistance("Timer", "timer") == 0);
  CHECK(io::editDistance("kitten", "sitting") == 3);
}

TEST_CASE("didYouMean: the nearest name within two edits, the first of equals, else nothing") {
  std::vector<std::string> names = {"run", "compare", "sweep", "metrics"};
  CHECK(io::didYouMean("runn", names) == " (did you mean \"run\"?)");
  CHECK(io::didYouMean("metrcs", names) == " (did you mean \"metrics\"?)");
  CHECK(io::didYouMean("animate", names).empty());  // 3+ edits from everything
  CHECK(io::closestName("ab", {"aa", "bb"}) == "aa");
  CHECK(io::closestName("x", {}).empty());
}

TEST_CASE("metric list: every metric once, under its group, with its unit, within the width") {
  const auto& defs = metrics::metricDefs();
  std::vector<size_t> all(defs.size());
  for (size_t i = 0; i < all.size(); i++)
    all[i] = i;
  std::string out = metrics::metricList(all, 100);
  std::istringstream in(out);
  std::string line, group;
  size_t seen = 0;
  while (std::getline(in, line)) {
    size_t cols = 0;
    for (unsigned char ch : line)
      cols += (ch & 0xC0) != 0x80;
    CHECK(cols <= 100);
    if (line.empty() || line.rfind("   ", 0) == 0) continue;  // gap or a wrapped meaning
    if (line[0] != ' ') {
      group = line;
      continue;
    }
    std::istringstream f(line);
    std::string name, unit;
    f >> name >> unit;
    REQUIRE(seen < defs.size());
    CHECK(name == defs[seen].name);
    CHECK(unit == metrics::unitName(defs[seen].unit));
    CHECK(group == defs[seen].group);
    seen++;
  }
  CHECK(seen == defs.size());
  // a long meaning is wrapped, not cut: every word of it is printed
  std::string narrow = metrics::metricList({0}, 60);
  std::istringstream words(defs[0].help);
  for (std::string w; words >> w;)
    CHECK(narrow.find(w) != std::string::npos);
}

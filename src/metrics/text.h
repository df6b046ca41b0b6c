// Plain-text layout for the terminal outputs (compare's table, `metrics`, report's summary):
// column widths in code points, so that "µ" takes one column, and word wrapping.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace gotimers::metrics {

// Columns a UTF-8 string takes: its code points.
size_t displayWidth(std::string_view s);

// s padded with spaces to w columns, on the left (right-aligned) or on the right.
std::string pad(const std::string& s, size_t w, bool right);

// The words of text in lines of at most `width` columns (a longer word gets a line of its own).
std::vector<std::string> wrapWords(const std::string& text, size_t width);

}  // namespace gotimers::metrics

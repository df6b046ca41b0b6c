// Did-you-mean for names a user types: scenario keys, op names, metric names. The closest
// candidate by edit distance (case-insensitive Levenshtein), when it is close enough to be a
// typo rather than another word.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace gotimers::io {

// Case-insensitive Levenshtein distance.
size_t editDistance(std::string_view a, std::string_view b);

// The candidate nearest to word at a distance of at most 2, the first of equals; "" if none.
std::string closestName(std::string_view word, const std::vector<std::string>& candidates);

// ` (did you mean "NAME"?)` for closestName's answer, or "".
std::string didYouMean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace gotimers::io

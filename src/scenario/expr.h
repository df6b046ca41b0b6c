// Integer and duration expressions in scenario fields: a JSON integer, or a string
// made of terms joined by + and -, each a product of factors joined by *; a factor is an
// integer, a Go duration literal ("10ms") or a name ($N: a parameter, a loop index, a go
// index $g, an integer bound earlier, or $GOMAXPROCS). Examples: "100ms", "$N", "$i*10ms",
// "$D+1ns".
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>

namespace gotimers::scenario {

// A JSON integer that is an int64: nlohmann reads 2^63..2^64-1 as unsigned, and get<int64_t>()
// would wrap it negative (a loop of 18446744073709551615 iterations ran none).
inline bool fitsInt64(const nlohmann::json& j) {
  return j.is_number_integer() &&
         !(j.is_number_unsigned() && j.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX));
}

// Checks syntax and that every $name is a parameter or bound in scope.
bool validateExpr(const nlohmann::json& j, bool duration, const std::set<std::string>& scope,
                  const std::map<std::string, nlohmann::json>& params, std::string* err);

// Evaluates; lookup returns a name's integer value or nullopt (then *err is set).
std::optional<int64_t> evalExpr(
    const nlohmann::json& j,
    const std::function<std::optional<int64_t>(const std::string&)>& lookup, std::string* err);

}  // namespace gotimers::scenario

#include "runtime/value.h"

#include <fmt/format.h>

#include "sim/format_duration.h"

namespace gotimers::rt {

std::string Value::toString() const {
  switch (kind) {
    case Kind::Nil:
      return "<nil>";
    case Kind::Int:
      return fmt::format("{}", i);
    case Kind::Bool:
      return i ? "true" : "false";
    case Kind::Str:
      return s;
    case Kind::Time:
      return "T+" + sim::formatDuration(i);
    case Kind::Ref:
      return "<ref>";
  }
  return "?";
}

}  // namespace gotimers::rt

// Checks of the IR's type table that need the whole graph (ir_load.cpp calls them once the
// types are read): no type contains itself by value, and how many values a zero value of
// each type allocates, so that a zero too large for the simulator is refused at load rather
// than exhausting memory (or the stack) while it is built.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "program/ir.h"

namespace gotimers::program {

// The most values one zero value may hold (a global or a "zero" constant): 2^24 32-byte
// values, 512 MiB.
inline constexpr uint64_t kMaxZeroSlots = uint64_t{1} << 24;

// Returns "" or what is wrong: a type that contains itself through struct fields, array
// elements and named types' underlying types (Go rejects such a type; its zero value would
// be infinite).
std::string findValueCycle(const std::vector<Type>& types);

// The number of values the zero value of each type allocates (1 for a scalar, saturating at
// kMaxZeroSlots + 1). The type graph must have no value cycle.
std::vector<uint64_t> zeroSlots(const std::vector<Type>& types);

}  // namespace gotimers::program

// Package strconv's parsing and float formatting (strconv/atoi.go, atof.go, ftoa.go), shared
// by the strconv externs and package flag.
#pragma once
#include <cstdint>
#include <string>

namespace gotimers::program {

enum class NumErr : uint8_t { None, Syntax, Range };
// A parse result: the value (i, or f for floats) and Go's error kind (ErrSyntax, ErrRange);
// on ErrRange i/f hold the clamped value Go returns.
struct NumResult {
  int64_t i = 0;
  double f = 0;
  NumErr err = NumErr::None;
};

NumResult parseInt(const std::string& s, int base, int bits);   // ParseInt
NumResult parseUint(const std::string& s, int base, int bits);  // ParseUint (i: the bits)
NumResult parseFloat(const std::string& s);                     // ParseFloat(s, 64)
NumResult parseBool(const std::string& s);                      // ParseBool (i: 0/1)
// FormatFloat(f, fmt, prec, bits): 'f', 'e', 'g' (prec -1: the shortest that reads back).
std::string formatFloatG(double f, char fmt, int prec, int bits);
// strconv.Quote: Go's double-quoted literal (fmt's %q).
std::string quoteGo(const std::string& s);

}  // namespace gotimers::program

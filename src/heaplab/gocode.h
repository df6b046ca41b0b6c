// The Go source the animations' code pane shows: the timer functions of runtime/time.go at
// the tag of the Go version each era option runs (go1.9, go1.13; go1.14, go1.15 and go1.16 for
// the go1.14 era's options; go1.23rc1), copied by gen_gocode.sh into gocode_data.inc. Frames
// point at a line by an anchor (a fragment of that line).
#pragma once
#include <string>
#include <vector>

#include "heaplab/model.h"

namespace gotimers::heaplab {

// "go1.9", "go1.13", "go1.14", "go1.15", "go1.16" or "go1.23": whose code an era option with
// this goMinor shows.
std::string codeEra(int goMinor);
// Every function of that era's code, in source order.
std::vector<CodeFn> codeFor(const std::string& codeEra);
// The 0-based line of fn whose text contains anchor (the first one at or after `after`);
// -1 if none.
int lineOf(const std::string& codeEra, const std::string& fn, const std::string& anchor,
           int after = 0);

}  // namespace gotimers::heaplab

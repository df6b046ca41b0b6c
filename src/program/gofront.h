// Running the Go front end (src/gofront) as a subprocess: the program's IR, or its messages.
#pragma once
#include <string>
#include <vector>

namespace gotimers::program {

struct FrontendResult {
  int status = 0;      // gofront's exit status (0 ok, 2 bad program, 3 internal error), or
                       // 127 when it could not be started
  std::string ir;      // stdout
  std::string errors;  // stderr
};

// Runs `gofront PATH` (a .go file or a directory) and reads its output fully.
FrontendResult runFrontend(const std::string& gofront, const std::string& path);

// True for what `gotimers run` takes as a Go program: a .go file or a directory.
bool isGoProgramPath(const std::string& arg);

}  // namespace gotimers::program

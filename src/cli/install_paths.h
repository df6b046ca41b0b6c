// Where the command finds what it needs besides itself: the shipped scenarios and the Go
// front end. Installed (cmake --install), they sit at fixed places relative to the binary
// (PREFIX/share/gotimers/scenarios, PREFIX/libexec/gotimers/gofront), so an installed tree can
// move; a binary run from its build tree uses the source tree's scenarios and the build's
// front end. $GOTIMERS_SCENARIOS overrides the scenarios directory (docs/install.md).
#pragma once
#include <string>

namespace gotimers::cli {

// The directory of the running executable (/proc/self/exe), or "" if unknown.
std::string executableDir();
// $GOTIMERS_SCENARIOS, else the installed scenarios next to the binary, else the source tree's.
std::string scenariosDir();
// The calibration set (calibration/*.json, metrics/figure_set.h): installed next to the
// binary, else the source tree's.
std::string calibrationDir();
// The installed Go front end next to the binary, else the build tree's.
std::string gofrontPath();

}  // namespace gotimers::cli

#include "cli/install_paths.h"

#include <cstdlib>
#include <filesystem>

namespace gotimers::cli {

namespace fs = std::filesystem;

std::string executableDir() {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? "" : self.parent_path().string();
}

namespace {

// dir/rel, normalised, if it exists; else "".
std::string installed(const std::string& rel) {
  std::string dir = executableDir();
  if (dir.empty()) return "";
  std::error_code ec;
  fs::path p = (fs::path(dir) / rel).lexically_normal();
  return fs::exists(p, ec) ? p.string() : "";
}

}  // namespace

std::string scenariosDir() {
  if (const char* env = std::getenv("GOTIMERS_SCENARIOS")) return env;
  if (std::string p = installed(GOTIMERS_REL_SCENARIOS); !p.empty()) return p;
  return GOTIMERS_SCENARIO_DIR;
}

std::string calibrationDir() {
  if (std::string p = installed(GOTIMERS_REL_CALIBRATION); !p.empty()) return p;
  return GOTIMERS_CALIBRATION_DIR;
}

std::string gofrontPath() {
  if (std::string p = installed(GOTIMERS_REL_GOFRONT); !p.empty()) return p;
  return GOTIMERS_GOFRONT;
}

}  // namespace gotimers::cli

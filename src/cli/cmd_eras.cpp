// gotimers eras: the simulated eras and their version options.
#include <fmt/format.h>

#include <iostream>

#include "cli/cli.h"
#include "eras/registry.h"

namespace gotimers::cli {

void addErasCommand(CLI::App& app, CliState&) {
  auto* c = app.add_subcommand("eras", "List the simulated eras");
  c->callback([] {
    for (const auto& e : eras::allEras())
      std::cout << fmt::format("{:<16} {}\n", e.name, e.summary);
  });
}

}  // namespace gotimers::cli

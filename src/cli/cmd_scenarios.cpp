// gotimers scenarios: list the shipped scenarios, show one, or print the scenario JSON Schema.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "cli/cli.h"
#include "cli/scenario_paths.h"
#include "scenario/scenario.h"
#include "scenario/schema.h"

namespace gotimers::cli {

void addScenariosCommand(CLI::App& app, CliState& st) {
  auto showName = std::make_shared<std::string>();
  auto* c = app.add_subcommand("scenarios", "List the shipped scenarios, or show one");
  c->footer(
      "Examples:\n  gotimers scenarios\n  gotimers scenarios show after-in-loop\n  gotimers "
      "scenarios schema > scenario.schema.json");
  auto* show = c->add_subcommand("show", "Print a scenario with its description");
  show->add_option("name", *showName, "Scenario name or file")->required();
  show->callback([showName, &st] {
    try {
      std::string path = resolveScenario(*showName);
      auto s = scenario::loadScenario(path);
      std::cout << fmt::format("{} ({})\n\n{}\n", s.name, path, s.description);
      if (!s.goSource.empty()) std::cout << "\nThe Go program:\n\n" << s.goSource << "\n";
      std::cout << "\nThe scenario:\n\n" << s.text;
    } catch (const scenario::ScenarioError& e) {
      st.exit = badInput(e.what());
    }
  });
  auto* schema = c->add_subcommand("schema", "Print the JSON Schema of scenario files");
  schema->callback([] { std::cout << scenario::jsonSchema().dump(2) << "\n"; });
  c->callback([c, &st] {
    if (!c->get_subcommands().empty()) return;
    for (const auto& rel : shippedScenarios()) {
      std::string name = rel.substr(0, rel.size() - 5);
      std::string desc;
      try {
        auto s = scenario::loadScenario(scenariosDir() + "/" + rel);
        desc = s.description.substr(0, s.description.find('\n'));
      } catch (const scenario::ScenarioError& e) {
        desc = std::string("(invalid: ") + e.what() + ")";
        st.exit = 2;
      }
      std::cout << fmt::format("{:<36} {}\n", name, desc);
    }
  });
}

}  // namespace gotimers::cli

// gotimers scenarios: list the shipped scenarios, show one, or print the scenario JSON Schema.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>

#include "cli/cli.h"
#include "cli/scenario_paths.h"
#include "scenario/scenario.h"
#include "scenario/schema.h"

namespace gotimers::cli {

namespace {

// The first sentence of a Go file's leading comment (its description), or "": a build
// constraint (//go:build and the blank line after it) before the comment is passed over.
std::string goSummary(const std::string& path) {
  std::ifstream in(path);
  std::string line, text;
  while (std::getline(in, line) && (line.starts_with("//") || (line.empty() && text.empty()))) {
    if (line.empty()) continue;
    std::string t = line.size() > 2 && line[2] == ' ' ? line.substr(3) : line.substr(2);
    if (t.empty() || t.starts_with("go:build") || t.starts_with("+build")) {
      if (!text.empty()) break;
      continue;
    }
    text += (text.empty() ? "" : " ") + t;
    if (t.ends_with(".") || t.ends_with(":")) break;
  }
  return text;
}

std::string slurpFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A JSON scenario's "goProgram" that exists: the Go file's path and its arguments.
std::optional<std::pair<std::string, std::string>> goProgramOf(const scenario::Scenario& s) {
  if (s.goProgram.empty()) return std::nullopt;
  const size_t space = s.goProgram.find(' ');
  std::string file =
      (std::filesystem::path(s.file).parent_path() / s.goProgram.substr(0, space)).string();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) return std::nullopt;
  return std::make_pair(file, space == std::string::npos ? "" : s.goProgram.substr(space + 1));
}

}  // namespace

void addScenariosCommand(CLI::App& app, CliState& st) {
  auto showName = std::make_shared<std::string>();
  auto showJson = std::make_shared<bool>(false);
  auto* c = app.add_subcommand("scenarios", "List the shipped scenarios, or show one");
  c->footer(
      "Examples:\n  gotimers scenarios\n  gotimers scenarios show after-in-loop\n  gotimers "
      "scenarios show after-in-loop --json\n  gotimers scenarios schema > scenario.schema.json");
  auto* show = c->add_subcommand(
      "show", "Print a scenario's Go program (or, with --json or without one, its JSON form)");
  show->add_option("name", *showName, "Scenario name or file")->required();
  show->add_flag("--json", *showJson, "Show the JSON form even when there is a Go program");
  show->callback([showName, showJson, &st] {
    try {
      std::string path = resolveScenario(*showName);
      std::string go = path.ends_with(".json") ? path.substr(0, path.size() - 5) + ".go" : path;
      std::error_code ec;
      if (!*showJson && (path.ends_with(".go") || std::filesystem::is_regular_file(go, ec))) {
        std::cout << fmt::format("// {}\n", go) << slurpFile(go);
        return;
      }
      auto s = scenario::loadScenario(path);
      if (auto prog = goProgramOf(s); !*showJson && prog) {
        std::cout << fmt::format("// {}, run with {} for this scenario's workload\n", prog->first,
                                 prog->second)
                  << slurpFile(prog->first);
        return;
      }
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
    // name, the forms it has (a Go program and/or JSON), and its summary (the Go file's
    // leading comment, else the JSON description's first line)
    std::map<std::string, std::pair<std::string, std::string>> rows;
    for (const auto& rel : shippedScenarios()) {
      std::string name = rel.substr(0, rel.size() - 5);
      std::string desc;
      std::string forms = "json";
      try {
        auto s = scenario::loadScenario(scenariosDir() + "/" + rel);
        desc = s.description.substr(0, s.description.find('\n'));
        if (goProgramOf(s)) forms = "go+json";  // its Go form is a shipped program's run
      } catch (const scenario::ScenarioError& e) {
        desc = std::string("(invalid: ") + e.what() + ")";
        st.exit = 2;
      }
      rows[name] = {forms, desc};
    }
    for (const auto& rel : shippedGoPrograms()) {
      std::string name = rel.ends_with(".go") ? rel.substr(0, rel.size() - 3) : rel;
      std::string summary =
          rel.ends_with(".go") ? goSummary(scenariosDir() + "/" + rel) : "Go's own tests";
      auto& row = rows[name];
      row.first = row.first.empty() ? "go" : "go+json";
      if (!summary.empty()) row.second = summary;
    }
    for (const auto& [name, row] : rows)
      std::cout << fmt::format("{:<36} {:<8} {}\n", name, row.first, row.second);
  });
}

}  // namespace gotimers::cli

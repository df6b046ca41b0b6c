// The bad-input corpus (tests/bad-input/*.txt): every case with its exact expected message
// and exit status. scenarios.txt: scenario files (loaded as "bad.json"; those that load are
// run on go1.9 with --check and the small limits below). cli.txt: command lines of the
// gotimers binary (expected: its stderr). heaplab.txt: the same for heap-lab operation
// strings (`heap --ops`, `animate --ops`); "$OUT" in a command line is a fresh empty
// directory's "out", and the case checks that nothing was written there (no output file, no
// partial .tmp). go.txt: Go programs (tests/bad-input/go/) and Go-program command lines, as
// cli.txt. readers.txt: the other readers' files (cost models, calibration references, sweep
// results, traces; tests/bad-input/files/), as cli.txt. Set GOTIMERS_BAD_INPUT_SHOW=1 to print what
// each case produced.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "scenario/interpreter.h"
#include "scenario/scenario.h"

namespace sc = gotimers::scenario;
namespace rt = gotimers::rt;

namespace {

struct Case {
  std::string name;
  std::string input;
  int exit = -1;
  std::string expect;
  int line = 0;
};

std::string trimEnd(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' '))
    s.pop_back();
  return s;
}

// "### name", input lines, ">>> exit N", expected lines; "#" lines before the first case
// are comments.
std::vector<Case> readCases(const std::string& file) {
  std::ifstream in(file);
  REQUIRE_MESSAGE(in.good(), "cannot read " << file);
  std::vector<Case> out;
  std::string l;
  int n = 0;
  enum { None, Input, Expect } part = None;
  while (std::getline(in, l)) {
    n++;
    if (l.starts_with("### ")) {
      out.push_back(Case{l.substr(4), "", -1, "", n});
      part = Input;
    } else if (part != None && l.starts_with(">>> exit ")) {
      out.back().exit = std::stoi(l.substr(9));
      part = Expect;
    } else if (part == Input) {
      out.back().input += (out.back().input.empty() ? "" : "\n") + l;
    } else if (part == Expect) {
      out.back().expect += l + "\n";
    }
  }
  for (auto& c : out)
    c.expect = trimEnd(c.expect);
  return out;
}

bool show() {
  return std::getenv("GOTIMERS_BAD_INPUT_SHOW") != nullptr;
}

// A scenario case: the load error, or the run's report and failed expectations.
std::pair<int, std::string> runScenarioCase(const std::string& text) {
  sc::Scenario s;
  try {
    s = sc::parseScenario("bad.json", text);
  } catch (const sc::ScenarioError& e) {
    return {2, e.what()};
  }
  sc::RunOptions o;
  o.era = "go1.9";
  o.check = true;
  o.eventLimit = 1'000'000;
  o.limits = [](rt::RunConfig& c) {
    c.goroutineLimit = 1000;
    c.timerLimit = 10'000;
    c.memoryLimit = 64 << 20;
    c.spinLimit = 100'000;
  };
  auto r = sc::runScenario(s, o);
  std::string got = r.program.run.report;
  for (const auto& f : r.failures)
    got += "FAIL " + f + "\n";
  return {r.exitCode(), trimEnd(got)};
}

// A CLI case: the binary's stderr and exit status. "$OUT" in args: see the header comment.
std::pair<int, std::string> runCliCase(std::string args) {
  namespace fs = std::filesystem;
  fs::path outDir = fs::temp_directory_path() / "gotimers-bad-input-out";
  fs::remove_all(outDir);
  fs::create_directories(outDir);
  for (size_t at; (at = args.find("$OUT")) != std::string::npos;)
    args.replace(at, 4, (outDir / "out").string());
  std::string cmd = std::string("cd '") + GOTIMERS_SOURCE_DIR + "' && '" + GOTIMERS_CLI + "' " +
                    args + " 2>&1 >/dev/null";
  std::FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::string out;
  std::array<char, 4096> buf{};
  size_t k;
  while ((k = std::fread(buf.data(), 1, buf.size(), p)) > 0)
    out.append(buf.data(), k);
  int status = pclose(p);
  for (const auto& e : fs::directory_iterator(outDir))
    FAIL_CHECK("a failed command left " << e.path().string());
  fs::remove_all(outDir);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, trimEnd(out)};
}

void checkCases(const std::string& file, bool cli) {
  auto cases = readCases(std::string(GOTIMERS_SOURCE_DIR) + "/tests/bad-input/" + file);
  for (const auto& c : cases) {
    auto [code, got] = cli ? runCliCase(c.input) : runScenarioCase(c.input);
    if (show()) MESSAGE(c.name << "\n>>> exit " << code << "\n" << got);
    INFO(file << ":" << c.line << ": " << c.name);
    CHECK(code == c.exit);
    CHECK(got == c.expect);
  }
}

}  // namespace

TEST_CASE("bad input: the corpus has at least 40 cases, 12 of them heap-lab strings") {
  auto count = [](const char* file) {
    return readCases(std::string(GOTIMERS_SOURCE_DIR) + "/tests/bad-input/" + file).size();
  };
  CHECK(count("scenarios.txt") + count("cli.txt") + count("heaplab.txt") >= 40);
  CHECK(count("heaplab.txt") >= 12);
  // the hardening issue: at least 260 in all, every reader covered
  CHECK(count("scenarios.txt") + count("cli.txt") + count("heaplab.txt") + count("go.txt") +
            count("readers.txt") >=
        260);
  CHECK(count("readers.txt") >= 50);
}

TEST_CASE("bad input: scenario files get exact messages, never a crash") {
  checkCases("scenarios.txt", false);
}

TEST_CASE("bad input: command lines get exact messages and exit 2") {
  checkCases("cli.txt", true);
}

TEST_CASE(
    "bad input: Go programs and their command lines get exact messages and exit 2 (or Go's)") {
  // syntax, type, build and vet errors, unsupported constructs, directories, flags after --,
  // go test options (issue 20: at least 60)
  auto cases = readCases(std::string(GOTIMERS_SOURCE_DIR) + "/tests/bad-input/go.txt");
  CHECK(cases.size() >= 65);
  // A message about a program names its position (file:line:col: ...); one about the
  // command line says who complains: gotimers, gofront (no Go files), testing, or flag.
  const std::regex positioned(R"(^(gotimers: )?tests/bad-input/go/[^ :]+:\d+:\d+: .+)");
  const std::regex commandLine(
      R"(^(gotimers: |gofront: |testing: |flag |invalid value |bad flag syntax: ).+)");
  for (const auto& c : cases) {
    INFO("go.txt:" << c.line << ": " << c.name);
    std::string first = c.expect.substr(0, c.expect.find('\n'));
    CHECK((std::regex_match(first, positioned) || std::regex_match(first, commandLine)));
  }
  checkCases("go.txt", true);
}

TEST_CASE("bad input: cost models, references, sweep results and traces get exact messages") {
  checkCases("readers.txt", true);
}

TEST_CASE("bad input: heap-lab operation strings get exact messages, exit 2, no output file") {
  checkCases("heaplab.txt", true);
}

// The scenario loader: located, exact error messages for malformed files, and what a valid
// file loads to.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "scenario/duration.h"
#include "scenario/scenario.h"
#include "scenario/schema.h"

using gotimers::scenario::parseDuration;
using gotimers::scenario::parseScenario;
using gotimers::scenario::ScenarioError;

namespace {
std::string loadError(const std::string& text) {
  try {
    parseScenario("bad.json", text);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "(no error)";
}
}  // namespace

TEST_CASE("malformed scenarios get exact, located messages") {
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"{\"name\": \"x\", \"main\": [}",
       "bad.json:1:24: syntax error: syntax error while parsing value - unexpected '}'; expected "
       "'[', '{', or a literal"},
      {"[1]", "bad.json:1:1: /: found a list, expected a scenario object"},
      {"{\"main\": []}", "bad.json:1:1: /: missing \"name\" (a string naming the scenario)"},
      {"{\"name\": \"x\"}",
       "bad.json:1:1: /: missing \"main\" (the list of operations of the main goroutine)"},
      {"{\"name\": 3, \"main\": []}", "bad.json:1:10: /name: found an integer, expected a string"},
      {"{\"name\": \"x\", \"mian\": []}",
       "bad.json:1:15: /mian: unknown field \"mian\" (did you mean \"main\"?) (expected one of: "
       "name, description, go, goProgram, gomaxprocs, minGo, seed, timeLimit, params, expect, "
       "expectOn, main)"},
      {"{\"name\": \"x\", \"gomaxprocs\": 0, \"main\": []}",
       "bad.json:1:29: /gomaxprocs: found 0, expected an integer from 1 to 256"},
      {"{\"name\": \"x\", \"gomaxprocs\": 1000, \"main\": []}",
       "bad.json:1:29: /gomaxprocs: found 1000, expected an integer from 1 to 256"},
      {"{\"name\": \"x\", \"seed\": -1, \"main\": []}",
       "bad.json:1:23: /seed: found -1, expected a non-negative integer"},
      {"{\"name\": \"x\", \"timeLimit\": \"10 min\", \"main\": []}",
       "bad.json:1:28: /timeLimit: time: unknown unit \" min\" in duration \"10 min\""},
      {"{\"name\": \"x\", \"main\": {}}",
       "bad.json:1:23: /main: found an object, expected a list of operations"},
      {"{\"name\": \"x\", \"main\": [3]}",
       "bad.json:1:24: /main/0: found an integer, expected an operation object like {\"op\": "
       "\"Sleep\", \"d\": \"1s\"}"},
      {"{\"name\": \"x\", \"main\": [{\"d\": \"1s\"}]}",
       "bad.json:1:24: /main/0: missing \"op\" (the operation's name)"},
      {"{\"name\": \"x\", \"main\": [{\"op\": \"Slep\", \"d\": \"1s\"}]}",
       "bad.json:1:31: /main/0/op: unknown operation \"Slep\" (did you mean \"Sleep\"?) (expected "
       "one of: NewTimer, After, AfterFunc, Stop, Reset, NewTicker, Tick, Ticker.Stop, "
       "Ticker.Reset, Sleep, make, send, recv, close, select, go, loop, break, return, work, "
       "WaitGroup, wg.Add, wg.Done, wg.Wait, print, panic, recover, slice, len, cap, GOMAXPROCS, "
       "b.ResetTimer, "
       "b.StopTimer, check)"},
      {"{\"name\": \"x\", \"main\": [{\"op\": \"Sleep\"}]}",
       "bad.json:1:24: /main/0: Sleep needs \"d\" (a duration such as \"100ms\")"},
      {"{\"name\": \"x\", \"main\": [{\"op\": \"Sleep\", \"d\": \"1sec\"}]}",
       "bad.json:1:45: /main/0/d: time: unknown unit \"sec\" in duration \"1sec\""},
      {"{\"name\": \"x\", \"main\": [{\"op\": \"Sleep\", \"d\": true}]}",
       "bad.json:1:45: /main/0/d: found true, expected a duration such as \"100ms\""},
      {"{\"name\": \"x\", \"main\": [{\"op\": \"Sleep\", \"dd\": \"1s\"}]}",
       "bad.json:1:40: /main/0/dd: unknown field \"dd\" for Sleep (did you mean \"d\"?) "
       "(expected: d)"},
      {"{\"name\": \"x\", \"main\": [{\"op\": \"Stop\", \"timer\": \"t\"}]}",
       "bad.json:1:48: /main/0/timer: \"t\" is not bound here (nothing is bound yet)"},
      {"{\"name\": \"x\", \"main\": [{\"op\": \"NewTimer\", \"d\": \"1s\", \"as\": \"tm\"}, "
       "{\"op\": \"Stop\", \"timer\": \"t\"}]}",
       "bad.json:1:91: /main/1/timer: \"t\" is not bound here (did you mean \"tm\"?)"},
      {"{\"name\": \"x\", \"main\": [{\"op\": \"NewTimer\", \"d\": \"1s\", \"as\": \"1t\"}]}",
       "bad.json:1:60: /main/0/as: found \"1t\", expected a name (letters, digits, _)"},
      {"{\"name\": \"x\", \"main\": [{\"op\": \"Stop\", \"timer\": \"t\", \"expect\": \"yes\"}]}",
       "bad.json:1:48: /main/0/timer: \"t\" is not bound here (nothing is bound yet)"},
      {"{\"name\": \"x\", \"main\": [{\"op\": \"loop\", \"times\": \"$N\", \"body\": []}]}",
       "bad.json:1:48: /main/0/times: \"$N\": $N is neither a parameter nor a bound name"},
      {"{\"name\": \"x\", \"main\": [{\"op\": \"Sleep\", \"d\": \"$i*\"}]}",
       "bad.json:1:45: /main/0/d: \"$i*\": $i is neither a parameter nor a bound name"},
      {"{\"name\": \"x\", \"main\": [{\"op\": \"loop\", \"body\": [{\"op\": \"Sleep\", \"d\": "
       "\"$i*\"}]}]}",
       "bad.json:1:69: /main/0/body/0/d: \"$i*\": expected a number, a duration or a $name"},
      {"{\"name\": \"x\", \"params\": {\"N\": [1]}, \"main\": []}",
       "bad.json:1:31: /params/N: found [1], expected an integer from -9223372036854775808 to "
       "9223372036854775807 or a duration such as \"100ms\""},
      {"{\"name\": \"x\", \"main\": [{\"op\": \"make\", \"as\": \"c\"}, {\"op\": \"select\", "
       "\"cases\": [{\"recv\": \"c\", \"send\": \"c\"}]}]}",
       "bad.json:1:78: /main/1/cases/0: a case needs exactly one of \"recv\" or \"send\""},
      {"{\"name\": \"x\", \"main\": [{\"op\": \"make\", \"as\": \"c\"}, {\"op\": \"select\", "
       "\"cases\": [{\"recv\": \"c\", \"bdy\": []}]}]}",
       "bad.json:1:92: /main/1/cases/0/bdy: unknown field \"bdy\" in a select case (did you mean "
       "\"body\"?) (expected: recv, send, as, ok, value, body)"},
      {"{\"name\": \"x\", \"expect\": {\"exit\": \"crash\"}, \"main\": []}",
       "bad.json:1:34: /expect/exit: found \"crash\", expected \"normal\", \"deadlock\" or "
       "\"panic\""},
      {"{\"name\": \"x\", \"main\": [{\"op\": \"make\", \"as\": \"c\"}, {\"op\": \"recv\", "
       "\"chan\": \"c\", \"expect\": {\"atleast\": \"1s\"}}]}",
       "bad.json:1:90: /main/1/expect/atleast: unknown expectation \"atleast\" (expected value, "
       "ok, atLeast, atMost, sentAtLeast, sentAtMost)"},
      {"{\"name\": \"x\",\n  \"main\": [\n    {\"op\": \"Sleep\", \"d\": \"-\"}\n  ]\n}",
       "bad.json:3:26: /main/0/d: time: invalid duration \"-\""},
      {"{\"name\": \"x\", \"minGo\": \"1.x\", \"main\": []}",
       "bad.json:1:24: /minGo: found \"1.x\", expected a Go version such as \"1.15\""},
      {"{\"name\": \"x\", \"main\": [{\"op\": \"NewTimer\", \"d\": \"1s\", \"as\": \"ts[]\"}]}",
       "bad.json:1:60: /main/0/as: \"ts[]\" appends to \"ts\", which is not bound here (declare it "
       "first: {\"op\": \"slice\", \"as\": \"ts\"})"},
      {"{\"name\": \"x\", \"main\": [{\"op\": \"make\", \"as\": \"ts\"}, {\"op\": \"NewTimer\", "
       "\"d\": \"1s\", \"as\": \"ts[]\"}]}",
       "bad.json:1:88: /main/1/as: \"ts[]\" appends to \"ts\", which is not a slice (declare one "
       "with {\"op\": \"slice\", \"as\": \"ts\"})"},
      {"{\"name\": \"x\", \"main\": [{\"op\": \"slice\", \"as\": \"ts\"}, {\"op\": \"len\", "
       "\"of\": \"ts\", \"as\": \"ts[]\"}]}",
       "bad.json:1:85: /main/1/as: len cannot append to a slice (\"ts[]\"); expected a name "
       "(letters, digits, _)"},
      {"{\"name\": \"x\", \"main\": [{\"op\": \"NewTimer\", \"d\": \"1s\", \"as\": \"t\"}, "
       "{\"op\": \"Stop\", \"timer\": \"t[0]\"}]}",
       "bad.json:1:90: /main/1/timer: \"t\" is not a slice, so \"t[0]\" cannot index it (declare "
       "one with {\"op\": \"slice\", \"as\": \"t\"})"},
      {"{\"name\": \"x\", \"main\": [{\"op\": \"slice\", \"as\": \"ts\"}, {\"op\": \"Stop\", "
       "\"timer\": \"ts\"}]}",
       "bad.json:1:77: /main/1/timer: \"ts\" is a slice; index it, as in \"ts[$i]\""},
      {"{\"name\": \"x\", \"main\": [{\"op\": \"slice\", \"as\": \"ts\"}, {\"op\": \"recv\", "
       "\"chan\": \"ts[$j].C\"}]}",
       "bad.json:1:76: /main/1/chan: \"ts[$j].C\": index \"$j\": $j is neither a parameter nor a "
       "bound name"},
      {"{\"name\": \"x\", \"main\": [{\"op\": \"slice\", \"as\": \"ts\"}, {\"op\": \"recv\", "
       "\"chan\": \"ts[].C\"}]}",
       "bad.json:1:76: /main/1/chan: \"ts[].C\": expected NAME, NAME.C, NAME[INDEX] or "
       "NAME[INDEX].C"},
      {"{\"name\": \"x\", \"main\": [{\"op\": \"slice\", \"as\": \"ts\"}, {\"op\": \"loop\", "
       "\"var\": \"ts\", \"body\": [{\"op\": \"Stop\", \"timer\": \"ts[0]\"}]}]}",
       "bad.json:1:114: /main/1/body/0/timer: \"ts\" is not a slice, so \"ts[0]\" cannot index it "
       "(declare one with {\"op\": \"slice\", \"as\": \"ts\"})"},
  };
  for (const auto& c : cases) {
    INFO(std::string(c.text));
    CHECK(loadError(c.text) == c.message);
  }
}

TEST_CASE("expectOn: selectors and their expectations are validated") {
  CHECK(loadError(R"({"name": "x", "main": [{"op": "NewTimer", "d": "1s", "as": "t"},
    {"op": "Stop", "timer": "t", "expectOn": {"snyc": true}}]})") ==
        "bad.json:2:47: /main/1/expectOn/snyc: unknown selector \"snyc\" (did you mean "
        "\"sync\"?) (expected sync, lazy or go1.23)");
  CHECK(loadError(R"({"name": "x", "main": [{"op": "NewTimer", "d": "1s", "as": "t"},
    {"op": "Stop", "timer": "t", "expectOn": {"sync": 1}}]})") ==
        "bad.json:2:55: /main/1/expectOn/sync: found an integer, expected true or false");
  CHECK(loadError(R"({"name": "x", "main": [
    {"op": "check", "expectOn": {"lazy": {"liveTimer": {"max": 1}}}}]})") ==
        "bad.json:2:43: /main/0/expectOn/lazy/liveTimer: unknown check \"liveTimer\" (did you "
        "mean \"liveTimers\"?) (expected liveTimers, goroutines, now, heapEntries, int)");
  CHECK(loadError(R"({"name": "x", "expectOn": {"sync": {"exit": "crash"}}, "main": []})") ==
        "bad.json:1:45: /expectOn/sync/exit: found \"crash\", expected \"normal\", \"deadlock\" "
        "or \"panic\"");
  CHECK(loadError(R"({"name": "x", "main": [{"op": "make", "as": "c"},
    {"op": "recv", "chan": "c", "expectOn": {"go1.23": {"late": "1s"}}}]})")
            .find("/main/1/expectOn/go1.23/late: unknown expectation \"late\"") !=
        std::string::npos);
}

TEST_CASE("comments are allowed and a valid file loads its fields") {
  auto s = parseScenario("ok.json",
                         "// a comment\n{\"name\": \"ok\", /* inline */ \"gomaxprocs\": 3, "
                         "\"params\": {\"N\": 5}, \"main\": [{\"op\": \"loop\", \"times\": \"$N\", "
                         "\"body\": [{\"op\": \"Sleep\", \"d\": \"$i*1ms\"}]}]}");
  CHECK(s.name == "ok");
  CHECK(s.gomaxprocs == 3);
  REQUIRE(s.main.size() == 1);
  CHECK(s.main[0].op == "loop");
  CHECK(s.main[0].body.size() == 1);
  CHECK(s.main[0].body[0].path == "/main/0/body/0");
  CHECK(s.where("/main/0/body/0") == "ok.json:2:114");
}

TEST_CASE("slices and minGo load") {
  auto s = parseScenario(
      "ok.json",
      "{\"name\": \"ok\", \"minGo\": \"1.15\", \"main\": [{\"op\": \"slice\", \"as\": \"ts\"}, "
      "{\"op\": \"loop\", \"times\": 3, \"body\": [{\"op\": \"NewTimer\", \"d\": \"$i*1ms\", "
      "\"as\": \"ts[]\"}]}, {\"op\": \"len\", \"of\": \"ts\", \"as\": \"n\"}, {\"op\": \"Stop\", "
      "\"timer\": \"ts[$n-1]\"}, {\"op\": \"recv\", \"chan\": \"ts[0].C\"}]}");
  CHECK(s.minGoMinor == 15);
  CHECK(s.main.size() == 5);
}

TEST_CASE("parseDuration follows time.ParseDuration") {
  std::string err;
  CHECK(parseDuration("1.5ms", &err) == 1'500'000);
  CHECK(parseDuration("-1ns", &err) == -1);
  CHECK(parseDuration("1h2m3s", &err) == 3'723'000'000'000);
  CHECK(parseDuration("0", &err) == 0);
  CHECK(parseDuration("2562047h47m16.854775807s", &err) == INT64_MAX);
  CHECK(parseDuration("-2562047h47m16.854775808s", &err) == INT64_MIN);
  CHECK_FALSE(parseDuration("2562047h47m16.854775808s", &err));
  CHECK(err == "time: invalid duration \"2562047h47m16.854775808s\"");
  CHECK_FALSE(parseDuration("10", &err));
  CHECK(err == "time: missing unit in duration \"10\"");
  CHECK(parseDuration("1\xC2\xB5s", &err) == 1000);
}

TEST_CASE("docs/scenario-format.md documents every operation") {
  std::ifstream in(std::string(GOTIMERS_SOURCE_DIR) + "/docs/scenario-format.md");
  REQUIRE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  for (const auto& op : gotimers::scenario::opSpecs()) {
    INFO(op.name);
    CHECK(ss.str().find(std::string("\"op\": \"") + op.name + "\"") != std::string::npos);
  }
}

TEST_CASE("break: accepted in a loop, through select cases and recover; refused elsewhere") {
  // Inside a loop, also from a select case or a recover body (they pass the loop through, as
  // the shipped pitfalls/fastping-leak does), and in a loop inside a go body.
  CHECK_NOTHROW(parseScenario("ok.json", R"({"name": "x", "main": [
    {"op": "After", "d": "1ms", "as": "c"},
    {"op": "loop", "body": [
      {"op": "select", "cases": [{"recv": "c", "body": [{"op": "break"}]}]},
      {"op": "recover", "body": [{"op": "break"}]}]},
    {"op": "go", "body": [{"op": "loop", "times": 1, "body": [{"op": "break"}]}]}]})"));
  std::string msg;
  try {
    parseScenario("bad.json", R"({"name": "x", "main": [{"op": "loop", "times": 1, "body": [
      {"op": "go", "body": [{"op": "loop", "times": 1, "body": []}, {"op": "break"}]}]}]})");
  } catch (const gotimers::scenario::ScenarioError& e) {
    msg = e.what();
  }
  CHECK(
      msg.starts_with("bad.json:2:69: /main/0/body/0/body/1: break outside a loop: this go body"));
}

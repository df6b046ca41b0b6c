#include "scenario/schema.h"

namespace gotimers::scenario {

namespace {
using F = FieldType;
constexpr bool req = true;
constexpr bool opt = false;
}  // namespace

const std::vector<OpSpec>& opSpecs() {
  static const std::vector<OpSpec> specs = {
      {"NewTimer",
       {{"d", F::Duration, req, "duration until it fires"},
        {"as", F::Name, req, "name of the *Timer"}},
       "Creates a timer that sends the time on its channel (as.C) after d.",
       "t := time.NewTimer(d)"},
      {"After",
       {{"d", F::Duration, req, "duration"}, {"as", F::Name, req, "name of the channel"}},
       "NewTimer(d).C: a channel that receives the time after d.",
       "c := time.After(d)"},
      {"AfterFunc",
       {{"d", F::Duration, req, "duration"},
        {"as", F::Name, opt, "name of the *Timer"},
        {"chain", F::Int, opt,
         "re-arm from inside f N times before body runs (Go's BenchmarkAfterFunc: f = func() "
         "{ n--; if n >= 0 { AfterFunc(d, f) } else { body } })"},
        {"body", F::OpList, req, "what f does; it runs in its own goroutine"}},
       "Calls the body in a new goroutine after d.",
       "t := time.AfterFunc(d, func() { body })"},
      {"Stop",
       {{"timer", F::Ref, req, "a *Timer"},
        {"expect", F::Bool, opt, "the result Stop must return"},
        {"expectOn", F::Value, opt,
         "expectations replacing \"expect\" on some runs: {\"sync\"|\"lazy\"|\"go1.23\": ...} (the "
         "most specific that applies)"}},
       "Stops the timer; true if that prevented it from firing.",
       "ok := t.Stop()"},
      {"Reset",
       {{"timer", F::Ref, req, "a *Timer"},
        {"d", F::Duration, req, "new duration"},
        {"expect", F::Bool, opt, "the result Reset must return"},
        {"expectOn", F::Value, opt,
         "expectations replacing \"expect\" on some runs: {\"sync\"|\"lazy\"|\"go1.23\": ...} (the "
         "most specific that applies)"}},
       "Changes the timer to expire after d; true if it had been active.",
       "ok := t.Reset(d)"},
      {"NewTicker",
       {{"d", F::Duration, req, "period"}, {"as", F::Name, req, "name of the *Ticker"}},
       "Creates a ticker that sends the time on as.C every d.",
       "tk := time.NewTicker(d)"},
      {"Tick",
       {{"d", F::Duration, req, "period"}, {"as", F::Name, req, "name of the channel"}},
       "NewTicker(d).C; nil for d <= 0. The ticker can never be stopped.",
       "c := time.Tick(d)"},
      {"Ticker.Stop", {{"ticker", F::Ref, req, "a *Ticker"}}, "Turns the ticker off.", "tk.Stop()"},
      {"Ticker.Reset",
       {{"ticker", F::Ref, req, "a *Ticker"}, {"d", F::Duration, req, "new period"}},
       "Stops the ticker and resets its period to d (Go 1.15+).",
       "tk.Reset(d)"},
      {"Sleep",
       {{"d", F::Duration, req, "duration"}},
       "Pauses the goroutine for at least d.",
       "time.Sleep(d)"},
      {"make",
       {{"as", F::Name, req, "name of the channel"},
        {"cap", F::Int, opt, "buffer size (default 0: unbuffered)"}},
       "Makes a channel.",
       "c := make(chan T, cap)"},
      {"send",
       {{"chan", F::Ref, req, "a channel"}, {"value", F::Value, opt, "the value (default 0)"}},
       "Sends a value; blocks until received (or buffered).",
       "c <- value"},
      {"recv",
       {{"chan", F::Ref, req, "a channel (\"t.C\" for a timer's)"},
        {"as", F::Name, opt, "name bound to the received value"},
        {"ok", F::Name, opt, "name bound to ok (false once closed and drained)"},
        {"expect", F::Value, opt,
         "checks: {\"value\": v, \"ok\": b, \"atLeast\": d, \"atMost\": d} (times since start)"},
        {"expectOn", F::Value, opt,
         "expectations replacing \"expect\" on some runs: {\"sync\"|\"lazy\"|\"go1.23\": ...} (the "
         "most specific that applies)"}},
       "Receives from a channel; blocks until a value arrives.",
       "v, ok := <-c"},
      {"close", {{"chan", F::Ref, req, "a channel"}}, "Closes a channel.", "close(c)"},
      {"select",
       {{"cases", F::Cases, req,
         "list of {\"recv\": c, \"as\": v, \"body\": [...]} or {\"send\": c, \"value\": v, "
         "\"body\": [...]}"},
        {"default", F::OpList, opt, "runs if no case is ready"},
        {"expect", F::Value, opt, "index of the case that must be chosen, or \"default\""},
        {"expectOn", F::Value, opt,
         "expectations replacing \"expect\" on some runs: {\"sync\"|\"lazy\"|\"go1.23\": ...} (the "
         "most specific that applies)"}},
       "Waits on several channel operations; picks uniformly among ready ones.",
       "select { case v := <-c: ...; default: ... }"},
      {"go",
       {{"body", F::OpList, req, "the goroutine's code"},
        {"count", F::Int, opt, "how many goroutines (default 1); each sees its index as $g"},
        {"label", F::String, opt, "a name shown in reports"}},
       "Starts goroutines. They see a copy of the names bound so far.",
       "go func() { body }()"},
      {"loop",
       {{"body", F::OpList, req, "the loop body"},
        {"times", F::Int, opt, "iterations; without it the loop runs forever"},
        {"var", F::Name, opt, "name of the index (default i)"}},
       "Repeats the body.",
       "for i := 0; i < times; i++ { body }"},
      {"break", {}, "Leaves the innermost loop.", "break"},
      {"return", {}, "Ends the current goroutine (or the main program).", "return"},
      {"work",
       {{"d", F::Duration, req, "CPU time"}},
       "Keeps the goroutine busy on its P for d without blocking.",
       "for time.Since(t0) < d {}"},
      {"WaitGroup",
       {{"as", F::Name, req, "name"}},
       "Declares a sync.WaitGroup.",
       "var wg sync.WaitGroup"},
      {"wg.Add",
       {{"wg", F::Ref, req, "a WaitGroup"}, {"n", F::Int, opt, "delta (default 1)"}},
       "Adds to the counter.",
       "wg.Add(n)"},
      {"wg.Done", {{"wg", F::Ref, req, "a WaitGroup"}}, "Decrements the counter.", "wg.Done()"},
      {"wg.Wait",
       {{"wg", F::Ref, req, "a WaitGroup"}},
       "Blocks until the counter is zero.",
       "wg.Wait()"},
      {"print",
       {{"msg", F::String, req, "text; {name} inserts a bound value, {now} the time"}},
       "Prints a line.",
       "fmt.Println(msg)"},
      {"panic", {{"msg", F::String, req, "the panic value"}}, "Panics.", "panic(msg)"},
      {"recover",
       {{"body", F::OpList, req, "code that may panic"},
        {"as", F::Name, opt, "name bound to the recovered message (\"\" if none)"}},
       "Runs the body; a panic inside it is recovered and printed.",
       "func() { defer func() { if r := recover(); r != nil { fmt.Println(r) } }(); body }()"},
      {"slice",
       {{"as", F::Name, req, "name of the slice"}},
       "Declares an empty slice; \"as\": \"ts[]\" on NewTimer, After, AfterFunc, NewTicker, "
       "Tick, make, WaitGroup or recv appends to it, and \"ts[$i]\" (or \"ts[$i].C\") "
       "refers to an element.",
       "var ts []T"},
      {"len",
       {{"of", F::Ref, req, "a slice or a channel (\"t.C\")"},
        {"as", F::Name, req, "name bound to the length"}},
       "Binds the length of a slice, or the number of values buffered in a channel (0 for a "
       "Go 1.23 synchronous timer channel), as an integer usable as $n.",
       "n := len(ts)"},
      {"cap",
       {{"of", F::Ref, req, "a channel (\"t.C\")"},
        {"as", F::Name, req, "name bound to the capacity"}},
       "Binds the capacity of a channel (1 for a timer channel before Go 1.23, 0 for a Go 1.23 "
       "synchronous one).",
       "n := cap(t.C)"},
      {"GOMAXPROCS",
       {{"n", F::Int, req, "the new number of Ps (n < 1 only reads the setting)"},
        {"as", F::Name, opt, "name bound to the previous setting"}},
       "Resizes the set of Ps while the program runs: stop the world, procresize (a dying "
       "P's goroutines go to the global run queue; go1.14+ moves its timers to the caller's "
       "P), start the world.",
       "prev := runtime.GOMAXPROCS(n)"},
      {"b.ResetTimer",
       {},
       "Starts the benchmark's timed region (Go's testing.B.ResetTimer): setup before it is not "
       "counted in ns/op.",
       "b.ResetTimer()"},
      {"b.StopTimer",
       {{"n", F::Int, req, "b.N: how many benchmark ops the timed region ran"}},
       "Ends the timed region; the run reports ns/op = (virtual time since b.ResetTimer) / n, "
       "as `go test -bench` does.",
       "b.StopTimer() // ns/op = elapsed / b.N"},
      {"check",
       {{"liveTimers", F::Value, opt, "{\"min\": n, \"max\": n}: timers in heaps"},
        {"goroutines", F::Value, opt, "{\"min\": n, \"max\": n}: live goroutines"},
        {"now", F::Value, opt, "{\"min\": d, \"max\": d}: virtual time since start"},
        {"heapEntries", F::Value, opt,
         "{\"min\": n, \"max\": n}: entries in all timer heaps, including timers deleted "
         "lazily (go1.14) that are still there"},
        {"int", F::Value, opt,
         "{\"of\": \"$k\", \"min\": n, \"max\": n}: an integer expression (a count)"},
        {"expectOn", F::Value, opt,
         "bounds replacing the ones above on some runs: {\"sync\"|\"lazy\"|\"go1.23\": "
         "{\"liveTimers\": ...}} (the most specific that applies)"}},
       "Checks the state of the simulated runtime (teaching expectations).",
       "// runtime.NumGoroutine(), len(heap)"},
  };
  return specs;
}

const OpSpec* findOp(const std::string& name) {
  for (const auto& s : opSpecs()) {
    if (name == s.name) return &s;
  }
  return nullptr;
}

std::string opNames() {
  std::string out;
  for (const auto& s : opSpecs()) {
    if (!out.empty()) out += ", ";
    out += s.name;
  }
  return out;
}

const char* fieldTypeName(FieldType t) {
  switch (t) {
    case F::Duration:
      return "a duration such as \"100ms\"";
    case F::Int:
      return "an integer";
    case F::Bool:
      return "true or false";
    case F::Name:
      return "a name (letters, digits, _)";
    case F::Ref:
      return "the name of a bound value";
    case F::String:
      return "a string";
    case F::OpList:
      return "a list of operations";
    case F::Cases:
      return "a list of select cases";
    case F::Value:
      return "a value";
  }
  return "?";
}

nlohmann::json jsonSchema() {
  using nlohmann::json;
  json durOrInt = {{"oneOf", json::array({{{"type", "string"}}, {{"type", "integer"}}})}};
  json opVariants = json::array();
  for (const auto& s : opSpecs()) {
    json props = {{"op", {{"const", s.name}}}};
    json required = json::array({"op"});
    for (const auto& f : s.fields) {
      json t;
      switch (f.type) {
        case F::Duration:
        case F::Int:
          t = durOrInt;
          break;
        case F::Bool:
          t = {{"type", "boolean"}};
          break;
        case F::Name:
        case F::Ref:
        case F::String:
          t = {{"type", "string"}};
          break;
        case F::OpList:
          t = {{"$ref", "#/definitions/block"}};
          break;
        case F::Cases:
          t = {{"type", "array"}, {"items", {{"$ref", "#/definitions/case"}}}};
          break;
        case F::Value:
          t = json::object();
          break;
      }
      t["description"] = f.doc;
      props[f.name] = t;
      if (f.required) required.push_back(f.name);
    }
    opVariants.push_back({{"type", "object"},
                          {"description", std::string(s.doc) + " Go: " + s.go},
                          {"properties", props},
                          {"required", required},
                          {"additionalProperties", false}});
  }
  return {
      {"$schema", "http://json-schema.org/draft-07/schema#"},
      {"title", "gotimers scenario"},
      {"type", "object"},
      {"required", {"name", "main"}},
      {"additionalProperties", false},
      {"properties",
       {{"name", {{"type", "string"}}},
        {"description", {{"type", "string"}}},
        {"go", {{"type", "string"}, {"description", "the Go program this scenario stands for"}}},
        {"goProgram",
         {{"type", "string"},
          {"pattern", "^[^/ ]+\\.go( .*)?$"},
          {"description",
           "the shipped Go program that runs the same workload: a .go file beside this one and "
           "its arguments, e.g. \"timers.go -bench Stop\""}}},
        {"gomaxprocs", {{"type", "integer"}, {"minimum", 1}, {"maximum", 256}}},
        {"minGo",
         {{"type", "string"},
          {"pattern", "^1\\.[0-9]+$"},
          {"description",
           "the oldest Go version the program compiles with, e.g. \"1.15\"; "
           "`run` skips eras of older versions"}}},
        {"seed", {{"type", "integer"}, {"minimum", 0}}},
        {"timeLimit", {{"type", "string"}}},
        {"params", {{"type", "object"}}},
        {"expect",
         {{"type", "object"},
          {"properties",
           {{"exit", {{"enum", {"normal", "deadlock", "panic"}}}},
            {"panic", {{"type", "string"}}},
            {"output", {{"type", "array"}, {"items", {{"type", "string"}}}}}}},
          {"additionalProperties", false}}},
        {"expectOn",
         {{"type", "object"},
          {"description",
           "top-level expectations replacing \"expect\" on some runs: \"sync\" (Go 1.23 "
           "synchronous timer channels), \"lazy\" (Go 1.23 lazy channel timers: "
           "asynctimerchan=0 or 2), \"go1.23\" (any go1.23 option)"},
          {"propertyNames", {{"enum", {"sync", "lazy", "go1.23"}}}}}},
        {"main", {{"$ref", "#/definitions/block"}}}}},
      {"definitions",
       {{"block", {{"type", "array"}, {"items", {{"$ref", "#/definitions/op"}}}}},
        {"op", {{"oneOf", opVariants}}},
        {"case",
         {{"type", "object"},
          {"properties",
           {{"recv", {{"type", "string"}}},
            {"send", {{"type", "string"}}},
            {"as", {{"type", "string"}}},
            {"ok", {{"type", "string"}}},
            {"value", json::object()},
            {"body", {{"$ref", "#/definitions/block"}}}}},
          {"additionalProperties", false}}}}},
  };
}

}  // namespace gotimers::scenario

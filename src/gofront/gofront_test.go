// gofront_test.go: the front end end to end: what it lowers, what it rejects and with
// which message, the test and benchmark lists, determinism, and a structural check of
// every IR it writes (validateIR).
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// gofront runs the command in-process and returns its exit status and outputs.
func gofront(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// irOf lowers a program (with go/ssa's sanity checks on) and decodes the IR, keeping
// numbers exact.
func irOf(t *testing.T, path string) map[string]interface{} {
	t.Helper()
	code, out, errs := gofront("-sanity", path)
	if code != 0 {
		t.Fatalf("gofront %s: exit %d\n%s", path, code, errs)
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.UseNumber()
	var ir map[string]interface{}
	if err := dec.Decode(&ir); err != nil {
		t.Fatalf("gofront %s: output is not JSON: %v", path, err)
	}
	validateIR(t, path, ir)
	return ir
}

// goodPrograms are the testdata programs gofront must accept.
func goodPrograms(t *testing.T) []string {
	progs, err := filepath.Glob("testdata/programs/*.go")
	if err != nil || len(progs) == 0 {
		t.Fatalf("no programs in testdata/programs: %v", err)
	}
	execs, _ := filepath.Glob("testdata/exec/*.go")
	return append(append(progs, execs...), "../../scenarios/benchmarks/go1.9", "../../scenarios/benchmarks/go1.13",
		"../../scenarios/benchmarks/go1.16", "../../scenarios/benchmarks/go1.19", "testdata/withtests",
		"testdata/gotestvet")
}

func arr(v interface{}) []interface{} { a, _ := v.([]interface{}); return a }
func obj(v interface{}) map[string]interface{} {
	o, _ := v.(map[string]interface{})
	return o
}
func num(v interface{}) int {
	n, ok := v.(json.Number)
	if !ok {
		return -1 << 40
	}
	i, err := n.Int64()
	if err != nil {
		return -1 << 40
	}
	return int(i)
}
func str(v interface{}) string { s, _ := v.(string); return s }

// funcNamed returns the IR function with this go/ssa name.
func funcNamed(t *testing.T, ir map[string]interface{}, name string) map[string]interface{} {
	t.Helper()
	for _, f := range arr(ir["funcs"]) {
		if str(obj(f)["name"]) == name {
			return obj(f)
		}
	}
	t.Fatalf("no function %s", name)
	return nil
}

// instrs returns every instruction of f in block order (go and defer calls included
// after their instruction).
func instrs(f map[string]interface{}) []map[string]interface{} {
	var out []map[string]interface{}
	for _, b := range arr(f["blocks"]) {
		for _, in := range arr(obj(b)["instrs"]) {
			out = append(out, obj(in))
			if c := obj(obj(in)["call"]); c != nil {
				out = append(out, c)
			}
		}
	}
	return out
}

func externNames(ir map[string]interface{}) map[string]bool {
	names := map[string]bool{}
	for _, e := range arr(ir["externs"]) {
		names[str(obj(e)["name"])] = true
	}
	return names
}

func TestTimerProgramLowers(t *testing.T) {
	ir := irOf(t, "testdata/programs/drain.go")
	if str(ir["format"]) != "gotimers-ir" || num(ir["version"]) != irVersion {
		t.Fatalf("format %v version %v", ir["format"], ir["version"])
	}
	mainIdx := num(ir["main"])
	funcs := arr(ir["funcs"])
	if mainIdx < 0 || mainIdx >= len(funcs) || str(obj(funcs[mainIdx])["name"]) != "main.main" {
		t.Fatalf("main = %v, want the index of main.main", ir["main"])
	}
	if init := num(ir["init"]); init < 0 || str(obj(funcs[init])["name"]) != "main.init" {
		t.Fatalf("init = %v, want the index of main.init", ir["init"])
	}
	names := externNames(ir)
	for _, want := range []string{"time.NewTimer", "(*time.Timer).Stop", "(*time.Timer).Reset",
		"time.Sleep", "time.Now", "time.Since", "(time.Duration).Round", "fmt.Println"} {
		if !names[want] {
			t.Errorf("externs lack %s: %v", want, names)
		}
	}
	// Every instruction of the program's own functions names a place in drain.go.
	for _, f := range funcs {
		fo := obj(f)
		if fo["synthetic"] != nil && str(fo["synthetic"]) != "package initializer" {
			continue
		}
		for _, in := range instrs(fo) {
			if in["pos"] == nil { // the call of a go or defer shares its instruction's position
				continue
			}
			p := arr(in["pos"])
			if num(p[0]) != 0 || num(p[1]) < 1 || num(p[2]) < 1 {
				t.Errorf("%s: %v has position %v, want a line and column in file 0", fo["name"], in["op"], p)
			}
		}
	}
	// The drain <-t.C receives from field 0 (C) of the opaque *time.Timer.
	found := false
	for _, ty := range arr(ir["types"]) {
		to := obj(ty)
		if str(to["string"]) == "time.Timer" {
			found = true
			if to["opaque"] != true || len(arr(to["fields"])) != 1 || str(obj(arr(to["fields"])[0])["name"]) != "C" {
				t.Errorf("time.Timer = %v, want opaque with the one field read, C", to)
			}
		}
	}
	if !found {
		t.Error("no time.Timer in the types table")
	}
}

// A timer maker's call assigned to a variable carries the variable's text ("as"), the name
// the animations give the timer: `t := time.NewTimer(d)`, `ts[0] = time.AfterFunc(...)`,
// `var tk = time.NewTicker(d)`; a call used otherwise, or assigned to an element whose index
// is not a literal (`ts[i]`: every element alike), carries none.
func TestTimerNamesFromTheSource(t *testing.T) {
	src := []byte(`package main

import "time"

type holder struct{ t *time.Timer }

func main() {
	t := time.NewTimer(time.Second)
	var tk = time.NewTicker(time.Second)
	ts := make([]*time.Timer, 2)
	for i := range ts {
		ts[i] = time.AfterFunc(time.Second, func() {})
	}
	ts[0] = time.AfterFunc(time.Second, func() {})
	h := holder{}
	h.t = (time.NewTimer(time.Minute))
	_ = time.NewTimer(time.Hour)
	stop(time.NewTimer(time.Hour))
	t.Stop()
	tk.Stop()
}

func stop(t *time.Timer) { t.Stop() }
`)
	doc, err := lowerSource("names.go", src)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := writeJSON(&buf, doc, false); err != nil {
		t.Fatal(err)
	}
	var ir map[string]interface{}
	dec := json.NewDecoder(&buf)
	dec.UseNumber()
	if err := dec.Decode(&ir); err != nil {
		t.Fatal(err)
	}
	validateIR(t, "names.go", ir)
	externs := arr(ir["externs"])
	var got []string
	for _, in := range instrs(funcNamed(t, ir, "main.main")) {
		if str(in["op"]) != "callext" {
			continue
		}
		name := str(obj(externs[num(in["ext"])])["name"])
		if name != "time.NewTimer" && name != "time.NewTicker" && name != "time.AfterFunc" {
			if in["as"] != nil {
				t.Errorf("%s carries as = %v", name, in["as"])
			}
			continue
		}
		as := "-"
		if in["as"] != nil {
			as = str(in["as"])
		}
		got = append(got, name+" "+as)
	}
	want := []string{"time.NewTimer t", "time.NewTicker tk", "time.AfterFunc -",
		"time.AfterFunc ts[0]", "time.NewTimer h.t", "time.NewTimer -", "time.NewTimer -"}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("timer calls = %q, want %q", got, want)
	}
}

func TestClosureCapturesByReference(t *testing.T) {
	ir := irOf(t, "testdata/exec/closure.go")
	outer := funcNamed(t, ir, "main.counter")
	inner := funcNamed(t, ir, "main.counter$1")
	if fv := arr(inner["free"]); len(fv) != 1 || str(fv[0]) != "n" {
		t.Fatalf("main.counter$1 free variables = %v, want [n]", inner["free"])
	}
	// The outer function allocates n on the heap and binds the pointer itself.
	allocs := map[int]bool{}
	var bound []int
	for _, in := range instrs(outer) {
		switch str(in["op"]) {
		case "alloc":
			if in["heap"] == true {
				allocs[num(in["dst"])] = true
			}
		case "makeclosure":
			for _, b := range arr(in["bindings"]) {
				bound = append(bound, num(b))
			}
		}
	}
	// Both closures (inc and the reset func) bind that same pointer.
	if len(bound) != 2 || bound[0] != bound[1] || !allocs[bound[0]] {
		t.Fatalf("the makeclosures bind %v, want the register of one heap alloc twice (allocs %v)", bound, allocs)
	}
	// The outer function writes n through that pointer after making the closure.
	storesAfter := false
	made := false
	for _, in := range instrs(outer) {
		if str(in["op"]) == "makeclosure" {
			made = true
		}
		if made && str(in["op"]) == "store" && num(in["addr"]) == bound[0] {
			storesAfter = true
		}
	}
	if !storesAfter {
		t.Error("main.counter does not store to the captured n after making the closure")
	}
	// The closure loads and stores through its free variable (register len(params)).
	fvReg := len(arr(inner["params"]))
	var loads, stores int
	for _, in := range instrs(inner) {
		if str(in["op"]) == "load" && num(in["x"]) == fvReg {
			loads++
		}
		if str(in["op"]) == "store" && num(in["addr"]) == fvReg {
			stores++
		}
	}
	if loads == 0 || stores == 0 {
		t.Errorf("main.counter$1 loads %d and stores %d through its free variable; want both", loads, stores)
	}
}

// errorCases are programs gofront rejects, with the exact message (exit status 2).
var errorCases = []struct {
	path, want string
}{
	{"testdata/bad/typeerror.go", `testdata/bad/typeerror.go:6:14: cannot use "one second" (untyped string constant) as int value in variable declaration`},
	{"testdata/bad/unused.go", "testdata/bad/unused.go:9:2: t declared but not used\ntestdata/bad/unused.go:10:2: x declared but not used"},
	{"testdata/bad/syntax.go", "testdata/bad/syntax.go:5:1: expected operand, found '}'"},
	{"testdata/bad/eof.go", "testdata/bad/eof.go:5:16: expected '}', found 'EOF'"}, // the cause, not its echoes
	{"testdata/bad/redeclared.go", "testdata/bad/redeclared.go:5:6: f redeclared in this block\n" +
		"\ttestdata/bad/redeclared.go:3:6: other declaration of f"}, // continuation lines stay under their error
	{"testdata/bad/initcycle.go", "testdata/bad/initcycle.go:3:5: initialization cycle for a\n" +
		"\ttestdata/bad/initcycle.go:3:5: a refers to\n" +
		"\ttestdata/bad/initcycle.go:4:5: b refers to\n" +
		"\ttestdata/bad/initcycle.go:6:6: f refers to\n" +
		"\ttestdata/bad/initcycle.go:3:5: a"},
	{"testdata/bad/shiftfloat.go", "testdata/bad/shiftfloat.go:4:17: invalid operation: shift count float32(0) (constant 0 of type float32) must be integer"}, // go/types 1.19 panics
	{"testdata/bad/testsig", "testdata/bad/testsig/timer_test.go:14:1: wrong signature for TestReset, must be: func TestReset(t *testing.T)"},
	{"testdata/bad/windows", "gofront: build constraints exclude all Go files in testdata/bad/windows"},
	{"testdata/bad/nomain.go", "testdata/bad/nomain.go:1:9: function main is undeclared in the main package"},
	{"testdata/bad/nobody.go", "testdata/bad/nobody.go:3:6: missing function body"},
	{"testdata/bad/noimport.go", `testdata/bad/noimport.go:3:8: could not import github.com/example/timerlib (can't find import: "github.com/example/timerlib")`},
	{"testdata/bad/internal.go", "testdata/bad/internal.go:4:2: use of internal package internal/testenv not allowed"},
	{"testdata/bad/library.go", "testdata/bad/library.go:1:9: package timers is not a main package and has no _test.go files: nothing to run"},
	{"testdata/bad/vet.go", "testdata/bad/vet.go:8:14: show passes lock by value: sync.Mutex\n" +
		"testdata/bad/vet.go:12:7: call of show copies lock value: sync.Mutex\n" +
		`testdata/bad/vet.go:13:2: fmt.Printf format %d has arg "seconds" of wrong type string`},
	{"testdata/bad/unsafe.go", "testdata/bad/unsafe.go:10:8: unsupported: unsafe.Pointer"},
	{"testdata/bad/reflect.go", "testdata/bad/reflect.go:9:14: unsupported: reflect"},
	{"testdata/bad/readfile.go", "testdata/bad/readfile.go:11:15: unsupported: call to os.ReadFile"},
	{"testdata/bad/order.go", "testdata/bad/order.go:10:13: unsupported: call to os.ReadFile"}, // the first, before reflect
	{"testdata/bad/cgo.go", `testdata/bad/cgo.go:4:8: unsupported: cgo (import "C")`},
	{"testdata/bad/complex.go", "testdata/bad/complex.go:7:2: unsupported: complex numbers"}, // c, declared
	{"testdata/bad/methodexpr.go", "testdata/bad/methodexpr.go:9:7: unsupported: use of (time.Time).Year"},
	{"testdata/bad/fprint.go", "testdata/bad/fprint.go:10:2: unsupported: fmt.Fprintf to *strings.Builder (os.Stdout and os.Stderr are supported)"},
	{"testdata/bad/methodvalue.go", "testdata/bad/methodvalue.go:6:17: unsupported: use of (*os.File).Close"},
	{"testdata/bad/bytesbuffer.go", "testdata/bad/bytesbuffer.go:14:6: unsupported: type bytes.Buffer"},
	{"testdata/bad/stdin.go", "testdata/bad/stdin.go:9:17: unsupported: variable os.Stdin"},
	{"testdata/bad/funcvalue.go", "testdata/bad/funcvalue.go:10:14: unsupported: call to os.Getpid"},
	{"testdata/bad/syncmap.go", "testdata/bad/syncmap.go:9:6: unsupported: type sync.Map"},
	{"testdata/bad/interfacecall.go", "testdata/bad/interfacecall.go:10:20: unsupported: call to strings.NewReader"},
	{"testdata/bad/testmain", "testdata/bad/testmain/main_test.go:8:6: unsupported: TestMain (the simulator runs tests and benchmarks itself)"},
	{"testdata/bad/gotestvet", `testdata/bad/gotestvet/printf_test.go:14:2: (*testing.common).Logf format %d has arg "one" of wrong type string`},
	{"testdata/bad/twopackages", "testdata/bad/twopackages/b.go:1:9: found packages main (a.go) and other (b.go) in one program; gofront takes one package"},
}

func TestErrors(t *testing.T) {
	for _, c := range errorCases {
		code, out, errs := gofront(c.path)
		if code != 2 || out != "" || errs != c.want+"\n" {
			t.Errorf("gofront %s: exit %d, stdout %q, stderr\n%s\nwant exit 2 and\n%s", c.path, code, out, errs, c.want)
		}
	}
}

func TestVetCanBeTurnedOff(t *testing.T) {
	if code, _, errs := gofront("-vet=false", "testdata/bad/vet.go"); code != 0 {
		t.Errorf("-vet=false: exit %d: %s", code, errs)
	}
}

func TestUsageAndMissingFiles(t *testing.T) {
	if code, _, errs := gofront(); code != 2 || !strings.Contains(errs, "usage: gofront") {
		t.Errorf("no arguments: exit %d, %q", code, errs)
	}
	if code, _, errs := gofront("testdata/nosuchfile.go"); code != 2 || !strings.HasPrefix(errs, "gofront: ") {
		t.Errorf("missing file: exit %d, %q", code, errs)
	}
}

func TestInternalErrorIsReported(t *testing.T) {
	testHookCompile = func() { panic("provoked") }
	defer func() { testHookCompile = nil }()
	code, out, errs := gofront("testdata/programs/drain.go")
	if code != 3 || out != "" || errs != "gofront: internal error: provoked\n" {
		t.Errorf("exit %d, stdout %q, stderr %q; want 3 and one line", code, out, errs)
	}
}

func TestTestsAndBenchmarksListed(t *testing.T) {
	names := func(list interface{}) []string {
		var out []string
		for _, e := range arr(list) {
			out = append(out, str(obj(e)["name"]))
		}
		return out
	}
	ir := irOf(t, "../../scenarios/benchmarks/go1.16")
	wantTests := []string{"TestSleep", "TestAfterFunc", "TestAfterStress", "TestAfter", "TestAfterTick",
		"TestAfterStop", "TestAfterQueuing", "TestTimerStopStress", "TestSleepZeroDeadlock", "TestReset",
		"TestOverflowSleep", "TestIssue5745", "TestOverflowPeriodRuntimeTimer", "TestZeroTimerResetPanics",
		"TestZeroTimerStopPanics", "TestTicker", "TestTickerStopWithDirectInitialization", "TestTeardown",
		"TestTick", "TestNewTickerLtZeroDuration"}
	wantBenchmarks := []string{"BenchmarkAfterFunc", "BenchmarkAfter", "BenchmarkStop",
		"BenchmarkSimultaneousAfterFunc", "BenchmarkStartStop", "BenchmarkReset", "BenchmarkSleep",
		"BenchmarkParallelTimerLatency", "BenchmarkStaggeredTickerLatency", "BenchmarkTicker",
		"BenchmarkTickerReset", "BenchmarkTickerResetNaive"}
	if got := names(ir["tests"]); fmt.Sprint(got) != fmt.Sprint(wantTests) {
		t.Errorf("tests = %v\nwant %v", got, wantTests)
	}
	if got := names(ir["benchmarks"]); fmt.Sprint(got) != fmt.Sprint(wantBenchmarks) {
		t.Errorf("benchmarks = %v\nwant %v", got, wantBenchmarks)
	}
	if num(ir["main"]) != -1 || str(ir["package"]) != "time_test" {
		t.Errorf("main = %v, package = %v; want -1 and time_test", ir["main"], ir["package"])
	}
	// Each entry names its function.
	for _, e := range arr(ir["benchmarks"]) {
		f := obj(arr(ir["funcs"])[num(obj(e)["func"])])
		if str(f["name"]) != "time_test."+str(obj(e)["name"]) {
			t.Errorf("benchmark %v names function %v", obj(e)["name"], f["name"])
		}
	}
	ir = irOf(t, "testdata/withtests")
	if got := names(ir["tests"]); fmt.Sprint(got) != "[TestResetTimer TestStopUnfired]" {
		t.Errorf("withtests: tests = %v", got)
	}
	if got := names(ir["benchmarks"]); fmt.Sprint(got) != "[BenchmarkResetTimer]" {
		t.Errorf("withtests: benchmarks = %v", got)
	}
	if num(ir["main"]) < 0 {
		t.Error("withtests: no main")
	}
}

func TestDeterministic(t *testing.T) {
	for _, p := range goodPrograms(t) {
		code1, out1, _ := gofront(p)
		code2, out2, _ := gofront(p)
		if code1 != 0 || code2 != 0 || out1 != out2 {
			t.Errorf("%s: two runs differ (exit %d, %d)", p, code1, code2)
		}
	}
}

func TestOutputFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ir.json")
	code, out, errs := gofront("-o", path, "testdata/programs/ticker.go")
	if code != 0 || out != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	data, err := os.ReadFile(path)
	if err != nil || !json.Valid(data) {
		t.Fatalf("%s: %v (valid JSON: %v)", path, err, json.Valid(data))
	}
	if _, err := os.Stat(path + ".tmp"); !os.IsNotExist(err) {
		t.Errorf("%s.tmp left behind", path)
	}
	_, indented, _ := gofront("-indent", "testdata/programs/ticker.go")
	_, compact, _ := gofront("testdata/programs/ticker.go")
	var a, b bytes.Buffer
	if json.Compact(&a, []byte(indented)) != nil || json.Compact(&b, []byte(compact)) != nil || a.String() != b.String() {
		t.Error("-indent changes the content")
	}
}

func TestAllProgramsValid(t *testing.T) {
	for _, p := range goodPrograms(t) {
		irOf(t, p) // validates
	}
}

func TestFastEnough(t *testing.T) {
	gofront("testdata/programs/language.go") // warm the export-data caches
	start := time.Now()
	const n = 5
	for i := 0; i < n; i++ {
		if code, _, errs := gofront("testdata/programs/language.go"); code != 0 {
			t.Fatal(errs)
		}
	}
	per := time.Since(start) / n
	t.Logf("lowering language.go: %v per run", per)
	if per > 250*time.Millisecond {
		t.Errorf("lowering a small program takes %v; the goal is well under 100ms", per)
	}
}

func TestRuntimeTypeNames(t *testing.T) {
	// What Go 1.19 prints for %T of each value in testdata/programs/typenames.go.
	want := []string{"[]interface {}", "map[string][]*main.T", `struct { main.T; B string "json:\"b\"" }`,
		"func(int, ...string) (bool, error)", "chan (<-chan int)", "<-chan time.Duration", "[3]uint8",
		"*interface { M() int }", "struct {}", "main.G[time.Duration]", "main.G[main.T]", "int32", "uint8",
		"func()", "func(int) int"}
	ir := irOf(t, "testdata/programs/typenames.go")
	have := map[string]bool{}
	for _, ty := range arr(ir["types"]) {
		have[str(obj(ty)["string"])] = true
	}
	for _, w := range want {
		if !have[w] {
			t.Errorf("no type named %q in the types table", w)
		}
	}
}

// The IR's minGo is the oldest Go 1.N whose release tags satisfy every file's build
// constraint: 0 without one, 15 for //go:build go1.15 (the form ticker-reset.go uses), the
// older // +build lines too, and the system's own tags do not raise it.
func TestMinGo(t *testing.T) {
	dir := t.TempDir()
	body := "package main\n\nfunc main() {}\n"
	for _, c := range []struct {
		header string
		want   int
	}{
		{"", 0},
		{"//go:build go1.15\n\n", 15},
		{"//go:build linux && go1.12\n\n", 12},
		{"//go:build go1.9 || windows\n\n", 9},
		{"//go:build !go1.99\n\n", 0},
		{"// +build go1.13\n\n", 13},
		{"// +build go1.13\n// +build amd64\n\n", 13},
	} {
		path := filepath.Join(dir, "prog.go")
		if err := os.WriteFile(path, []byte(c.header+body), 0o644); err != nil {
			t.Fatal(err)
		}
		if got := num(irOf(t, path)["minGo"]); got != c.want {
			t.Errorf("%q: minGo %d, want %d", c.header, got, c.want)
		}
	}
	if got := num(irOf(t, "../../scenarios/benchmarks/ticker-reset.go")["minGo"]); got != 15 {
		t.Errorf("ticker-reset.go: minGo %d, want 15", got)
	}
}

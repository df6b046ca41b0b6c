// vet.go: the checks of go vet, run on the type-checked package with the analyzers
// cmd/vet uses (from golang.org/x/tools/go/analysis/passes). A program go vet rejects
// gets vet's own messages, file:line:col, exit 2. The analyzers that read assembly, cgo
// or raw file text (asmdecl, buildtag, cgocall, framepointer) are not run.
package main

import (
	"fmt"
	"go/types"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/assign"
	"golang.org/x/tools/go/analysis/passes/atomic"
	"golang.org/x/tools/go/analysis/passes/bools"
	"golang.org/x/tools/go/analysis/passes/composite"
	"golang.org/x/tools/go/analysis/passes/copylock"
	"golang.org/x/tools/go/analysis/passes/errorsas"
	"golang.org/x/tools/go/analysis/passes/httpresponse"
	"golang.org/x/tools/go/analysis/passes/ifaceassert"
	"golang.org/x/tools/go/analysis/passes/loopclosure"
	"golang.org/x/tools/go/analysis/passes/lostcancel"
	"golang.org/x/tools/go/analysis/passes/nilfunc"
	"golang.org/x/tools/go/analysis/passes/printf"
	"golang.org/x/tools/go/analysis/passes/shift"
	"golang.org/x/tools/go/analysis/passes/sigchanyzer"
	"golang.org/x/tools/go/analysis/passes/stdmethods"
	"golang.org/x/tools/go/analysis/passes/stringintconv"
	"golang.org/x/tools/go/analysis/passes/structtag"
	"golang.org/x/tools/go/analysis/passes/testinggoroutine"
	"golang.org/x/tools/go/analysis/passes/tests"
	"golang.org/x/tools/go/analysis/passes/unmarshal"
	"golang.org/x/tools/go/analysis/passes/unreachable"
	"golang.org/x/tools/go/analysis/passes/unsafeptr"
	"golang.org/x/tools/go/analysis/passes/unusedresult"
)

// vetAnalyzers are cmd/vet's analyzers (Go 1.19), less those named above.
var vetAnalyzers = []*analysis.Analyzer{
	assign.Analyzer, atomic.Analyzer, bools.Analyzer, composite.Analyzer, copylock.Analyzer,
	errorsas.Analyzer, httpresponse.Analyzer, ifaceassert.Analyzer, loopclosure.Analyzer,
	lostcancel.Analyzer, nilfunc.Analyzer, printf.Analyzer, shift.Analyzer, sigchanyzer.Analyzer,
	stdmethods.Analyzer, stringintconv.Analyzer, structtag.Analyzer, tests.Analyzer,
	testinggoroutine.Analyzer, unmarshal.Analyzer, unreachable.Analyzer, unsafeptr.Analyzer,
	unusedresult.Analyzer,
}

// goTestVetAnalyzers are the checks `go test` runs before it runs a package's tests (Go
// 1.19's cmd/go defaultVetFlags: atomic, bool, buildtags, errorsas, ifaceassert, nilfunc,
// printf, stringintconv; buildtags is not run, as above). A package of only _test.go files
// runs only as go test, so it is vetted as go test vets it: Go 1.9's and 1.13's
// sleep_test.go call t.Fatalf from a goroutine, which go vet's testinggoroutine reports
// and go test accepts.
var goTestVetAnalyzers = []*analysis.Analyzer{
	atomic.Analyzer, bools.Analyzer, errorsas.Analyzer, ifaceassert.Analyzer, nilfunc.Analyzer,
	printf.Analyzer, stringintconv.Analyzer,
}

// factKey names one fact: facts are per analyzer, object and fact type.
type factKey struct {
	a   *analysis.Analyzer
	obj types.Object
	typ reflect.Type
}

// vet runs the analyzers (go test's for a package of only _test.go files) and those they
// require, once each, and returns their findings.
// Facts about the package's own functions are kept between analyzers of one run; there
// are none about imported packages (the analyzers know the standard library's printf
// functions and no-return functions by name).
func vet(src *source) error {
	results := map[*analysis.Analyzer]interface{}{}
	failed := map[*analysis.Analyzer]bool{}
	facts := map[factKey]analysis.Fact{}
	var ds []diag
	var runOne func(a *analysis.Analyzer) bool
	runOne = func(a *analysis.Analyzer) bool {
		if _, done := results[a]; done {
			return true
		}
		if failed[a] {
			return false
		}
		resultOf := map[*analysis.Analyzer]interface{}{}
		for _, req := range a.Requires {
			if !runOne(req) {
				failed[a] = true
				return false
			}
			resultOf[req] = results[req]
		}
		pass := &analysis.Pass{
			Analyzer:   a,
			Fset:       src.fset,
			Files:      src.files,
			Pkg:        src.pkg,
			TypesInfo:  src.info,
			TypesSizes: types.SizesFor("gc", "amd64"),
			ResultOf:   resultOf,
			Report: func(d analysis.Diagnostic) {
				// Newer analyzers add a link that Go 1.19's vet does not print.
				msg := d.Message
				if i := strings.Index(msg, ", see also https://"); i >= 0 {
					msg = msg[:i]
				}
				ds = append(ds, diag{pos: src.fset.Position(d.Pos), msg: msg})
			},
			ImportObjectFact: func(obj types.Object, f analysis.Fact) bool {
				got, ok := facts[factKey{a, obj, reflect.TypeOf(f)}]
				if ok {
					reflect.ValueOf(f).Elem().Set(reflect.ValueOf(got).Elem())
				}
				return ok
			},
			ExportObjectFact: func(obj types.Object, f analysis.Fact) {
				facts[factKey{a, obj, reflect.TypeOf(f)}] = f
			},
			ImportPackageFact: func(*types.Package, analysis.Fact) bool { return false },
			ExportPackageFact: func(analysis.Fact) {},
			AllObjectFacts:    func() []analysis.ObjectFact { return nil },
			AllPackageFacts:   func() []analysis.PackageFact { return nil },
		}
		res, err := runAnalyzer(a, pass)
		if err != nil {
			failed[a] = true // an analyzer that cannot run is skipped, as it would not reject
			return false
		}
		results[a] = res
		return true
	}
	analyzers := goTestVetAnalyzers
	for _, p := range src.paths {
		if !strings.HasSuffix(p, "_test.go") {
			analyzers = vetAnalyzers
		}
	}
	for _, a := range analyzers {
		runOne(a)
	}
	if len(ds) > 0 {
		return goErrors(ds)
	}
	return nil
}

// runAnalyzer runs one analyzer, turning a panic in it (they have bugs on odd but valid
// programs, such as a shift by a complex constant) into an error.
func runAnalyzer(a *analysis.Analyzer, pass *analysis.Pass) (res interface{}, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("analyzer %s: %v", a.Name, r)
		}
	}()
	return a.Run(pass)
}

// fuzz_test.go: FuzzLower, the front end on arbitrary source. Any bytes, given as the one
// file of a program, are parsed, type-checked, vetted and lowered as `gofront prog.go`
// does. The contract: no panic (a panic is gofront's exit 3, an internal error); a program
// that is rejected gets at least one message, each at a position in the file
// (fuzz.go:LINE:COL: ...); a program that is accepted gets an IR that passes validateIR.
//
// Seeds: every shipped Go scenario (scenarios/**/*.go), tests/programs/*.go and this
// package's testdata programs, plus the inputs that once failed (testdata/fuzz/FuzzLower/,
// which plain `go test` replays). scripts/fuzz.sh runs it for FUZZ_SECONDS:
//
//	cd src/gofront && GO111MODULE=off GOPATH=/usr/share/gocode GOFLAGS= GOPROXY=off \
//	  GOCACHE=$PWD/../../build/gocache go test -run '^$' -fuzz '^FuzzLower$' -fuzztime 60s .
package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fuzzMaxSource bounds the inputs lowered: larger ones only slow the fuzzer down.
const fuzzMaxSource = 16 << 10

// fuzzSeeds are the Go files the fuzzer starts from.
func fuzzSeeds(f *testing.F) []string {
	var seeds []string
	for _, pattern := range []string{"../../tests/programs/*.go", "testdata/programs/*.go", "testdata/exec/*.go", "testdata/bad/*.go"} {
		m, _ := filepath.Glob(pattern)
		seeds = append(seeds, m...)
	}
	_ = filepath.Walk("../../scenarios", func(path string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && strings.HasSuffix(path, ".go") {
			seeds = append(seeds, path)
		}
		return nil
	})
	if len(seeds) < 10 {
		f.Fatalf("only %d seed programs found", len(seeds))
	}
	return seeds
}

func FuzzLower(f *testing.F) {
	for _, p := range fuzzSeeds(f) {
		src, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		if len(src) <= fuzzMaxSource {
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > fuzzMaxSource {
			return
		}
		// A _test.go name would make a package of tests: the name follows the source, so
		// that both kinds of package are fuzzed.
		name := "fuzz.go"
		if bytes.Contains(src, []byte("*testing.")) {
			name = "fuzz_test.go"
		}
		ir, err := lowerSource(name, src)
		if err != nil {
			checkDiagnostics(t, name, err)
			return
		}
		var buf bytes.Buffer
		if err := writeJSON(&buf, ir, false); err != nil {
			t.Fatalf("writing the IR: %v", err)
		}
		dec := json.NewDecoder(&buf)
		dec.UseNumber()
		var doc map[string]interface{}
		if err := dec.Decode(&doc); err != nil {
			t.Fatalf("the IR is not JSON: %v", err)
		}
		validateIR(t, name, doc)
	})
}

// lowerSource runs the front end on one in-memory file, as compile does on a file.
func lowerSource(name string, src []byte) (Obj, error) {
	s, err := loadFiles([]string{name}, func(string) ([]byte, error) { return src, nil })
	if err != nil {
		return nil, err
	}
	return compileSource(s, options{vet: true})
}

// checkDiagnostics: a rejected program gets messages, each at a position in its file.
func checkDiagnostics(t *testing.T, name string, err error) {
	ue, ok := err.(*userError)
	if !ok {
		t.Fatalf("an error that is not a message about the program: %v", err)
	}
	if len(ue.diags) == 0 {
		t.Fatalf("a rejected program without a message")
	}
	for _, d := range ue.diags {
		if d.pos.Filename != name || d.pos.Line < 1 || d.pos.Column < 1 || d.msg == "" {
			t.Fatalf("a message without a position in %s: %q", name, d.String())
		}
	}
}

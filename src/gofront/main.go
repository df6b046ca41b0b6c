// Command gofront is the Go front end of gotimers: it parses and type-checks a Go
// program with Go's own packages, builds its SSA form with golang.org/x/tools/go/ssa and
// lowers it to the JSON IR that the C++ VM runs (docs/go-ir.md).
//
//	gofront [-o FILE] [-indent] [-sanity] [-vet=false] PROG.go... | DIR
//	gofront -externs
//	gofront -stdlib-bundle FILE
//
// Built with GOOS=js GOARCH=wasm it is the front end of the lab page instead (main_js.go).
//
// Exit status: 0 the IR was written; 2 the program is not valid Go or uses something the
// simulator does not support (messages file:line:col: ... on stderr); 3 an internal error.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
)

// run is the whole command; tests call it directly.
func run(args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "gofront: internal error: %v\n", r)
			if os.Getenv("GOFRONT_DEBUG") != "" {
				stderr.Write(debug.Stack())
			}
			code = 3
		}
	}()
	fs := flag.NewFlagSet("gofront", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "write the IR to `FILE` (default: standard output)")
	indent := fs.Bool("indent", false, "indent the JSON")
	sanity := fs.Bool("sanity", false, "run go/ssa's sanity checks on every function")
	vetOn := fs.Bool("vet", true, "reject what go vet reports")
	externs := fs.Bool("externs", false, "print the table of library functions the VM provides, as Markdown")
	bundle := fs.String("stdlib-bundle", "", "write the type information of the library packages the VM provides to `FILE` (for the WebAssembly build)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: gofront [-o FILE] [-indent] [-sanity] [-vet=false] PROG.go... | DIR\n       gofront -externs")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *externs {
		printExternTable(stdout)
		return 0
	}
	if *bundle != "" {
		var buf bytes.Buffer
		if err := writeStdlibBundle(&buf); err != nil {
			fmt.Fprintf(stderr, "gofront: %v\n", err)
			return 3
		}
		if err := writeFileAtomic(*bundle, buf.Bytes()); err != nil {
			fmt.Fprintf(stderr, "gofront: %v\n", err)
			return 3
		}
		return 0
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	ir, err := compile(fs.Args(), options{sanity: *sanity, vet: *vetOn})
	if err != nil {
		if ue, ok := err.(*userError); ok {
			fmt.Fprintln(stderr, ue.Error())
		} else {
			fmt.Fprintf(stderr, "gofront: %v\n", err)
		}
		return 2
	}
	var buf bytes.Buffer
	if err := writeJSON(&buf, ir, *indent); err != nil {
		fmt.Fprintf(stderr, "gofront: %v\n", err)
		return 3
	}
	if *out == "" {
		if _, err := stdout.Write(buf.Bytes()); err != nil {
			fmt.Fprintf(stderr, "gofront: %v\n", err)
			return 3
		}
		return 0
	}
	if err := writeFileAtomic(*out, buf.Bytes()); err != nil {
		fmt.Fprintf(stderr, "gofront: %v\n", err)
		return 3
	}
	return 0
}

// testHookCompile, when set by a test, runs first in compile (to provoke an internal error).
var testHookCompile func()

// options are the front end's settings.
type options struct {
	sanity bool // run go/ssa's sanity checks
	vet    bool // run go vet's analyzers
}

// compile runs the front end: load and type-check, what go build and go vet reject,
// then lowering (which finds what the simulator does not support).
func compile(args []string, opt options) (Obj, error) {
	if testHookCompile != nil {
		testHookCompile()
	}
	src, err := load(args)
	if err != nil {
		return nil, err
	}
	return compileSource(src, opt)
}

// compileSource is compile after loading: what go build and go vet reject, then lowering.
func compileSource(src *source, opt options) (Obj, error) {
	if err := checkBuild(src); err != nil {
		return nil, err
	}
	if opt.vet {
		if err := vet(src); err != nil {
			return nil, err
		}
	}
	return lower(src, opt.sanity)
}

// writeFileAtomic writes FILE.tmp and renames it, so that FILE is whole or absent.
func writeFileAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

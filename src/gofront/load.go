// load.go: finding the input files, parsing them and type-checking them with Go's own
// go/parser and go/types, against the export data of the installed Go 1.19 standard
// library. Go's messages come back as file:line:col with the file named as given.
package main

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// source is the parsed and type-checked user package.
type source struct {
	fset   *token.FileSet
	files  []*ast.File
	paths  []string // as given on the command line (or dir + "/" + name)
	pkg    *types.Package
	info   *types.Info
	isTest bool // some file is a _test.go file
}

// inputFiles returns the Go files named by args: one directory (its .go files that Go
// would build, _test.go files included) or one or more .go files.
func inputFiles(args []string) ([]string, error) {
	if len(args) == 1 {
		st, err := os.Stat(args[0])
		if err != nil {
			return nil, err
		}
		if st.IsDir() {
			return dirFiles(args[0])
		}
	}
	for _, a := range args {
		if !strings.HasSuffix(a, ".go") {
			return nil, fmt.Errorf("%s: not a .go file or a directory", a)
		}
	}
	return args, nil
}

// buildContext is the context Go would use on linux/amd64, with cgo files kept so that
// they are reported rather than silently left out.
func buildContext() build.Context {
	ctx := build.Default
	ctx.GOOS, ctx.GOARCH = "linux", "amd64"
	ctx.CgoEnabled = true
	return ctx
}

func dirFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	ctx := buildContext()
	var out []string
	excluded := false
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
			continue
		}
		excluded = true
		ok, err := ctx.MatchFile(dir, name)
		if err != nil {
			return nil, err
		}
		if ok {
			p := dir + "/" + name
			if strings.HasSuffix(dir, "/") {
				p = dir + name
			}
			out = append(out, p)
		}
	}
	sort.Strings(out)
	if len(out) == 0 && excluded {
		// go build's words: every .go file is for another system (prog_windows.go,
		// //go:build ignore)
		return nil, fmt.Errorf("build constraints exclude all Go files in %s", dir)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no Go files in %s", dir)
	}
	return out, nil
}

// parseFiles parses every file, read by readFile, returning Go's syntax errors as a
// userError.
func parseFiles(fset *token.FileSet, paths []string, readFile func(string) ([]byte, error)) ([]*ast.File, error) {
	var files []*ast.File
	var ds []diag
	for _, p := range paths {
		src, err := readFile(p)
		if err != nil {
			return nil, err
		}
		// Without AllErrors the parser keeps the first error of each line and stops after
		// ten, as gofmt and go vet report them: the first is the cause ("expected '}', found
		// 'EOF'"), the ones AllErrors adds on the same line are its echoes.
		f, err := parser.ParseFile(fset, p, src, parser.ParseComments)
		if err != nil {
			if list, ok := err.(scanner.ErrorList); ok {
				list.RemoveMultiples() // the scanner's own errors may still share a line
				for _, e := range list {
					ds = append(ds, diag{pos: e.Pos, msg: e.Msg})
				}
				continue
			}
			return nil, err
		}
		files = append(files, f)
	}
	if len(ds) > 0 {
		return nil, goErrors(ds)
	}
	return files, nil
}

// packageOf checks that the files form one package, as go build requires, and returns
// its name. A directory of only _test.go files may be an external test package (xxx_test).
func packageOf(fset *token.FileSet, files []*ast.File, paths []string) (string, error) {
	name := files[0].Name.Name
	for i, f := range files[1:] {
		if f.Name.Name != name {
			return "", &userError{diags: []diag{{pos: fset.Position(f.Name.Pos()),
				msg: fmt.Sprintf("found packages %s (%s) and %s (%s) in one program; gofront takes one package",
					name, filepath.Base(paths[0]), f.Name.Name, filepath.Base(paths[i+1]))}}}
		}
	}
	return name, nil
}

// checkImports reports, before type-checking, import "C" (which the type checker cannot
// import) and imports of the standard library's internal packages, which go build refuses
// outside the standard library (and the export data would otherwise provide).
func checkImports(fset *token.FileSet, files []*ast.File) error {
	var ds []diag
	for _, f := range files {
		for _, imp := range f.Imports {
			p, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				continue
			}
			pos := fset.Position(imp.Path.Pos())
			switch {
			case p == "C":
				ds = append(ds, diag{pos: pos, msg: `unsupported: cgo (import "C")`})
			case p == "internal" || strings.HasPrefix(p, "internal/") || strings.Contains(p, "/internal/") || strings.HasSuffix(p, "/internal"):
				ds = append(ds, diag{pos: pos, msg: "use of internal package " + p + " not allowed"})
			}
		}
	}
	if len(ds) > 0 {
		return goErrors(ds)
	}
	return nil
}

// load parses and type-checks the program named by args.
func load(args []string) (*source, error) {
	paths, err := inputFiles(args)
	if err != nil {
		return nil, err
	}
	return loadFiles(paths, os.ReadFile)
}

// loadFiles parses and type-checks the files named by paths, read by readFile (the fuzz
// test gives the source from memory).
func loadFiles(paths []string, readFile func(string) ([]byte, error)) (*source, error) {
	fset := token.NewFileSet()
	files, err := parseFiles(fset, paths, readFile)
	if err != nil {
		return nil, err
	}
	name, err := packageOf(fset, files, paths)
	if err != nil {
		return nil, err
	}
	if err := checkImports(fset, files); err != nil {
		return nil, err
	}
	path := name // "main" for commands, as Go names them; the package name otherwise
	var ds []diag
	conf := &types.Config{
		Importer: stdImporter(fset),
		Sizes:    types.SizesFor("gc", "amd64"),
		Error: func(err error) {
			if te, ok := err.(types.Error); ok {
				pos := te.Fset.Position(te.Pos)
				if strings.HasPrefix(te.Msg, "\t") && len(ds) > 0 {
					// A continuation of the previous error (the steps of a cycle, the other
					// declaration of a name): printed under it, indented, as cmd/compile does.
					d := &ds[len(ds)-1]
					d.more += "\n\t" + diag{pos: pos, msg: te.Msg[1:]}.String()
					return
				}
				ds = append(ds, diag{pos: pos, msg: te.Msg})
			} else {
				ds = append(ds, diag{msg: err.Error()})
			}
		},
	}
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Instances:  map[*ast.Ident]types.Instance{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Implicits:  map[ast.Node]types.Object{},
		Scopes:     map[ast.Node]*types.Scope{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
	}
	pkg := types.NewPackage(path, name)
	typeCheck(types.NewChecker(conf, fset, pkg, info), fset, files, info, &ds)
	if len(ds) > 0 {
		return nil, goErrors(ds)
	}
	src := &source{fset: fset, files: files, paths: paths, pkg: pkg, info: info}
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			src.isTest = true
		}
	}
	return src, nil
}

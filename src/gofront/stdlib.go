// stdlib.go: the standard library's type information. The native front end reads it from
// the installed Go 1.19's export data (the gc importer); the WebAssembly one (main_js.go),
// which has no GOROOT, from a bundle of the packages the VM provides, written by
// `gofront -stdlib-bundle FILE` with golang.org/x/tools/go/gcexportdata.
package main

import (
	"bytes"
	"fmt"
	"go/importer"
	"go/token"
	"go/types"
	"io"
	"sort"

	"golang.org/x/tools/go/gcexportdata"
)

// stdlibPackages are the packages a bundle holds: those of the VM's library (externs.go),
// and bytes, io and reflect, which programs import often enough that the page should give
// the command's message for them ("unsupported: type bytes.Buffer"), not "not available".
var stdlibPackages = []string{
	"bytes", "context", "errors", "flag", "fmt", "io", "math", "math/rand", "os", "reflect",
	"runtime", "sort", "strconv", "strings", "sync", "sync/atomic", "testing", "time",
}

// stdImporter makes the importer of a type-check: the gc importer, or (js) the bundle's.
var stdImporter = func(fset *token.FileSet) types.Importer {
	return importer.ForCompiler(fset, "gc", nil)
}

// writeStdlibBundle writes the bundle of stdlibPackages (and what they refer to).
func writeStdlibBundle(w io.Writer) error {
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "gc", nil)
	var pkgs []*types.Package
	for _, path := range stdlibPackages {
		p, err := imp.Import(path)
		if err != nil {
			return fmt.Errorf("stdlib bundle: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	return gcexportdata.WriteBundle(w, fset, pkgs)
}

// bundleImporter imports from a bundle's packages; any other path is not available.
type bundleImporter map[string]*types.Package

func (b bundleImporter) Import(path string) (*types.Package, error) {
	if path == "unsafe" { // as the gc importer answers it
		return types.Unsafe, nil
	}
	if p, ok := b[path]; ok {
		return p, nil
	}
	have := make([]string, 0, len(stdlibPackages))
	have = append(have, stdlibPackages...)
	sort.Strings(have)
	return nil, fmt.Errorf("package %s is not available in the page (it has %v)", path, have)
}

// readStdlibBundle reads a bundle into an importer.
func readStdlibBundle(data []byte) (bundleImporter, error) {
	fset := token.NewFileSet()
	imports := map[string]*types.Package{}
	pkgs, err := gcexportdata.ReadBundle(bytes.NewReader(data), fset, imports)
	if err != nil {
		return nil, err
	}
	b := bundleImporter{}
	for _, p := range pkgs {
		b[p.Path()] = p
	}
	return b, nil
}

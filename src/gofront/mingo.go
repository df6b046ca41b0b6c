package main

import (
	"go/ast"
	"go/build/constraint"
	"strconv"
	"strings"
)

// minGoMinor returns the smallest N such that every file's build constraint
// (//go:build, or the older // +build lines) holds with the release tags of Go 1.N
// (go1.1 ... go1.N), as go build of that release would evaluate them on linux/amd64: 0 when
// no file names a release. The VM runs the program on eras of older Go versions only if N
// allows it; `gotimers run` skips the others as "skipped: needs Go 1.N", as a JSON scenario's
// "minGo" does. A directory's files whose constraint holds for no release up to Go 1.19 do
// not reach here (inputFiles leaves them out, as go build does); if the files named on the
// command line hold together for no release up to 1.19, this returns 0, as before it existed.
func minGoMinor(files []*ast.File) int {
	var exprs []constraint.Expr
	for _, f := range files {
		if x := fileConstraint(f); x != nil {
			exprs = append(exprs, x)
		}
	}
	for n := 0; n <= 19; n++ {
		ok := true
		for _, x := range exprs {
			if !x.Eval(func(tag string) bool { return tagHolds(tag, n) }) {
				ok = false
				break
			}
		}
		if ok {
			return n
		}
	}
	return 0
}

// fileConstraint is the file's build constraint: its //go:build line, else its // +build
// lines (ANDed, as go/build reads them), else nil. Both must precede the package clause.
func fileConstraint(f *ast.File) constraint.Expr {
	var plus constraint.Expr
	for _, g := range f.Comments {
		if g.Pos() >= f.Package {
			break
		}
		for _, c := range g.List {
			if constraint.IsGoBuild(c.Text) {
				if x, err := constraint.Parse(c.Text); err == nil {
					return x
				}
			} else if constraint.IsPlusBuild(c.Text) {
				if x, err := constraint.Parse(c.Text); err == nil {
					if plus == nil {
						plus = x
					} else {
						plus = &constraint.AndExpr{X: plus, Y: x}
					}
				}
			}
		}
	}
	return plus
}

// tagHolds says whether tag is set when building with Go 1.n for linux/amd64 (gc, cgo
// enabled, as buildContext): goX.Y for Y <= n, and the system's own tags.
func tagHolds(tag string, n int) bool {
	if strings.HasPrefix(tag, "go1.") {
		minor, err := strconv.Atoi(strings.TrimPrefix(tag, "go1."))
		return err == nil && minor >= 1 && minor <= n
	}
	switch tag {
	case "linux", "amd64", "unix", "gc", "cgo":
		return true
	}
	return false
}

// diag.go: the errors gofront reports about the user's program.
//
// A program Go rejects gets Go's own messages (exit 2); a construct the simulator does not
// support gets one "unsupported: WHAT" message at its position (exit 2). Everything is
// printed as file:line:col: message, with the file named as on the command line.
package main

import (
	"fmt"
	"go/token"
	"sort"
)

// maxErrors is how many of Go's messages are printed, as the compiler does.
const maxErrors = 10

// diag is one positioned message.
type diag struct {
	pos  token.Position
	msg  string
	more string // continuation lines ("\n\tfile:line:col: a refers to"), printed after it
}

func (d diag) String() string {
	if d.pos.Filename == "" {
		return d.msg + d.more
	}
	return fmt.Sprintf("%s:%d:%d: %s%s", d.pos.Filename, d.pos.Line, d.pos.Column, d.msg, d.more)
}

// userError is an error in the user's program: exit status 2.
type userError struct {
	diags []diag
}

func (e *userError) Error() string {
	s := ""
	for i, d := range e.diags {
		if i > 0 {
			s += "\n"
		}
		s += d.String()
	}
	return s
}

// sortDiags orders diagnostics by file, line and column, keeping equal ones in order.
func sortDiags(ds []diag) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i].pos, ds[j].pos
		if a.Filename != b.Filename {
			return a.Filename < b.Filename
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
}

// goErrors turns Go's messages into a userError: sorted, duplicates dropped, at most
// maxErrors of them followed by "too many errors" as cmd/compile prints.
func goErrors(ds []diag) *userError {
	sortDiags(ds)
	var out []diag
	for _, d := range ds {
		if n := len(out); n > 0 && out[n-1] == d {
			continue
		}
		if len(out) == maxErrors {
			out = append(out, diag{pos: d.pos, msg: "too many errors"})
			break
		}
		out = append(out, d)
	}
	return &userError{diags: out}
}

// unsupported collects "unsupported:" findings; the first in source order is reported.
type unsupported struct {
	fset  *token.FileSet
	found []diag
}

func (u *unsupported) add(pos token.Pos, format string, args ...interface{}) {
	u.found = append(u.found, diag{pos: u.fset.Position(pos), msg: "unsupported: " + fmt.Sprintf(format, args...)})
}

// err returns the earliest finding as a userError, or nil.
func (u *unsupported) err() error {
	if len(u.found) == 0 {
		return nil
	}
	ds := append([]diag(nil), u.found...)
	sortDiags(ds)
	return &userError{diags: ds[:1]}
}

// ir.go: the containers the IR is built from and the JSON writer that prints them.
//
// The IR is a tree of Obj (a JSON object whose keys keep their insertion order), Arr,
// int, int64, uint64, float64 (see Float), string, Bytes, bool and nil. The writer below
// prints that tree deterministically with no reflection: the same program gives the same
// bytes. docs/go-ir.md describes what the keys mean.
package main

import (
	"bufio"
	"io"
	"math"
	"strconv"
	"unicode/utf8"
)

// KV is one key of an Obj.
type KV struct {
	K string
	V interface{}
}

// Obj is a JSON object whose keys are printed in the order they were added.
type Obj []KV

// Arr is a JSON array.
type Arr []interface{}

// Float is a float64 constant; it is always printed with a '.' or an exponent so that a
// JSON reader sees a floating-point number, never an integer.
type Float float64

// Ints is a JSON array of integers (register or type indices).
type Ints []int

// Pos is an instruction position: [file index, line, column], file -1 for none.
type Pos [3]int

// add appends a key to o and returns o.
func (o Obj) add(k string, v interface{}) Obj { return append(o, KV{k, v}) }

// jsonWriter prints IR values. Errors are sticky and reported by flush.
type jsonWriter struct {
	w      *bufio.Writer
	indent bool
	depth  int
	buf    []byte
}

func writeJSON(out io.Writer, v interface{}, indent bool) error {
	jw := &jsonWriter{w: bufio.NewWriterSize(out, 1<<16), indent: indent}
	jw.value(v)
	jw.w.WriteByte('\n')
	return jw.w.Flush()
}

func (jw *jsonWriter) newline() {
	if !jw.indent {
		return
	}
	jw.w.WriteByte('\n')
	for i := 0; i < jw.depth; i++ {
		jw.w.WriteString("  ")
	}
}

func (jw *jsonWriter) value(v interface{}) {
	switch v := v.(type) {
	case nil:
		jw.w.WriteString("null")
	case bool:
		if v {
			jw.w.WriteString("true")
		} else {
			jw.w.WriteString("false")
		}
	case int:
		jw.w.Write(strconv.AppendInt(jw.buf[:0], int64(v), 10))
	case int64:
		jw.w.Write(strconv.AppendInt(jw.buf[:0], v, 10))
	case uint64:
		jw.w.Write(strconv.AppendUint(jw.buf[:0], v, 10))
	case Float:
		jw.float(float64(v))
	case string:
		jw.str(v)
	case Ints:
		jw.w.WriteByte('[')
		for i, x := range v {
			if i > 0 {
				jw.w.WriteByte(',')
			}
			jw.w.Write(strconv.AppendInt(jw.buf[:0], int64(x), 10))
		}
		jw.w.WriteByte(']')
	case Pos:
		jw.value(Ints(v[:]))
	case Obj:
		jw.w.WriteByte('{')
		jw.depth++
		for i, kv := range v {
			if i > 0 {
				jw.w.WriteByte(',')
			}
			jw.newline()
			jw.str(kv.K)
			jw.w.WriteByte(':')
			jw.value(kv.V)
		}
		jw.depth--
		if len(v) > 0 {
			jw.newline()
		}
		jw.w.WriteByte('}')
	case Arr:
		jw.w.WriteByte('[')
		jw.depth++
		for i, x := range v {
			if i > 0 {
				jw.w.WriteByte(',')
			}
			jw.newline()
			jw.value(x)
		}
		jw.depth--
		if len(v) > 0 {
			jw.newline()
		}
		jw.w.WriteByte(']')
	default:
		panic("ir: cannot print a value of this kind")
	}
}

// float prints f so that it reads back as the same float64 and as a float.
func (jw *jsonWriter) float(f float64) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		panic("ir: non-finite float constant")
	}
	b := strconv.AppendFloat(jw.buf[:0], f, 'g', -1, 64)
	isInt := true
	for _, c := range b {
		if c == '.' || c == 'e' || c == 'E' {
			isInt = false
		}
	}
	if isInt {
		b = append(b, ".0"...)
	}
	jw.w.Write(b)
}

// str prints s as a JSON string. s must be valid UTF-8 (callers carry other byte
// strings as arrays of bytes); invalid bytes are replaced by U+FFFD as a last resort.
func (jw *jsonWriter) str(s string) {
	const hex = "0123456789abcdef"
	w := jw.w
	w.WriteByte('"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"':
				w.WriteString(`\"`)
			case c == '\\':
				w.WriteString(`\\`)
			case c == '\n':
				w.WriteString(`\n`)
			case c == '\t':
				w.WriteString(`\t`)
			case c == '\r':
				w.WriteString(`\r`)
			case c < 0x20 || c == 0x7f:
				w.WriteString(`\u00`)
				w.WriteByte(hex[c>>4])
				w.WriteByte(hex[c&15])
			default:
				w.WriteByte(c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			w.WriteString(`\ufffd`)
		} else {
			w.WriteString(s[i : i+size])
		}
		i += size
	}
	w.WriteByte('"')
}

// Constants at the edges of their types, and strings that are not UTF-8.
package main

import (
	"fmt"
	"math"
	"time"
)

const (
	maxU64  uint64  = math.MaxUint64
	minI64  int64   = math.MinInt64
	third   float32 = 1.0 / 3
	whole   float64 = 3
	tiny    float64 = 5e-324
	raw     string  = "\xff\xfe bytes"
	quoted  string  = "tab\t\"quote\" nul\x00 é \u2028"
	forever         = time.Duration(math.MaxInt64)
)

type weekday int

const (
	sunday weekday = iota
	monday
	tuesday
)

func main() {
	var i8 int8 = -128
	var r rune = 'é'
	var b byte = 255
	fmt.Println(maxU64, minI64, third, whole, tiny, len(raw), quoted, forever)
	fmt.Println(i8, r, b, tuesday, uint32(math.MaxUint32), math.Pi)
	var m map[string]int
	var p *int
	var e error
	fmt.Println(m == nil, p == nil, e == nil, math.Inf(1))
	fmt.Printf("%q\n", raw)
}

// Reads the files `gotimers compare --benchfmt DIR` writes with Go's own benchmark-line parser
// (golang.org/x/tools/benchmark/parse, Debian's golang-golang-x-tools-dev) and checks what
// benchstat needs: every line parses, every benchmark has ns/op, the name ends in -GOMAXPROCS,
// and each file holds the same benchmarks with the same number of runs.
// Usage: go run check.go FILE...
package main

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"golang.org/x/tools/benchmark/parse"
)

func main() {
	var shape string
	for _, file := range os.Args[1:] {
		f, err := os.Open(file)
		if err != nil {
			fail("%v", err)
		}
		set, err := parse.ParseSet(f)
		f.Close()
		if err != nil {
			fail("%s: %v", file, err)
		}
		if len(set) == 0 {
			fail("%s: no benchmark lines", file)
		}
		var names []string
		for name, runs := range set {
			if i := strings.LastIndex(name, "-"); i < 0 || !strings.HasPrefix(name, "Benchmark") {
				fail("%s: %q is not BenchmarkName-GOMAXPROCS", file, name)
			}
			for _, b := range runs {
				if b.Measured&parse.NsPerOp == 0 || b.N < 1 || b.NsPerOp <= 0 {
					fail("%s: %s: no ns/op, or a bad iteration count", file, name)
				}
			}
			names = append(names, fmt.Sprintf("%s x%d", name, len(runs)))
		}
		sort.Strings(names)
		got := strings.Join(names, ", ")
		if shape == "" {
			shape = got
		} else if got != shape {
			fail("%s: benchmarks %s, but the first file has %s", file, got, shape)
		}
	}
	fmt.Println("benchstat can read them:", shape)
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "benchfmt: "+format+"\n", args...)
	os.Exit(1)
}

// go test's -run and -bench patterns over subtests and sub-benchmarks (testing/match.go):
// one regexp per name level, split at '/' and at top-level '|' into alternatives.
package subtests

import (
	"fmt"
	"testing"
)

func BenchmarkTop(b *testing.B) {
	for _, n := range []int{1, 2, 10} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			for _, k := range []string{"a", "b"} {
				b.Run(k, func(b *testing.B) {
					for i := 0; i < b.N; i++ {
					}
				})
			}
		})
	}
}

func BenchmarkOther(b *testing.B) {
	for i := 0; i < b.N; i++ {
	}
}

// Each subtest fails, so the report names the ones that ran.
func TestT(t *testing.T) {
	for _, name := range []string{"x one", "y"} {
		t.Run(name, func(t *testing.T) { t.Error("ran") })
	}
}

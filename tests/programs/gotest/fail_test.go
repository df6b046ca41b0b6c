// go test semantics: a failing test, a helper, subtests, Fatal, Skip, Cleanup, and two
// benchmarks (a plain loop and RunParallel).
package gotest

import (
	"testing"
	"time"
)

func check(t *testing.T, got, want int) {
	t.Helper()
	if got != want {
		t.Errorf("got %d, want %d", got, want)
	}
}

func TestPasses(t *testing.T) {
	t.Log("a passing test's log is not printed")
	check(t, 1, 1)
}

func TestFails(t *testing.T) {
	check(t, 2, 1)
	t.Run("fatal sub", func(t *testing.T) {
		t.Fatalf("stopped at %v\nsecond line", time.Duration(0))
		t.Error("not reached")
	})
	t.Run("passing sub", func(t *testing.T) {})
	ok := t.Run("fatal sub", func(t *testing.T) { t.FailNow() })
	t.Logf("second sub passed: %v", ok)
}

func TestSkips(t *testing.T) {
	t.Cleanup(func() { t.Log("cleanup runs") })
	t.Skip("skipped")
	t.Error("not reached")
}

func TestTimer(t *testing.T) {
	tm := time.NewTimer(time.Hour)
	if !tm.Stop() {
		t.Fatal("Stop of a pending timer returned false")
	}
}

func BenchmarkStop(b *testing.B) {
	for i := 0; i < b.N; i++ {
		time.AfterFunc(time.Hour, nil).Stop()
	}
}

func BenchmarkParallelSleep(b *testing.B) {
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			time.Sleep(time.Microsecond)
		}
	})
}

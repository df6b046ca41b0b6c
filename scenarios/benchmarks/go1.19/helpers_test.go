// Stand-ins for the helpers that Go 1.19's sleep_test.go takes from package time's own
// test files (export_test.go, internal_test.go) and from internal/testenv, which a program
// outside the standard library cannot see. tick_test.go is unchanged; sleep_test.go is
// unchanged but for one line, its import of "internal/testenv", removed: testenv below
// answers its one use, testenv.SkipFlaky (docs/go-ir.md section 10).
package time_test

import (
	"flag"
	"testing"
	. "time"
)

// Interrupt is time's internal_test.go "var Interrupt = interrupt"; interrupt does nothing
// on Unix (it interrupts a sleep only on Windows and Plan 9).
func Interrupt() {}

// CheckRuntimeTimerPeriodOverflow (internal_test.go) starts a runtime timer that is due
// now with a period of 1<<63 - 1 through time's unexported runtime hooks, so that the
// runtime overflows when it re-arms it. No public timer has that shape (a Ticker's first
// tick is a period away, and when() clamps an overflowing when), so only the helper's
// smoke test is here: timers still fire, a 25ms one. TestOverflowPeriodRuntimeTimer checks
// no overflow.
func CheckRuntimeTimerPeriodOverflow() {
	<-After(25 * Millisecond)
}

// testenv is package internal/testenv as far as sleep_test.go uses it: testenv.SkipFlaky,
// which TestTimerModifiedEarlier calls on plan9/arm only.
var testenv testenvPackage

type testenvPackage struct{}

// flaky is internal/testenv's -flaky flag.
var flaky = flag.Bool("flaky", false, "run known-flaky tests too")

// SkipFlaky is internal/testenv's, as in Go 1.19.
func (testenvPackage) SkipFlaky(t testing.TB, issue int) {
	t.Helper()
	if !*flaky {
		t.Skipf("skipping known flaky test without the -flaky flag; see golang.org/issue/%d", issue)
	}
}

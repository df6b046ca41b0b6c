// Stand-ins for the helpers that Go 1.16's sleep_test.go takes from package time's own
// test files (export_test.go, internal_test.go), which a program outside package time
// cannot see. sleep_test.go and tick_test.go themselves are unchanged (docs/go-ir.md
// section 10).
package time_test

import . "time"

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

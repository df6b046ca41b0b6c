// Stand-ins for the helpers that Go 1.16's sleep_test.go takes from package time's own
// test files (export_test.go, internal_test.go), which a program outside package time
// cannot see. sleep_test.go itself is unchanged.
package time_test

// Interrupt is time's export_test.go "var Interrupt = interrupt"; interrupt does nothing
// on Unix (it interrupts a sleep only on Windows and Plan 9).
func Interrupt() {}

// CheckRuntimeTimerPeriodOverflow (internal_test.go) starts a runtime timer with an
// overflowing period through time's unexported runtime hooks; no program outside package
// time can do that, so TestOverflowPeriodRuntimeTimer checks nothing here.
func CheckRuntimeTimerPeriodOverflow() {}

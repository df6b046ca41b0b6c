// Stand-ins for the helpers that Go 1.13's sleep_test.go takes from package time's own test
// files (export_test.go, internal_test.go), which a program outside package time cannot
// see. sleep_test.go and tick_test.go themselves are unchanged (docs/go-ir.md section 10).
package time_test

import . "time"

// Interrupt is internal_test.go's "var Interrupt = interrupt"; interrupt does nothing on
// Unix (it interrupts a sleep only on Windows and Plan 9).
func Interrupt() {}

// CheckRuntimeTimerOverflow is internal_test.go's, through the public API. Go's starts a
// runtime timer whose when, runtimeNano() + (1<<63 - 1), overflows; addtimerLocked turns a
// negative when into 1<<63 - 1, the when that AfterFunc gives the largest Duration (when()
// clamps the overflow). A timer due in 1ns must still fire with that timer at the top of
// the heap. Go's then stops the overflow timer and starts it again with when 0, which
// fires at once (its f does nothing): Reset(0) does the same.
func CheckRuntimeTimerOverflow() {
	r := AfterFunc(1<<63-1, func() {})

	// Start a goroutine that should send on t.C right away.
	t := NewTimer(1)

	defer func() {
		r.Stop()
		t.Stop()
		r.Reset(0)
	}()

	<-t.C
}

// A package of only tests is vetted as go test vets it: go vet's testinggoroutine (t.Fatal
// from a goroutine the test started, as Go 1.9's sleep_test.go does) is not among go
// test's checks.
package gotestvet

import "testing"

func TestFatalInGoroutine(t *testing.T) {
	done := make(chan bool)
	go func() {
		defer close(done)
		if t.Failed() {
			t.Fatal("failed already")
		}
	}()
	<-done
}

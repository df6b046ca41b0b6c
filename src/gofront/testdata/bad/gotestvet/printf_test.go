// go test's own checks (printf among them) still reject a package of only tests; the
// t.Fatal from a goroutine is not reported (go test does not run testinggoroutine).
package gotestvet

import "testing"

func TestPrintf(t *testing.T) {
	done := make(chan bool)
	go func() {
		defer close(done)
		t.Fatal("from a goroutine")
	}()
	<-done
	t.Logf("%d goroutines", "one")
}

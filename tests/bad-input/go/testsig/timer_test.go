package testsig

import (
	"testing"
	"time"
)

func TestStop(t *testing.T) {
	if !time.NewTimer(time.Second).Stop() {
		t.Fatal("Stop of a pending timer returned false")
	}
}

func TestReset(b *testing.B) {
	time.NewTimer(time.Second).Reset(time.Millisecond)
}

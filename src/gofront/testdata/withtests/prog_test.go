package main

import (
	"testing"
	"time"
)

func TestResetTimer(t *testing.T) {
	tm := time.NewTimer(time.Millisecond)
	time.Sleep(2 * time.Millisecond)
	resetTimer(tm, time.Millisecond)
	select {
	case <-tm.C:
	case <-time.After(time.Second):
		t.Fatal("timer did not fire after Reset")
	}
}

func TestStopUnfired(t *testing.T) {
	t.Parallel()
	tm := time.NewTimer(time.Hour)
	if !tm.Stop() {
		t.Error("Stop of an unfired timer returned false")
	}
}

func BenchmarkResetTimer(b *testing.B) {
	tm := time.NewTimer(time.Hour)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		resetTimer(tm, time.Hour)
	}
}

func helperNotATest(t *testing.T) {}

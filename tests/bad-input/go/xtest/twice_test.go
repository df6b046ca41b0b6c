package xtest_test

import (
	"testing"

	"xtest"
)

func TestTwice(t *testing.T) {
	if xtest.Twice(2) != 4 {
		t.Fatal("2*2 != 4")
	}
}

// math/rand's New and NewSource, and time.Unix (Go 1.19's
// sleep_test.go uses rand.New(rand.NewSource(...)) and Unix(0, 0)): the properties Go
// documents, checked as tests, so that real Go 1.19 passes them as the VM does (the VM's
// generator is not Go's: no test names a number it draws).
package randtime

import (
	"fmt"
	"math/rand"
	"testing"
	"time"
)

func TestNewSourceDrawsWhatSeedDraws(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	a := []int64{r.Int63(), int64(r.Intn(1000)), r.Int63n(1 << 40), int64(r.Int())}
	rand.Seed(7)
	b := []int64{rand.Int63(), int64(rand.Intn(1000)), rand.Int63n(1 << 40), int64(rand.Int())}
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Errorf("rand.New(rand.NewSource(7)) drew %v, rand.Seed(7) then the package's functions %v", a, b)
	}
	if p, q := rand.New(rand.NewSource(3)).Perm(20), rand.New(rand.NewSource(3)).Perm(20); fmt.Sprint(p) != fmt.Sprint(q) {
		t.Errorf("two sources seeded 3: Perm %v and %v", p, q)
	}
	r.Seed(7)
	if x := r.Int63(); x != a[0] {
		t.Errorf("after r.Seed(7): Int63 = %d, want %d", x, a[0])
	}
}

func TestRandRanges(t *testing.T) {
	r := rand.New(rand.NewSource(time.Now().UnixNano()))
	seen := make([]bool, 10)
	for _, v := range r.Perm(10) {
		if v < 0 || v >= 10 || seen[v] {
			t.Fatalf("Perm(10) gave %d twice or out of range", v)
		}
		seen[v] = true
	}
	for i := 0; i < 1000; i++ {
		if n := r.Intn(7); n < 0 || n >= 7 {
			t.Fatalf("Intn(7) = %d", n)
		}
		if f := r.Float64(); f < 0 || f >= 1 {
			t.Fatalf("Float64() = %v", f)
		}
	}
	s := []int{0, 1, 2, 3, 4, 5}
	r.Shuffle(len(s), func(i, j int) { s[i], s[j] = s[j], s[i] })
	sum := 0
	for _, v := range s {
		sum += v
	}
	if sum != 15 || len(s) != 6 {
		t.Errorf("Shuffle lost elements: %v", s)
	}
	defer func() {
		if got := fmt.Sprint(recover()); got != "invalid argument to Intn" {
			t.Errorf("Intn(0) panicked with %q", got)
		}
	}()
	r.Intn(0)
}

func TestSourceMethods(t *testing.T) {
	src := rand.NewSource(11)
	if got := fmt.Sprintf("%T", src); got != "*rand.rngSource" {
		t.Errorf("%%T of rand.NewSource(11) = %s", got)
	}
	x := src.Int63()
	src.Seed(11)
	if y := src.Int63(); y != x || y < 0 {
		t.Errorf("Int63 after Seed(11) = %d, want %d (non-negative)", y, x)
	}
	if _, ok := src.(rand.Source64); !ok {
		t.Error("rand.NewSource's source is not a rand.Source64")
	}
	var zero rand.Rand
	defer func() {
		if recover() == nil {
			t.Error("a zero rand.Rand did not panic")
		}
	}()
	zero.Int63()
}

func TestUnix(t *testing.T) {
	for _, c := range []struct {
		t    time.Time
		want int64
	}{
		{time.Unix(0, 0), 0},
		{time.Unix(1, -1), 999999999},
		{time.Unix(-1, 2e9), 1e9},
		{time.Unix(1700000000, 5), 1700000000000000005},
	} {
		if got := c.t.UnixNano(); got != c.want {
			t.Errorf("UnixNano() = %d, want %d", got, c.want)
		}
	}
	epoch := time.Unix(0, 0)
	if epoch.IsZero() || !epoch.Equal(time.Unix(-2, 2e9)) || epoch.Unix() != 0 {
		t.Errorf("Unix(0, 0): IsZero %v, Equal(Unix(-2, 2e9)) %v, Unix %d", epoch.IsZero(), epoch.Equal(time.Unix(-2, 2e9)), epoch.Unix())
	}
	if d := time.Until(epoch); d >= 0 {
		t.Errorf("Until(Unix(0, 0)) = %v, want < 0", d)
	}
	if !time.Now().After(epoch) {
		t.Error("Now() is not after 1970")
	}
}

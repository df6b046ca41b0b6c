// Recursion, multiple results, methods, defer and recover, panics.
package main

type acc struct{ total int }

func (a *acc) add(n int) *acc { a.total += n; return a }

func (a acc) double() int { return a.total * 2 }

func divmod(a, b int) (q, r int) {
	q = a / b
	r = a - q*b
	return
}

func ack(m, n int) int {
	if m == 0 {
		return n + 1
	}
	if n == 0 {
		return ack(m-1, 1)
	}
	return ack(m-1, ack(m, n-1))
}

func protect(f func()) (recovered bool) {
	defer func() {
		if recover() != nil {
			recovered = true
		}
	}()
	f()
	return false
}

func deferOrder() (out int) {
	for i := 1; i <= 3; i++ {
		defer func(k int) { out = out*10 + k }(i)
	}
	return 0
}

func deferredPanic() (r interface{}) {
	defer func() { r = recover() }()
	defer panic("deferred")
	return nil
}

func main() {
	q, r := divmod(47, 5)
	println(q, r, ack(2, 3))
	a := &acc{}
	a.add(3).add(4)
	println(a.total, a.double())
	println(protect(func() { panic("boom") }), protect(func() {}))
	println(deferOrder())
	var shift uint = 3
	x := -17
	println(x>>shift, x<<shift, x/4, x%4, -x&^5, x^3, ^x)
	var u uint8 = 250
	u += 10
	println(u, u < 5, !(u < 5))
	s := "go"
	s += "timers"
	println(s, len(s), s < "h", s[2:4], s[1])
	println(deferredPanic().(string))
}

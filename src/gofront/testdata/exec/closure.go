// Closures share the variables they capture with the function that made them.
package main

func counter() (func() int, func()) {
	n := 0
	inc := func() int {
		n++
		return n
	}
	n = 10 // the closure sees this: n is captured by reference
	return inc, func() { n = 100 }
}

func main() {
	inc, reset := counter()
	println(inc(), inc())
	reset()
	println(inc())
	fs := []func() int{}
	for i := 0; i < 3; i++ {
		i := i
		fs = append(fs, func() int { return i * i })
	}
	for _, f := range fs {
		println(f())
	}
}

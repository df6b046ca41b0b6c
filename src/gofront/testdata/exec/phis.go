// Loops whose variables swap and rotate: phis whose moves form cycles.
package main

func fib(n int) int {
	a, b := 0, 1
	for i := 0; i < n; i++ {
		a, b = b, a+b
	}
	return a
}

func rotate(n int) (int, int, int) {
	x, y, z := 1, 2, 3
	for i := 0; i < n; i++ {
		x, y, z = y, z, x
	}
	return x, y, z
}

func swapTwice(n int) (int, int) {
	p, q, r, s := 1, 2, 3, 4
	for i := 0; i < n; i++ {
		p, q = q, p
		r, s = s, r
	}
	return p*10 + q, r*10 + s
}

func collatz(n int) int {
	steps := 0
	for n != 1 {
		if n%2 == 0 {
			n /= 2
		} else {
			n = 3*n + 1
		}
		steps++
	}
	return steps
}

func gotoSum(n int) int {
	s, i := 0, 0
loop:
	if i < n {
		s += i
		i++
		goto loop
	}
	return s
}

func labelled() int {
	count := 0
outer:
	for i := 0; i < 5; i++ {
		for j := 0; j < 5; j++ {
			if j > i {
				continue outer
			}
			if i == 4 {
				break outer
			}
			count++
		}
	}
	return count
}

func main() {
	println(fib(10), fib(50))
	println(rotate(1))
	println(rotate(5))
	println(swapTwice(3))
	println(collatz(27), gotoSum(10), labelled())
}

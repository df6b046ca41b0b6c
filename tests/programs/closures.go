package main

import "fmt"

func counter() (func() int, func()) {
	n := 0
	return func() int { n++; return n }, func() { n = 100 }
}

func safeDiv(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	return a / b, nil
}

func main() {
	inc, reset := counter()
	inc()
	inc()
	fmt.Println(inc())
	reset()
	fmt.Println(inc())
	var fs []func() int
	for i := 0; i < 3; i++ {
		i := i
		fs = append(fs, func() int { return i * i })
	}
	for _, f := range fs {
		fmt.Print(f(), " ")
	}
	fmt.Println()
	fmt.Println(safeDiv(7, 2))
	fmt.Println(safeDiv(1, 0))
	func() {
		defer fmt.Println("deferred 1")
		defer fmt.Println("deferred 2")
		fmt.Println("body")
	}()
	defer func() {
		r := recover()
		fmt.Println("main recovered:", r)
	}()
	var a []int
	_ = a[5]
}

package main

import "fmt"

type Number interface{ ~int | ~float64 }

func sum[T Number](xs ...T) T {
	var s T
	for _, x := range xs {
		s += x
	}
	return s
}

func main() {
	fmt.Println(sum("a", "b"))
}

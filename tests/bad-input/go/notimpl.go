package main

import "fmt"

type T struct{}

func (t *T) String() string { return "T" }

func main() {
	var s fmt.Stringer = T{}
	fmt.Println(s)
}

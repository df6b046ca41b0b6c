package main

import "fmt"

func main() {
	x := 2.0
	c := complex(x, 1)
	fmt.Println(c)
}

package main

import "fmt"

func main() {
	var c complex128
	c += 1
	fmt.Println(c)
}

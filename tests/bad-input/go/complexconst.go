package main

import "fmt"

const i = 2i

func main() {
	fmt.Println(real(i * i))
	z := i
	fmt.Println(imag(z))
}

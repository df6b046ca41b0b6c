package main

import (
	"fmt"
	"unsafe"
)

func main() {
	x := 42
	p := unsafe.Pointer(&x)
	fmt.Println(*(*int)(p))
}

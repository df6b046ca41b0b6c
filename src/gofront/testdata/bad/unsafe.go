package main

import (
	"fmt"
	"unsafe"
)

func main() {
	x := 1
	var p unsafe.Pointer = unsafe.Pointer(&x)
	fmt.Println(p != nil)
}

package main

import (
	"fmt"
	. "unsafe"
)

func main() {
	var d int64
	fmt.Println(Alignof(d))
}

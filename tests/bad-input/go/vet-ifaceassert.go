package main

import (
	"fmt"
	"io"
)

func main() {
	var w io.Writer
	_, ok := w.(io.Reader)
	_, ok2 := w.(interface{ Write() })
	fmt.Println(ok, ok2)
}

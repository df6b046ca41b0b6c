package main

import (
	"fmt"
	"io"
	"strings"
)

func main() {
	var r io.Reader = strings.NewReader("abc")
	b := make([]byte, 2)
	n, _ := r.Read(b)
	fmt.Println(n)
}

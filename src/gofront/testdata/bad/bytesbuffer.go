package main

import (
	"bytes"
	"fmt"
)

type log struct {
	buf bytes.Buffer
	n   int
}

func main() {
	var l log
	l.n++
	fmt.Println(l.n)
}

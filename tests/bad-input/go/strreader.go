package main

import (
	"fmt"
	"strings"
)

type holder struct {
	r strings.Reader
}

func main() {
	var h holder
	fmt.Println(h.r.Len())
}

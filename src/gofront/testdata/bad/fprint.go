package main

import (
	"fmt"
	"strings"
)

func main() {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%d", 3)
	fmt.Println(sb.String())
}

package main

import (
	"encoding/json"
	"fmt"
)

func main() {
	b, _ := json.Marshal(map[string]int{"timers": 3})
	fmt.Println(string(b))
}

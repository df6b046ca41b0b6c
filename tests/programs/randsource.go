// rand.New of a Source the program implements: the VM's *rand.Rand draws only from
// rand.NewSource's sources.
package main

import (
	"fmt"
	"math/rand"
)

type counter struct{ n int64 }

func (c *counter) Int63() int64    { c.n++; return c.n }
func (c *counter) Seed(seed int64) { c.n = seed }

func main() {
	r := rand.New(&counter{})
	fmt.Println(r.Int63())
}

package main

import (
	"fmt"
	"sync"
)

// Set is generic (supported: instantiated per type argument); sync.Map is not.
type Set[T comparable] struct {
	m sync.Map
}

func (s *Set[T]) Add(v T) { s.m.Store(v, true) }

func main() {
	s := &Set[string]{}
	s.Add("timer")
	fmt.Println("added")
}

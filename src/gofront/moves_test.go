// moves_test.go: the phi moves on an edge are a parallel assignment; sequentialize must
// turn any such assignment (chains, cycles, fan-out, constants) into copies that give
// the same result when run one after another.
package main

import (
	"math/rand"
	"testing"
)

func TestSequentializeMatchesParallelAssignment(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for trial := 0; trial < 5000; trial++ {
		nregs := 2 + rng.Intn(8)
		fl := &fnLower{regTypes: make(Ints, nregs), temps: map[int][]int{}}
		for i := range fl.regTypes {
			fl.regTypes[i] = rng.Intn(2) // two register types, so temporaries are per type
		}
		// Distinct destinations; sources are registers of the same type or constants (< 0).
		perm := rng.Perm(nregs)
		var moves []move
		for _, d := range perm[:1+rng.Intn(nregs)] {
			src := -1 - rng.Intn(3)
			if rng.Intn(4) > 0 {
				for {
					src = rng.Intn(nregs)
					if fl.regTypes[src] == fl.regTypes[d] {
						break
					}
				}
			}
			moves = append(moves, move{d, src})
		}
		regs := make([]int, nregs)
		for i := range regs {
			regs[i] = 100 + i
		}
		want := append([]int(nil), regs...)
		for _, m := range moves {
			want[m.dst] = value(regs, m.src)
		}
		seq := fl.sequentialize(append([]move(nil), moves...))
		got := append(append([]int(nil), regs...), make([]int, len(fl.regTypes)-nregs)...)
		for _, c := range seq {
			mv := c.(Ints)
			if mv[1] >= 0 && fl.regTypes[mv[0]] != fl.regTypes[mv[1]] {
				t.Fatalf("trial %d: move %v crosses types", trial, mv)
			}
			got[mv[0]] = value(got, mv[1])
		}
		for i := 0; i < nregs; i++ {
			if got[i] != want[i] {
				t.Fatalf("trial %d: moves %v sequentialized as %v give r%d = %d, want %d", trial, moves, seq, i, got[i], want[i])
			}
		}
	}
}

func value(regs []int, src int) int {
	if src < 0 {
		return src // a constant stands for itself
	}
	return regs[src]
}

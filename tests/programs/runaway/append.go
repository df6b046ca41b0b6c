package main

func main() {
	var s []int
	for {
		s = append(s, len(s))
	}
}

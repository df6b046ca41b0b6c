package main

func main() {
	a := undefined1
	b := undefined2
	c := undefined3
	d := undefined4
	e := undefined5
	f := undefined6
	g := undefined7
	h := undefined8
	i := undefined9
	j := undefined10
	k := undefined11
	println(a, b, c, d, e, f, g, h, i, j, k)
}

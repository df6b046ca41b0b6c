package main

import "fmt"

type P struct {
	A int
	B string
}

type S struct{ n int }

func (s S) String() string { return fmt.Sprintf("S<%d>", s.n) }

func main() {
	var i8 int8 = 127
	i8++
	var u8 uint8 = 0
	u8--
	var u32 uint32 = 1 << 31
	u32 *= 2
	var i64 int64 = -9223372036854775808
	fmt.Println(i8, u8, u32, i64/-1, -7/2, -7%2, 7>>1, -7>>1, uint64(1)<<63)
	fmt.Println(1e6, 100000.0, 2.5, float32(0.1), 1.0/3)
	fmt.Printf("%d|%5d|%-5d|%05d|%x|%s|%q|%v|%+v|%T|%.2f|%t\n", 42, 42, 42, 42, 255, "s", "q", P{1, "x"}, P{2, "y"}, P{}, 3.14159, true)
	s := []int{1, 2, 3}
	s = append(s, 4, 5)
	fmt.Println(s, len(s), s[1:3], S{7}, []S{{1}, {2}})
	m := map[string]int{"b": 2, "a": 1, "c": 3}
	fmt.Println(m, len(m))
	delete(m, "b")
	sum := 0
	for k, v := range m {
		sum += v
		_ = k
	}
	fmt.Println(sum, m)
	str := "héllo"
	for i, r := range str {
		fmt.Print(i, ":", string(r), " ")
	}
	fmt.Println(len(str), []byte("ab"), string([]byte{104, 105}))
	var e error = fmt.Errorf("wrapped: %w", fmt.Errorf("inner"))
	fmt.Println(e)
}

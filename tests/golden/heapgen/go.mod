module gotimers/heapgen

go 1.19

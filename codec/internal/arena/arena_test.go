package arena

import "testing"

func TestSlicesStayPutAndStorageIsReused(t *testing.T) {
	var a Arena[int]
	first := a.Alloc(10)
	first[0] = 7
	big := a.Alloc(1000) // larger than the first block: a block of its own
	for i := range 100 {
		a.Alloc(i % 17)
	}
	if first[0] != 7 || len(big) != 1000 || cap(big) != 1000 {
		t.Fatalf("earlier slices moved or grew: %d, %d/%d", first[0], len(big), cap(big))
	}
	run := func() {
		a.Reset()
		a.Alloc(10)
		a.Alloc(1000)
		for i := range 100 {
			a.Alloc(i % 17)
		}
	}
	run()
	if n := testing.AllocsPerRun(50, run); n != 0 {
		t.Errorf("%v allocations for a payload of the same shape, want 0", n)
	}
	a.Reset()
	if s := a.Alloc(3); s[0] != 0 {
		t.Error("Alloc after Reset returns old contents")
	}
}

func TestReleaseGivesBackWhatCameAfterTheMark(t *testing.T) {
	var a Arena[byte]
	a.Alloc(5)
	m := a.Mark()
	x := a.Alloc(5)
	x[0] = 1
	a.Release(m)
	if y := a.Alloc(5); &y[0] != &x[0] || y[0] != 0 {
		t.Error("Release did not give back the slots after the mark, zeroed")
	}
}

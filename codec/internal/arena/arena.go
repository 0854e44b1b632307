// Package arena hands out slices that never move: a decoder can keep a
// pointer into one while it goes on decoding, which a growing slice does
// not allow. Storage is kept across Reset, so a decoder that sees payloads
// of the same shape again allocates nothing.
package arena

// firstBlock is the size of the first block; later blocks double, so a
// payload of n items costs O(log n) blocks.
const firstBlock = 64

// Arena is a list of blocks of T. The zero Arena is ready to use.
type Arena[T any] struct {
	blocks [][]T
	cur    int // index of the block being filled
	used   int // items handed out from blocks[cur]
}

// Alloc returns n zeroed items, contiguous, that stay where they are until
// Reset. A request larger than the room left in the current block moves
// on to the next block that holds it, allocating one only past the last:
// the same sequence of requests after a Reset lands in the same blocks.
func (a *Arena[T]) Alloc(n int) []T {
	for a.cur < len(a.blocks) {
		b := a.blocks[a.cur]
		if len(b)-a.used >= n {
			s := b[a.used : a.used+n : a.used+n]
			a.used += n
			clear(s)
			return s
		}
		a.cur++
		a.used = 0
	}
	size := firstBlock
	if k := len(a.blocks); k > 0 {
		size = 2 * len(a.blocks[k-1])
	}
	size = max(size, n)
	b := make([]T, size)
	a.blocks = append(a.blocks, b)
	a.cur = len(a.blocks) - 1
	a.used = n
	return b[:n:n]
}

// Presize makes the first block hold n items, for an arena that has none
// yet: a one-off decode sized from its input allocates once rather than
// a block of the default size (or several) it may not need.
func (a *Arena[T]) Presize(n int) {
	if len(a.blocks) == 0 && n > 0 {
		a.blocks = append(a.blocks, make([]T, n))
	}
}

// One returns a pointer to one zeroed item.
func (a *Arena[T]) One() *T { return &a.Alloc(1)[0] }

// Reset makes every block available again. Items handed out before are
// reused by later Allocs: nothing from before may be used after Reset.
func (a *Arena[T]) Reset() {
	a.cur = 0
	a.used = 0
}

// Mark is a point to roll back to.
type Mark struct{ cur, used int }

// Mark returns the current position.
func (a *Arena[T]) Mark() Mark { return Mark{a.cur, a.used} }

// Release rolls the arena back to m, giving back everything allocated
// since: a failed decode leaves no trace.
func (a *Arena[T]) Release(m Mark) {
	a.cur, a.used = m.cur, m.used
}

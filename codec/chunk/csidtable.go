package chunk

// csidPage is how many chunk stream IDs above 63 share one page of a
// csidTable.
const csidPage = 16

// csidTable finds the state of a chunk stream from its ID in two loads,
// without hashing: on a connection multiplexing many streams a map lookup
// per chunk was a fifth of the read time. IDs below 64 (the 1-byte basic
// header, nearly all real traffic) are held directly; the rest in pages
// allocated as their IDs appear. A peer spreading IDs as widely as it can
// makes the table grow by one 128-byte page per new stream, plus a page
// index of at most 33 KB, which the decoder's stream limit bounds.
type csidTable[T any] struct {
	low   [64]*T
	pages []*[csidPage]*T
}

func (t *csidTable[T]) get(csid uint32) *T {
	if csid < 64 {
		return t.low[csid]
	}
	i := (csid - 64) / csidPage
	if i >= uint32(len(t.pages)) {
		return nil
	}
	pg := t.pages[i]
	if pg == nil {
		return nil
	}
	return pg[(csid-64)%csidPage]
}

func (t *csidTable[T]) set(csid uint32, v *T) {
	if csid < 64 {
		t.low[csid] = v
		return
	}
	i := int((csid - 64) / csidPage)
	if i >= len(t.pages) {
		t.pages = append(t.pages, make([]*[csidPage]*T, i+1-len(t.pages))...)
	}
	if t.pages[i] == nil {
		t.pages[i] = new([csidPage]*T)
	}
	t.pages[i][(csid-64)%csidPage] = v
}

// reset forgets every entry and keeps the pages for reuse.
func (t *csidTable[T]) reset() {
	clear(t.low[:])
	for _, pg := range t.pages {
		if pg != nil {
			clear(pg[:])
		}
	}
}

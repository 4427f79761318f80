package register

import (
	"sync"
	"sync/atomic"
)

// idSet records the person ids of one file, concurrently, to catch a person
// appearing twice in a data year. Ids below 2^32 live in a bitmap of 8 KiB
// pages allocated on first use (dense ids cost a bit each); larger ids go to
// a locked map.
type idSet struct {
	pages [1 << 16]atomic.Pointer[idPage]
	mu    sync.Mutex
	large map[int64]struct{}
}

type idPage [1 << 10]atomic.Uint64 // 65,536 ids

// add records id and reports whether it was new.
func (s *idSet) add(id int64) bool {
	if id < 0 || id >= 1<<32 {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.large == nil {
			s.large = map[int64]struct{}{}
		}
		if _, ok := s.large[id]; ok {
			return false
		}
		s.large[id] = struct{}{}
		return true
	}
	slot := &s.pages[id>>16]
	page := slot.Load()
	if page == nil {
		page = new(idPage)
		if !slot.CompareAndSwap(nil, page) {
			page = slot.Load()
		}
	}
	word, bit := &page[(id>>6)&(1<<10-1)], uint64(1)<<(id&63)
	return word.Or(bit)&bit == 0
}

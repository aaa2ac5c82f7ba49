// Package hugemem asks the operating system to back large arrays with huge
// pages (2 MB on amd64 Linux instead of 4 KB).
//
// Synaptic delivery reads rows at random places of arrays of hundreds of
// megabytes and adds into ring buffers of tens of megabytes at random
// places: with 4 KB pages nearly every access misses the TLB as well as the
// cache, and the page walk costs as much as the miss. Linux's transparent
// huge pages are often in "madvise" mode (only for memory that asks for
// them), and Go's heap does not ask; Advise does, for one array.
//
// It is a hint: where huge pages are unavailable (other systems, THP
// "never", no free huge pages) nothing changes, and the contents never
// change.
package hugemem

import "unsafe"

// MinBytes is the size from which Advise acts: below it an array spans at
// most one huge page and the calls would cost more than they save.
const MinBytes = 4 << 20

// Advise asks for huge pages under s: call it right after allocating s,
// before it is written, so that the pages are huge from their first
// touch.
func Advise[T any](s []T) {
	if b := bytesOf(s); b != nil {
		advise(b, false)
	}
}

// Collapse asks for huge pages under s and for the collapse of the small
// pages that already back it into huge pages now (Linux 6.1 and later):
// for arrays filled before they could be advised, such as memory the Go
// heap reused.
func Collapse[T any](s []T) {
	if b := bytesOf(s); b != nil {
		advise(b, true)
	}
}

// bytesOf is the memory under s, nil when it is below MinBytes.
func bytesOf[T any](s []T) []byte {
	var z T
	n := uintptr(len(s)) * unsafe.Sizeof(z)
	if n < MinBytes {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), n)
}

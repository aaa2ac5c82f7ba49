package hugemem

import (
	"syscall"
	"unsafe"
)

// madvCollapse is MADV_COLLAPSE (Linux 6.1), which syscall does not name.
const madvCollapse = 25

const hugePage = 2 << 20

// advise applies MADV_HUGEPAGE (and MADV_COLLAPSE when collapse is set)
// to the huge pages wholly inside b. Errors (an old kernel, THP disabled)
// are ignored: the advice is only a hint.
func advise(b []byte, collapse bool) {
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	lo := (p+hugePage-1)&^(hugePage-1) - p
	hi := (p+uintptr(len(b)))&^(hugePage-1) - p
	if hi <= lo || hi > uintptr(len(b)) {
		return
	}
	b = b[lo:hi]
	if syscall.Madvise(b, syscall.MADV_HUGEPAGE) == nil && collapse {
		_ = syscall.Madvise(b, madvCollapse)
	}
}

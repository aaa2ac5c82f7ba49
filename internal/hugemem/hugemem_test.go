package hugemem

import "testing"

// TestAdviceKeepsContents: advising and collapsing arrays of every size
// class (empty, small, large and unaligned) leaves their contents as they
// were; the advice may or may not give huge pages (THP may be off).
func TestAdviceKeepsContents(t *testing.T) {
	for _, n := range []int{0, 1, 1000, MinBytes/4 - 1, 3 * MinBytes / 4} {
		s := make([]uint32, n+3)
		for i := range s {
			s[i] = uint32(i*2654435761 + 1)
		}
		Advise(s[3:])
		Collapse(s[3:])
		Collapse(s[1:])
		for i := range s {
			if s[i] != uint32(i*2654435761+1) {
				t.Fatalf("n %d: element %d changed", n, i)
			}
		}
		fresh := make([]float32, n)
		Advise(fresh)
		for i := range fresh {
			fresh[i] = float32(i)
		}
		for i, x := range fresh {
			if x != float32(i) {
				t.Fatalf("n %d: fresh element %d is %v", n, i, x)
			}
		}
	}
}

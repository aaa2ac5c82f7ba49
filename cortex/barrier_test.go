package cortex

import (
	"sync"
	"testing"
)

func BenchmarkBarrier2(b *testing.B) {
	var bar barrier
	bar.n = 2
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < b.N; i++ {
			bar.wait()
		}
	}()
	for i := 0; i < b.N; i++ {
		bar.wait()
	}
	wg.Wait()
}

// Package sysmem reads how much memory the machine has for a new process.
package sysmem

import (
	"bufio"
	"os"
	"strconv"
	"strings"
)

// Available returns the memory the kernel says a new process can use
// without swapping (MemAvailable in /proc/meminfo), in bytes; ok is false
// where that is not known (not Linux).
func Available() (bytes float64, ok bool) {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		rest, found := strings.CutPrefix(sc.Text(), "MemAvailable:")
		if !found {
			continue
		}
		fields := strings.Fields(rest)
		if len(fields) != 2 || fields[1] != "kB" {
			return 0, false
		}
		kb, err := strconv.ParseFloat(fields[0], 64)
		if err != nil {
			return 0, false
		}
		return kb * 1024, true
	}
	return 0, false
}

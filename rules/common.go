package rules

import (
	"fmt"
	"strings"

	"github.com/brainsim/brainsim/dataset"
	"github.com/brainsim/brainsim/registry"
)

// epochsKey checks a required epochs key (a pointer: nil when not given).
func epochsKey(c *registry.Check, epochs *int) {
	switch {
	case epochs == nil:
		c.Errf("epochs", "required, e.g. epochs = 100")
	case *epochs < 1:
		c.Errf("epochs", "must be > 0, got %d", *epochs)
	}
}

// within checks lo <= v <= hi (with open ends where asked).
func within(c *registry.Check, key string, v, lo, hi float64, loOpen, hiOpen bool) {
	okLo := v >= lo
	if loOpen {
		okLo = v > lo
	}
	okHi := v <= hi
	if hiOpen {
		okHi = v < hi
	}
	if !okLo || !okHi {
		l, h := "[", "]"
		if loOpen {
			l = "("
		}
		if hiOpen {
			h = ")"
		}
		c.Errf(key, "%v is outside %s%v, %v%s", v, l, lo, hi, h)
	}
}

// atLeast checks an integer key >= lo.
func atLeast(c *registry.Check, key string, v, lo int, note string) {
	if v < lo {
		c.Errf(key, "must be >= %d%s, got %d", lo, note, v)
	}
}

// layerSizes checks the hidden layer sizes of a rule.
func layerSizes(c *registry.Check, hidden []int) {
	for j, h := range hidden {
		key := fmt.Sprintf("hidden[%d]", j)
		switch {
		case h < 1:
			c.Errf(key, "layer size must be >= 1, got %d", h)
		case h > maxLayerUnits:
			c.Errf(key, "%d units is more than a layer may have (%d)", h, maxLayerUnits)
		case j > 0 && hidden[j-1] <= maxLayerUnits && float64(hidden[j-1])*float64(h) > maxLayerWeights:
			c.Errf(key, "%d × %d weights between hidden layers %d and %d is more than %d (%.3g GB of float32 weights, before gradients)",
				hidden[j-1], h, j-1, j, int64(maxLayerWeights), float64(hidden[j-1])*float64(h)*4/1e9)
		}
	}
}

// maxLayerUnits and maxLayerWeights bound train mode's layers, so that a
// mistyped size is refused in one line instead of running the machine out
// of memory: 2²⁰ units a layer, 2³⁰ weights (4 GB of float32) between two
// hidden layers.
const (
	maxLayerUnits   = 1 << 20
	maxLayerWeights = 1 << 30
)

// pngKey checks a png file name.
func pngKey(c *registry.Check, png string) {
	if png != "" && !strings.HasSuffix(strings.ToLower(png), ".png") {
		c.Errf("png", "want a file name ending in .png, got %q", png)
	}
}

// outputs is the number of output units a learner needs for set.
func outputs(set *dataset.Set, softmax bool) int {
	switch {
	case set.Targets != nil && !softmax:
		return set.TargetCols
	case softmax, set.Classes > 2:
		return set.Classes
	}
	return 1
}

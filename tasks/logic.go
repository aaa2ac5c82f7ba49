package tasks

import (
	"github.com/brainsim/brainsim/dataset"
	"github.com/brainsim/brainsim/registry"
)

// BitsParams are the keys of the parity and encoder tasks.
type BitsParams struct {
	Bits *int `toml:"bits" doc:"number of inputs (required; parity 1-24, encoder 1-64)"`
}

// EncoderParams are the keys of an encoder task.
type EncoderParams struct {
	BitsParams
	Hidden *int `toml:"hidden" doc:"k of the n-k-n encoder: the hidden units of a boltzmann rule with connectivity = \"encoder\" (default ceil(log2 bits))"`
}

// HiddenUnits is the number of hidden units of the encoder: its hidden
// key, else ⌈log2 bits⌉ (at least 1).
func (e *EncoderParams) HiddenUnits() int {
	if e.Hidden != nil {
		return *e.Hidden
	}
	k := 1
	for 1<<k < *e.Bits {
		k++
	}
	return k
}

func checkBits(c *registry.Check, bits *int, hi int, data string) {
	switch {
	case bits == nil:
		c.Errf("bits", "required for data %s", data)
	case *bits < 1 || *bits > hi:
		c.Errf("bits", "%d is outside [1, %d]", *bits, hi)
	}
}

func init() {
	small := []string{registry.CapPatterns, registry.CapSmall}
	for _, l := range []struct {
		name, doc string
		set       func() dataset.Set
	}{
		{"and", "the 4 patterns of logical AND of 2 inputs", dataset.AND},
		{"or", "the 4 patterns of logical OR of 2 inputs", dataset.OR},
		{"xor", "the 4 patterns of exclusive OR of 2 inputs (not linearly separable)", dataset.XOR},
	} {
		registry.RegisterTask(registry.TaskKind{
			Name: l.name, Doc: l.doc, Provides: small,
			Load: func(string, any, *registry.Cache) (*registry.Task, error) {
				return &registry.Task{Train: l.set()}, nil
			},
		})
	}
	registry.RegisterTask(registry.TaskKind{
		Name: "parity", Doc: "the 2^bits patterns of the parity of bits inputs", Provides: small,
		Params: func() any { return &BitsParams{} },
		Check:  func(p any, c *registry.Check) { checkBits(c, p.(*BitsParams).Bits, 24, "parity") },
		Load: func(_ string, p any, _ *registry.Cache) (*registry.Task, error) {
			return &registry.Task{Train: dataset.Parity(*p.(*BitsParams).Bits)}, nil
		},
	})
	registry.RegisterTask(registry.TaskKind{
		Name: "encoder", Doc: "the bits-k-bits encoder of Ackley, Hinton & Sejnowski: each one-hot pattern is its own target",
		Provides: append(small, registry.CapEncoder),
		Params:   func() any { return &EncoderParams{} },
		Check: func(p any, c *registry.Check) {
			e := p.(*EncoderParams)
			checkBits(c, e.Bits, 64, "encoder")
			if e.Hidden != nil && (*e.Hidden < 1 || *e.Hidden > 64) {
				c.Errf("hidden", "%d is outside [1, 64]", *e.Hidden)
			}
		},
		Load: func(name string, p any, _ *registry.Cache) (*registry.Task, error) {
			return &registry.Task{Train: dataset.Encoder(*p.(*EncoderParams).Bits, name)}, nil
		},
	})
}

package rbm

import (
	"fmt"
	"math/rand/v2"
)

// Dream generates perClass patterns for each class of the DBN by
// clamping the label ([DBN.Generate] with gibbs Gibbs sweeps in the top
// RBM; 200 to 1000 give recognisable digits). It returns
// Classes·perClass patterns (each len Inputs, values in [0,1]),
// class-major: out[c*perClass+k] is the k-th pattern of class c, so a
// grid of Classes rows × perClass columns shows one class per row. The
// core of the rbm_dream experiment.
func Dream(d *DBN, perClass, gibbs int, rng *rand.Rand) [][]float32 {
	if perClass < 1 {
		panic(fmt.Sprintf("rbm: Dream: perClass %d, want >= 1", perClass))
	}
	labels := make([]int, 0, d.Classes*perClass)
	for c := range d.Classes {
		for range perClass {
			labels = append(labels, c)
		}
	}
	x := d.Generate(labels, gibbs, rng)
	n := d.Inputs()
	out := make([][]float32, len(labels))
	for i := range out {
		out[i] = x[i*n : (i+1)*n : (i+1)*n]
	}
	return out
}

package environments

import (
	"fmt"
	"testing"
)

// TestReadout: labels go to the class a neuron fires most for on
// average (not in total), a silent neuron gets none, and an image gets
// the class whose labelled neurons fire most on average.
func TestReadout(t *testing.T) {
	// 3 neurons, 4 images: classes 0, 0, 1, 2.
	counts := []int32{
		4, 0, 0,
		2, 1, 0,
		0, 2, 0,
		1, 3, 0,
	}
	labels := []int{0, 0, 1, 2}
	got := assignLabels(counts, labels, 3, 3)
	// Neuron 0: class 0 mean 3, class 2 mean 1 -> 0; neuron 1: class 0
	// 0.5, 1 2, 2 3 -> 2; neuron 2 never fired -> -1.
	if fmt.Sprint(got) != "[0 2 -1]" {
		t.Errorf("labels %v, want [0 2 -1]", got)
	}
	pred := classify(counts, got, 3)
	if fmt.Sprint(pred) != "[0 0 2 2]" {
		t.Errorf("classes %v, want [0 0 2 2]", pred)
	}
	if a := accuracy(pred, labels); a != 0.75 {
		t.Errorf("accuracy %v, want 0.75", a)
	}
}

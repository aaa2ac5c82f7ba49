package environments

// The readout of an unsupervised network (Diehl & Cook 2015): after
// learning, every neuron is labelled with the class it fired most for,
// and an image gets the class whose labelled neurons fired most on
// average.

// assignLabels labels every neuron with the class whose images it fired most
// spikes to on average (counts Rows × nExc, labels per row); a neuron
// that never fired gets -1.
func assignLabels(counts []int32, labels []int, nExc, classes int) []int {
	sum := make([]float64, classes*nExc)
	num := make([]int, classes)
	for k, y := range labels {
		num[y]++
		for j, c := range counts[k*nExc : (k+1)*nExc] {
			sum[y*nExc+j] += float64(c)
		}
	}
	assign := make([]int, nExc)
	for j := range assign {
		best, bestRate := -1, 0.0
		for y := range classes {
			if num[y] == 0 {
				continue
			}
			if r := sum[y*nExc+j] / float64(num[y]); r > bestRate {
				best, bestRate = y, r
			}
		}
		assign[j] = best
	}
	return assign
}

// classify returns, per row of counts, the class whose assigned neurons
// fired most spikes on average (-1 when no neuron is assigned or none
// fired).
func classify(counts []int32, assign []int, classes int) []int {
	nExc := len(assign)
	num := make([]int, classes)
	for _, y := range assign {
		if y >= 0 {
			num[y]++
		}
	}
	rows := len(counts) / nExc
	out := make([]int, rows)
	sum := make([]float64, classes)
	for k := range rows {
		clear(sum)
		for j, c := range counts[k*nExc : (k+1)*nExc] {
			if y := assign[j]; y >= 0 {
				sum[y] += float64(c)
			}
		}
		best, bestRate := -1, 0.0
		for y := range classes {
			if num[y] == 0 {
				continue
			}
			if r := sum[y] / float64(num[y]); r > bestRate {
				best, bestRate = y, r
			}
		}
		out[k] = best
	}
	return out
}

// accuracy is the fraction of pred equal to labels.
func accuracy(pred, labels []int) float64 {
	if len(labels) == 0 {
		return 0
	}
	ok := 0
	for k, y := range labels {
		if pred[k] == y {
			ok++
		}
	}
	return float64(ok) / float64(len(labels))
}

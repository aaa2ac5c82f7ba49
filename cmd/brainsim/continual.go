package main

import (
	"strconv"
	"strings"

	"github.com/brainsim/brainsim/experiment"
)

// continualColumns are the continual-learning columns of the train table
// (rows of rules sequential, joint, ewc, replay, src): the accuracy over
// all digits seen after each task (mean and sd over the seeds, one value
// per task separated by spaces) and the backward transfer.
var continualColumns = []string{"after_task", "after_task_std", "bwt", "bwt_std"}

// continualValue returns the continual-learning column key of row r (nil
// when the row has none) and whether key is such a column.
func continualValue(r *experiment.TrainRow, key string) (any, bool) {
	c := r.Continual
	switch key {
	case "after_task", "after_task_std":
		if c == nil {
			return nil, true
		}
		xs := c.AfterTask
		if key == "after_task_std" {
			xs = c.AfterTaskStd
		}
		s := make([]string, len(xs))
		for i, x := range xs {
			s[i] = strconv.FormatFloat(x, 'f', 3, 64)
		}
		return strings.Join(s, " "), true
	case "bwt", "bwt_std":
		if c == nil {
			return nil, true
		}
		if key == "bwt_std" {
			return c.BWTStd, true
		}
		return c.BWT, true
	}
	return nil, false
}

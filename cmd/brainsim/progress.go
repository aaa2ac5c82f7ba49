package main

import (
	"io"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"
)

// progress receives experiment.Options.Progress calls. It always remembers
// the last step count (for the interruption message and run.json) and, when
// drawing, shows a bar with ETA, redrawn at most every 100 ms.
type progress struct {
	done, total atomic.Int64

	draw bool
	w    io.Writer
	desc string

	// Touched only by the run goroutine until Run returns.
	bar      *progressbar.ProgressBar
	lastDone int64
	lastDraw time.Time
}

func newProgress(w io.Writer, draw bool, desc string) *progress {
	return &progress{w: w, draw: draw, desc: desc}
}

// update is the experiment.Options.Progress callback.
func (p *progress) update(done, total int64) {
	p.done.Store(done)
	p.total.Store(total)
	if !p.draw || total <= 0 {
		return
	}
	if p.bar == nil {
		p.bar = progressbar.NewOptions64(total,
			progressbar.OptionSetWriter(p.w),
			progressbar.OptionSetDescription(p.desc),
			progressbar.OptionSetItsString("steps"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionUseANSICodes(true), // only drawn on a terminal
		)
	}
	// Cheap filter first (no clock read): at most ~1000 redraws per run.
	if done < total && done-p.lastDone < max(total/1000, 1) {
		return
	}
	now := time.Now()
	if done < total && now.Sub(p.lastDraw) < 100*time.Millisecond {
		return
	}
	p.lastDone, p.lastDraw = done, now
	p.bar.Set64(done)
}

// steps returns the last reported step count and total.
func (p *progress) steps() (done, total int64) {
	return p.done.Load(), p.total.Load()
}

// clear removes the bar from the terminal. Call it after Run returns.
func (p *progress) clear() {
	if p.bar != nil {
		p.bar.Exit()
		p.bar.Clear()
	}
}

package environments

import (
	"fmt"
	"math"

	"github.com/brainsim/brainsim/cortex"
	"github.com/brainsim/brainsim/neuron"
	"github.com/brainsim/brainsim/registry"
	"github.com/brainsim/brainsim/units"
)

// VOR are the keys of kind vor: the vestibulo-ocular reflex and its
// adaptation (du Lac, Raymond, Sejnowski & Lisberger 1995, Annu Rev
// Neurosci 18:409). The head turns sinusoidally; the head velocity drives
// the vestibular population; the eye population's activity is the eye
// velocity command, which the brainstem turns into a pulse-step (Robinson's
// neural integrator) for a first-order plant; the eye moves opposite to the
// command. In the light the visual surround, seen through lenses of gain
// `lens`, slips on the retina at
//
//	slip = eye velocity + lens · head velocity
//
// (0 when the eye compensates lens times the head), and the error
// (climbing-fibre) population carries the slip `visual_delay` late; in the
// dark it carries nothing. The protocol: dark probes of the gain at every
// probe frequency, then `blocks` training blocks in the light each followed
// by a dark probe, dark probes at every probe frequency, then (with
// lesion) a probe with the Purkinje output removed, and (with
// consolidation) a rotation in the dark followed by probes, with and
// without the Purkinje output. A probe measures the gain (eye over head
// velocity amplitude) and the phase (0° = compensatory; positive: the eye
// leads) over its whole cycles after the first; the fraction of the
// change a probe reached compares the gain's compensatory component
// (gain·cos phase, negative for an eye turning with the head) with the
// lens, from the baseline at the same frequency.
type VOR struct {
	Vestibular string `toml:"vestibular,omitempty" doc:"the population driven by the head velocity in deg/s, one unit (required)"`
	Eye        string `toml:"eye,omitempty" doc:"the eye velocity command, one unit, read every step (required)"`
	Error      string `toml:"error,omitempty" doc:"the error (climbing-fibre) population, one unit: the retinal slip in deg/s, delayed (required)"`
	Purkinje   string `toml:"purkinje,omitempty" doc:"the Purkinje population, held at 0 in the lesion probes (required with lesion)"`

	Frequency        units.Frequency   `toml:"frequency" doc:"head rotation frequency of training and of the probes between blocks"`
	Amplitude        float64           `toml:"amplitude" doc:"peak head velocity, deg/s"`
	Lens             float64           `toml:"lens" doc:"the lenses' gain in training: 2 (magnifying, gain up), 0.5 (minifying, gain down), -1 (reversing prisms)"`
	Blocks           int               `toml:"blocks" doc:"training blocks in the light"`
	Block            units.Time        `toml:"block" doc:"length of a training block (whole cycles)"`
	Probe            units.Time        `toml:"probe" doc:"length of a dark probe (whole cycles; the first cycle settles, the rest is measured)"`
	ProbeFrequencies []units.Frequency `toml:"probe_frequencies" doc:"frequencies of the probes before and after training (default: frequency)"`
	Lesion           bool              `toml:"lesion" doc:"after training (and after consolidation), also probe with the Purkinje output removed"`
	Consolidation    units.Time        `toml:"consolidation" doc:"a rotation in the dark after training (whole cycles; 0: none), followed by probes"`
	ClimbingFibre    bool              `toml:"climbing_fibre" doc:"deliver the error (false: the climbing fibres are cut)"`
	VisualDelay      units.Time        `toml:"visual_delay" doc:"latency of the retinal slip signal"`
	PlantTau         units.Time        `toml:"plant_tau" doc:"time constant of the eye plant (first order)"`
	BrainstemTau     *units.Time       `toml:"brainstem_tau" doc:"time constant of the brainstem's pulse-step compensation (default plant_tau: matched)"`
}

// The figures of a vor run.
const (
	FigureVORGain      = "vor_gain"      // dark gain against training time
	FigureVORPhase     = "vor_phase"     // dark phase against training time
	FigureVORSlip      = "vor_slip"      // retinal slip per training block
	FigureVORFrequency = "vor_frequency" // the change reached at each probe frequency
)

func init() {
	need := "an environment of kind vor"
	registry.DescribeFigure(FigureVORGain, need)
	registry.DescribeFigure(FigureVORPhase, need)
	registry.DescribeFigure(FigureVORSlip, need)
	registry.DescribeFigure(FigureVORFrequency, need)
	registry.RegisterEnvironment(registry.Environment{
		Name:      "vor",
		Doc:       "the vestibulo-ocular reflex: sinusoidal head rotation, an eye plant, retinal slip through lenses as the climbing-fibre error; dark probes of gain and phase",
		EndsRun:   true,
		OwnStages: true,
		Figures:   []string{FigureVORGain, FigureVORPhase, FigureVORSlip, FigureVORFrequency},
		Params: func() any {
			return &VOR{Frequency: 0.5, Amplitude: 10, Lens: 2, Blocks: 6, Block: 300000, Probe: 10000,
				ClimbingFibre: true, VisualDelay: 100, PlantTau: 200}
		},
		Check: func(pa any, c *registry.Check) {
			e := pa.(*VOR)
			pop(c, "vestibular", e.Vestibular, 1)
			pop(c, "eye", e.Eye, 1)
			pop(c, "error", e.Error, 1)
			if e.Lesion || e.Purkinje != "" {
				pop(c, "purkinje", e.Purkinje, -1)
			}
			if len(e.ProbeFrequencies) == 0 {
				e.ProbeFrequencies = []units.Frequency{e.Frequency}
			}
			freq := func(key string, f units.Frequency) {
				if !(f > 0) || math.IsInf(float64(f), 0) {
					c.Errf(key, "must be a frequency > 0, got %s", f)
				} else if c.Dt > 0 && 1000/float64(f) < 4*c.Dt {
					c.Errf(key, "%s has fewer than 4 steps of dt (%s) per cycle", f, units.Time(c.Dt))
				}
			}
			freq("frequency", e.Frequency)
			for _, f := range e.ProbeFrequencies {
				freq("probe_frequencies", f)
			}
			if !(e.Amplitude > 0) || math.IsInf(e.Amplitude, 0) {
				c.Errf("amplitude", "must be > 0 deg/s, got %v", e.Amplitude)
			}
			if math.IsNaN(e.Lens) || math.IsInf(e.Lens, 0) {
				c.Errf("lens", "must be a finite number (negative: reversing prisms), got %v", e.Lens)
			}
			if e.Blocks < 0 {
				c.Errf("blocks", "must be >= 0, got %d", e.Blocks)
			}
			cycles := func(key string, t units.Time, min float64) {
				if !(float64(t) >= 0) || math.IsInf(float64(t), 0) {
					c.Errf(key, "must be a time >= 0, got %s", t)
					return
				}
				if e.Frequency > 0 && float64(t) > 0 && float64(t)*float64(e.Frequency)/1000 < min {
					n := "cycles"
					if min == 1 {
						n = "cycle"
					}
					c.Errf(key, "%s is shorter than %g %s of %s (%s)", t, min, n, e.Frequency, units.Time(min*1000/float64(e.Frequency)))
				}
			}
			cycles("block", e.Block, 1)
			cycles("probe", e.Probe, 2)
			for _, f := range e.ProbeFrequencies {
				// A probe measures the cycles after its first.
				if f > 0 && f != e.Frequency && e.Probe > 0 && float64(e.Probe)*float64(f)/1000 < 2 {
					c.Errf("probe", "%s is shorter than 2 cycles of the probe frequency %s (%s): its first cycle settles, the rest is measured", e.Probe, f, units.Time(2000/float64(f)))
				}
			}
			cycles("consolidation", e.Consolidation, 1)
			if e.Probe <= 0 {
				c.Errf("probe", "must be > 0 (the probes measure the gain)")
			}
			wholeSteps(c, "visual_delay", &e.VisualDelay, "the slip's latency")
			if e.PlantTau < 0 || math.IsInf(float64(e.PlantTau), 0) || e.PlantTau != e.PlantTau {
				c.Errf("plant_tau", "must be a time >= 0, got %s", e.PlantTau)
			}
			if e.BrainstemTau == nil {
				e.BrainstemTau = new(e.PlantTau) // matched
			} else if b := *e.BrainstemTau; b < 0 || math.IsInf(float64(b), 0) || b != b {
				c.Errf("brainstem_tau", "must be a time >= 0, got %s", b)
			}
		},
		Build: func(pa any, h registry.EnvHost) (registry.Env, error) {
			e := pa.(*VOR)
			v := &vorEnv{h: h, e: *e, amp: e.Amplitude, dt: h.Net().Dt}
			if e.PlantTau > 0 {
				v.plantDecay = math.Exp(-v.dt / float64(e.PlantTau)) // else 0: the eye follows at once
			}
			var err error
			if v.vest, err = h.Clamp(e.Vestibular); err != nil {
				return nil, err
			}
			if v.err, err = h.Clamp(e.Error); err != nil {
				return nil, err
			}
			eye := h.Net().Population(e.Eye)
			if eye == nil || eye.Unit.Output() == nil {
				return nil, fmt.Errorf("eye %q: not a rate population", e.Eye)
			}
			v.eye = eye.Unit.Output()
			if e.Purkinje != "" {
				pc := h.Net().Population(e.Purkinje)
				r, ok := pc.Unit.(*neuron.Rate)
				if pc == nil || !ok {
					return nil, fmt.Errorf("purkinje %q: not a rate population", e.Purkinje)
				}
				v.pc, v.pcHold = r, make([]float32, r.Len())
			}
			v.delay = make([]float64, max(h.Steps(float64(e.VisualDelay)), 1))
			v.stages = vorStages(e, h.Steps)
			return v, nil
		},
	})
}

// vorStage is a part of the protocol.
type vorStage struct {
	Name      string
	Light     bool
	Lesion    bool
	Freq      float64 // Hz
	Steps     int64
	Settle    int64 // steps not measured (the first cycle of a probe)
	Probe     bool
	After     bool  // a probe after training, at one of the probe frequencies
	Start     int64 // first step (set when it starts)
	sums      vorSums
	gain, phi float64
	slipRMS   float64
}

// signed is the gain's component in phase with compensation: the gain,
// negative when the eye turns with the head (phase near 180°, as after
// reversing prisms). The fractions of the change compare it with the lens.
func (st *vorStage) signed() float64 {
	return st.gain * math.Cos(st.phi*math.Pi/180)
}

// vorSums accumulate a stage's measurement.
type vorSums struct {
	N                  float64
	ES, EC, HS, HC, S2 float64
}

// vorStages is the protocol of e.
func vorStages(e *VOR, steps func(ms float64) int64) []vorStage {
	cycles := func(ms float64, f float64) int64 { // whole cycles, at least one
		per := 1000 / f
		return steps(max(math.Round(ms/per), 1) * per)
	}
	probe := func(name string, f float64, lesion bool) vorStage {
		n := cycles(float64(e.Probe), f)
		return vorStage{Name: name, Freq: f, Steps: n, Settle: steps(1000 / f), Probe: true, Lesion: lesion}
	}
	f0 := float64(e.Frequency)
	var st []vorStage
	for _, f := range e.ProbeFrequencies {
		st = append(st, probe(fmt.Sprintf("baseline %g Hz", float64(f)), float64(f), false))
	}
	for b := 1; b <= e.Blocks; b++ {
		st = append(st, vorStage{Name: fmt.Sprintf("training %d", b), Light: true, Freq: f0, Steps: cycles(float64(e.Block), f0)})
		st = append(st, probe(fmt.Sprintf("probe %d", b), f0, false))
	}
	for _, f := range e.ProbeFrequencies {
		p := probe(fmt.Sprintf("after %g Hz", float64(f)), float64(f), false)
		p.After = true
		st = append(st, p)
	}
	if e.Lesion {
		st = append(st, probe("lesion", f0, true))
	}
	if e.Consolidation > 0 {
		st = append(st, vorStage{Name: "consolidation", Freq: f0, Steps: cycles(float64(e.Consolidation), f0)})
		st = append(st, probe("consolidated", f0, false))
		if e.Lesion {
			st = append(st, probe("consolidated lesion", f0, true))
		}
	}
	return st
}

// vorEnv runs the protocol step by step (a state machine, so that a
// checkpoint saves its place).
type vorEnv struct {
	h       registry.EnvHost
	e       VOR
	amp, dt float64
	// plantDecay is exp(−dt/plant_tau) per step (0 for no plant lag).
	plantDecay float64
	vest, err  *registry.Clamp
	eye        []float32
	pc         *neuron.Rate
	pcHold     []float32 // the Purkinje output in a lesion probe: 0

	stages []vorStage
	stage  int
	// The plant: the last command, the brainstem's output through the
	// plant, and the delayed slip.
	mPrev, plant float64
	delay        []float64
	pos          int
}

func (v *vorEnv) Attach() error {
	return v.h.Net().AddOperation(cortex.Operation{Name: "vor", Every: 1, Run: v.step})
}

// step runs step s: the head velocity of the stage, the eye's response to
// the command of the step before, the slip, and the error it sends.
func (v *vorEnv) step(s int64) error {
	if v.stage >= len(v.stages) {
		return cortex.ErrStop
	}
	st := &v.stages[v.stage]
	if s == 0 {
		v.begin(st, s)
	}
	if s-st.Start >= st.Steps {
		v.end(st)
		v.stage++
		if v.stage == len(v.stages) {
			return cortex.ErrStop
		}
		st = &v.stages[v.stage]
		v.begin(st, s)
	}
	k := s - st.Start
	w := 2 * math.Pi * st.Freq
	tm := float64(k) * v.dt / 1000
	sin, cos := math.Sincos(w * tm)
	head := v.amp * sin
	v.vest.V[0] = float32(head)

	// The brainstem's pulse-step u = m + τ_b dm/dt drives the plant
	// τ_p dx/dt = −x + u; the eye turns opposite to the command.
	m := float64(v.eye[0])
	u := m + float64(*v.e.BrainstemTau)*(m-v.mPrev)/v.dt
	v.mPrev = m
	v.plant = u + (v.plant-u)*v.plantDecay
	eye := -v.plant

	slip := eye + v.e.Lens*head
	sent := 0.0
	if st.Light && v.e.ClimbingFibre {
		sent = slip
	}
	v.err.V[0] = float32(v.delay[v.pos]) // sent visual_delay ago
	v.delay[v.pos] = sent
	v.pos = (v.pos + 1) % len(v.delay)

	if k >= st.Settle {
		sm := &st.sums
		sm.N++
		sm.ES += eye * sin
		sm.EC += eye * cos
		sm.HS += head * sin
		sm.HC += head * cos
		if st.Light {
			sm.S2 += slip * slip
		}
	}
	return nil
}

// begin starts stage st at step s: the Purkinje output is held at 0 in a
// lesion probe, free otherwise.
func (v *vorEnv) begin(st *vorStage, s int64) {
	st.Start = s
	if v.pc != nil {
		if st.Lesion {
			v.pc.SetClamp(v.pcHold)
		} else {
			v.pc.SetClamp(nil)
		}
	}
}

// end measures stage st: gain and phase from the sine and cosine
// components of eye and head velocity; the RMS slip of a light stage.
func (v *vorEnv) end(st *vorStage) {
	sm := st.sums
	st.gain, st.phi = math.NaN(), math.NaN()
	if hm := math.Hypot(sm.HS, sm.HC); hm > 0 {
		st.gain = math.Hypot(sm.ES, sm.EC) / hm
		// The phase of −eye against the head's: 0 when compensatory.
		d := math.Atan2(-sm.EC, -sm.ES) - math.Atan2(sm.HC, sm.HS)
		st.phi = math.Remainder(d, 2*math.Pi) * 180 / math.Pi
	}
	st.slipRMS = math.NaN()
	if st.Light && sm.N > 0 {
		st.slipRMS = math.Sqrt(sm.S2 / sm.N)
	}
}

// measured is the stages measured so far: the ones done, and the one in
// progress once Tables measured it.
func (v *vorEnv) measured() []vorStage {
	n := 0
	for n < len(v.stages) && n <= v.stage && v.stages[n].sums.N > 0 {
		n++
	}
	return v.stages[:n]
}

// fraction is the fraction of the change the lenses ask for that probe i
// reached, from the baseline probe at its frequency; NaN for the
// baselines, the stages that are no probe, and a lens equal to the
// baseline.
func (v *vorEnv) fraction(i int) float64 {
	nf := len(v.e.ProbeFrequencies)
	if st := &v.stages[i]; st.Probe && i >= nf {
		for _, b := range v.stages[:nf] {
			if bs := b.signed(); b.Freq == st.Freq && b.sums.N > 0 && v.e.Lens != bs {
				return (st.signed() - bs) / (v.e.Lens - bs)
			}
		}
	}
	return math.NaN()
}

// endMin is the minute at which stage st ends.
func (v *vorEnv) endMin(st *vorStage) float64 {
	return float64(st.Start+st.Steps) * v.dt / 60000
}

func (v *vorEnv) Tables(steps int64) []Table {
	if v.stage < len(v.stages) {
		// A run cut short: the stage in progress is measured so far.
		if st := &v.stages[v.stage]; st.sums.N > 0 {
			v.end(st)
		}
	}
	rows := [][]any{}
	for i, st := range v.measured() {
		cond := "dark"
		switch {
		case st.Light:
			cond = fmt.Sprintf("light ×%g", v.e.Lens)
		case st.Lesion:
			cond = "dark, Purkinje removed"
		}
		gain, phi := st.gain, st.phi
		if st.Light {
			gain, phi = math.NaN(), math.NaN() // the gain is measured in the dark
		}
		rows = append(rows, []any{st.Name, cond, st.Freq, nanNull(v.endMin(&st)), nanNull(gain), nanNull(phi), nanNull(st.slipRMS), nanNull(v.fraction(i))})
	}
	return []Table{{Title: fmt.Sprintf("vor: gain and phase (dark probes) and retinal slip (training, lens ×%g)", v.e.Lens),
		Columns: []string{"stage", "condition", "frequency_hz", "end_min", "gain", "phase_deg", "slip_rms_deg_s", "change_fraction"},
		Rows:    rows}}
}

// Plots draws the run's figures: the gain and the phase of the dark probes
// at the training frequency against time (with the lenses' gain, and the
// probes without the Purkinje output), the slip of each training block,
// and the fraction of the change reached at each probe frequency after
// training.
func (v *vorEnv) Plots(int64) []registry.Plot {
	f0 := float64(v.e.Frequency)
	var tG, gain, phase, tL, lesion, blocks, slips, freqs, fracs []float64
	for i, st := range v.measured() {
		switch {
		case st.Light:
			blocks = append(blocks, float64(len(blocks)+1))
			slips = append(slips, st.slipRMS)
		case !st.Probe:
		case st.Lesion:
			tL, lesion = append(tL, v.endMin(&st)), append(lesion, st.gain)
		default:
			if f := v.fraction(i); st.After && !math.IsNaN(f) {
				freqs, fracs = append(freqs, st.Freq), append(fracs, f)
			}
			if st.Freq == f0 {
				tG, gain, phase = append(tG, v.endMin(&st)), append(gain, st.gain), append(phase, st.phi)
			}
		}
	}
	title := fmt.Sprintf("VOR, lens ×%g at %g Hz", v.e.Lens, f0)
	var out []registry.Plot
	if len(tG) > 0 {
		g := registry.Plot{Figure: FigureVORGain, Title: title + ": dark gain", XLabel: "time (min)", YLabel: "gain",
			Curves: []registry.Curve{{Name: "dark gain", X: tG, Y: gain},
				{Name: "lens gain", X: []float64{tG[0], tG[len(tG)-1]}, Y: []float64{v.e.Lens, v.e.Lens}}}}
		if len(lesion) > 0 {
			g.Curves = append(g.Curves, registry.Curve{Name: "Purkinje output removed", X: tL, Y: lesion})
		}
		out = append(out, g, registry.Plot{Figure: FigureVORPhase, Title: title + ": dark phase (0° compensatory)",
			XLabel: "time (min)", YLabel: "phase (deg)", Curves: []registry.Curve{{Name: "dark phase", X: tG, Y: phase}}})
	}
	if len(blocks) > 0 {
		out = append(out, registry.Plot{Figure: FigureVORSlip, Title: title + ": retinal slip in training",
			XLabel: "training block", YLabel: "slip RMS (deg/s)", Curves: []registry.Curve{{Name: "slip", X: blocks, Y: slips}}})
	}
	if len(freqs) > 0 {
		out = append(out, registry.Plot{Figure: FigureVORFrequency, Title: title + ": change reached at each frequency",
			XLabel: "probe frequency (Hz)", YLabel: "fraction of the change", LogX: true, Curves: []registry.Curve{{Name: "after training", X: freqs, Y: fracs}}})
	}
	return out
}

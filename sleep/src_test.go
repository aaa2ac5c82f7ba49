package sleep

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/brainsim/brainsim/cortex"
	"github.com/brainsim/brainsim/dataset"
	"github.com/brainsim/brainsim/internal/vecmath"
	"github.com/brainsim/brainsim/learn"
	"github.com/brainsim/brainsim/neuron"
)

// srcLoop is Tadros et al.'s sleep loop as brainsim ran it before SRC
// moved onto the engine (sleepnn_old.m): every step the input spikes pass
// through all layers within the step; layer l integrates
// v ← Decay·v + α_l W_l s_{l−1}, fires where v ≥ β_l, resets to 0, and a
// neuron that fires grows its weights from the inputs that fired this
// step by Inc·f(w) and shrinks the others by Dec·f(w). It is the
// reference of TestSRCEngineIsLoop and the peer of BenchmarkSleepSRC.
type srcLoop struct {
	m      *learn.MLP
	alpha  []float64
	p      SleepParams
	factor func(float32) float32
	mem    [][]float64
	spk    [][]bool
	list   [][]int // indices of the neurons that fired this step
	count  []int   // spikes per layer so far
}

func newSRCLoop(m *learn.MLP, alpha []float64, p SleepParams) *srcLoop {
	L := len(m.W)
	lp := &srcLoop{m: m, alpha: alpha, p: p, mem: make([][]float64, L+1), spk: make([][]bool, L+1),
		list: make([][]int, L+1), count: make([]int, L+1)}
	lp.factor = func(w float32) float32 {
		if p.Factor == FactorSigmoid {
			return vecmath.Sigmoid(w)
		}
		switch {
		case w > 0.05: // < 4e-22: below any float32 step of w
			return 0
		case w < -0.05:
			return 2
		}
		return float32(2 / (1 + math.Exp(1000*float64(w))))
	}
	for l, n := range m.Sizes {
		lp.mem[l] = make([]float64, n)
		lp.spk[l] = make([]bool, n)
	}
	return lp
}

// step runs one step with the input spikes x.
func (lp *srcLoop) step(x []int) {
	m, p, spk, list := lp.m, lp.p, lp.spk, lp.list
	clear(spk[0])
	list[0] = append(list[0][:0], x...)
	for _, k := range x {
		spk[0][k] = true
	}
	lp.count[0] += len(x)
	inc, dec := float32(p.Inc), float32(p.Dec)
	for l := 1; l <= len(m.W); l++ {
		in, out := m.Sizes[l-1], m.Sizes[l]
		W := m.W[l-1]
		pre, preSpk := list[l-1], spk[l-1]
		v, s := lp.mem[l], spk[l]
		list[l] = list[l][:0]
		for o := range out {
			row := W[o*in : (o+1)*in]
			var sum float32
			for _, j := range pre {
				sum += row[j]
			}
			v[o] = p.Decay*v[o] + lp.alpha[l-1]*float64(sum)
			s[o] = v[o] >= p.Beta[l-1]
			if s[o] {
				list[l] = append(list[l], o)
				v[o] = 0
			}
		}
		lp.count[l] += len(list[l])
		for _, o := range list[l] {
			row := W[o*in : (o+1)*in]
			for j, w := range row {
				g := lp.factor(w)
				if g == 0 {
					continue
				}
				if preSpk[j] {
					row[j] = w + inc*g
				} else {
					row[j] = w - dec*g
				}
			}
		}
	}
}

// loopSRC runs the loop over the input spikes input[t] of every step and
// returns the spike count of every layer.
func loopSRC(m *learn.MLP, input [][]int, alpha []float64, p SleepParams) []int {
	lp := newSRCLoop(m, alpha, p)
	for _, x := range input {
		lp.step(x)
	}
	return lp.count
}

// srcFixture is a small random network (64-40-30-10, weights N(0, 0.3²))
// and input spike trains: each of the 64 inputs fires with probability
// 0.3 per step.
func srcFixture(seed uint64, steps int) (*learn.MLP, [][]int, []float64) {
	rng := rand.New(rand.NewPCG(seed, 7))
	m := learn.NewMLP([]int{64, 40, 30, 10}, learn.ReLU, learn.ReLUMSE, rng)
	for _, w := range m.W {
		for k := range w {
			w[k] = float32(0.3 * rng.NormFloat64())
		}
	}
	input := make([][]int, steps)
	for t := range input {
		for k := range 64 {
			if rng.Float64() < 0.3 {
				input[t] = append(input[t], k)
			}
		}
	}
	return m, input, []float64{0.7, 1.3, 1.1}
}

// TestSRCEngineIsLoop runs SRC's sleep on the engine and in Tadros et
// al.'s loop with the same input spikes, for both weight dependences: the
// engine runs the layers pipelined (layer l l steps behind the input),
// which must give the loop's spike counts and weights. The engine keeps v
// in float32 and the loop in float64, so the weights are compared to 1e-5
// and the counts must agree to 0.2%.
func TestSRCEngineIsLoop(t *testing.T) {
	const steps = 2000
	for _, factor := range []string{FactorTadros, FactorSigmoid} {
		p := DefaultSleep()
		p.Factor, p.Beta, p.Inc, p.Dec, p.Width, p.Mask = factor, []float64{1, 1.5, 1}, 0.01, 0.002, 8, 3
		ref, input, alpha := srcFixture(1, steps)
		eng, _, _ := srcFixture(1, steps)
		want := loopSRC(ref, input, alpha, p)

		times := make([][]float64, 64)
		for s, x := range input {
			for _, k := range x {
				times[k] = append(times[k], float64(s))
			}
		}
		net := cortex.New(1, 1)
		sn, err := newSRCNet(net, eng, neuron.NewSpikeTimes(times), alpha, p)
		if err != nil {
			t.Fatal(err)
		}
		if err := sn.run(context.Background(), steps); err != nil {
			t.Fatal(err)
		}
		for l := 0; l <= 3; l++ {
			name := "sleep.input"
			if l > 0 {
				name = "sleep.layer" + string(rune('0'+l))
			}
			got := int(net.Population(name).SpikeCount())
			if math.Abs(float64(got-want[l])) > 0.002*float64(want[l]) {
				t.Errorf("%s: %s spiked %d times, the loop %d", factor, name, got, want[l])
			}
			if want[l] < steps/10 {
				t.Errorf("%s: layer %d spiked only %d times in %d steps: the fixture does not test much", factor, l, want[l], steps)
			}
		}
		var worst float64
		for l := range ref.W {
			for k, w := range ref.W[l] {
				worst = max(worst, math.Abs(float64(w-eng.W[l][k])))
			}
		}
		if worst > 1e-5 {
			t.Errorf("%s: weights differ from the loop's by up to %g", factor, worst)
		}
		t.Logf("%s: spikes per layer %v (loop), largest weight difference %g", factor, want, worst)
	}
}

// loopSleepSRC is SleepSRC as it ran before the engine: the loop with
// its own Bernoulli input (a pixel of the random patch fires when
// u·(1/(Dt·MaxRate))/2 <= pixel, u uniform in [0,1)). BenchmarkSleepSRC
// times it beside SleepSRC in the same run.
func loopSleepSRC(ctx context.Context, m *learn.MLP, set dataset.Set, steps int, dropout float32, p SleepParams, rng *rand.Rand) error {
	alpha, err := srcAlphas(m, set, dropout, p)
	if err != nil {
		return err
	}
	lp := newSRCLoop(m, alpha, p)
	mean := meanImage(set, m.Sizes[0])
	half := 1 / (p.Dt * p.MaxRate) / 2
	w := p.Width
	h := m.Sizes[0] / w
	side := p.Mask + 1
	var x []int
	for t := range steps {
		if t%1000 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		x = x[:0]
		r0, c0 := rng.IntN(max(h-p.Mask, 1)), rng.IntN(max(w-p.Mask, 1))
		for r := r0; r < min(r0+side, h); r++ {
			for c := c0; c < min(c0+side, w); c++ {
				k := r*w + c
				if rng.Float64()*half <= mean[k] && mean[k] > 0 {
					x = append(x, k)
				}
			}
		}
		lp.step(x)
	}
	return nil
}

// BenchmarkSleepSRC times the first SRC sleep of the protocol (its
// network trained on digits 0 and 1), on the engine (engine) and in the
// loop it replaced (loop): Tadros et al.'s 784-1200-1200-10 network and
// sleep of 15000 steps (tadros), and the PyTorch reproduction's
// 784-4000-4000-10 and 300 steps (pytorch). The data-based α are
// computed once, outside the timing (their forward pass over the task is
// the same work for both).
func BenchmarkSleepSRC(b *testing.B) {
	for _, c := range []struct {
		name string
		p    Protocol
		s    SleepParams
	}{{"tadros", SRCProtocol(), DefaultSleep()}, {"pytorch", ReproProtocol(), ReproSleep()}} {
		b.Run(c.name, func(b *testing.B) {
			train, _ := loadMNIST(b)
			rng := rand.New(rand.NewPCG(1, 2))
			task := train.OfClasses(c.p.Tasks[0], c.p.PerTask)
			m0 := c.p.NewNet(train.Cols, train.Classes, rng)
			m0.Train(task, c.p.options(rng, nil))
			if c.s.Alpha == nil {
				c.s.Alpha = Alphas(m0, task, c.p.Dropout, c.s.AlphaScale)
			}
			for _, impl := range []string{"loop", "engine"} {
				b.Run(impl, func(b *testing.B) {
					m := learn.NewMLP(m0.Sizes, m0.Hidden, m0.Out, rng)
					for b.Loop() {
						b.StopTimer()
						for l := range m.W {
							copy(m.W[l], m0.W[l])
						}
						b.StartTimer()
						run := SleepSRC
						if impl == "loop" {
							run = loopSleepSRC
						}
						if err := run(context.Background(), m, task, c.s.Steps, c.p.Dropout, c.s, rand.New(rand.NewPCG(3, 4))); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}

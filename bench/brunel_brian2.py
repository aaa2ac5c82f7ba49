"""Brunel (2000) model A in Brian2: the peer of brainsim's `brunel`
experiment (bench/brunel_brian2.sh runs both and prints them side by side).

    /usr/bin/python3 bench/brunel_brian2.py --g 5 --eta 2 [--seed 1] [--duration 1]

The network of configs/experiments/brunel.toml, except that Brian2 draws
each neuron's sources with replacement (repeats and autapses possible) where
brainsim draws distinct sources other than the neuron itself: N_E = 10,000 and N_I =
2,500 LIF neurons (tau 20 ms, theta 20 mV, V_r 10 mV, tau_rp 2 ms, rest 0),
C_E = 1,000 and C_I = 250 inputs per neuron drawn at random (fixed
in-degree), delta synapses J = 0.1 mV and -g J with a delay of 1.5 ms,
external Poisson input of C_E nu_ext per neuron (PoissonInput), V starting
uniform in [0, 20) mV, dt 0.1 ms. Prints, per population, the rate, the
mean CV of the ISIs (neurons with at least 3 spikes), the coefficient of
variation of the population count in 0.5 ms bins after the first tenth of
the run (pop_cv), that CV beyond the Poisson one (sync) and the largest
spectral peak above 5 Hz (osc_hz), as brainsim computes them.
"""
import argparse
import numpy as np
import brian2 as b2

ap = argparse.ArgumentParser()
ap.add_argument("--g", type=float, default=5.0)
ap.add_argument("--eta", type=float, default=2.0)
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--duration", type=float, default=1.0, help="seconds")
args = ap.parse_args()

b2.prefs.codegen.target = "numpy"
b2.seed(args.seed)
np.random.seed(args.seed)
b2.defaultclock.dt = 0.1 * b2.ms

NE, NI, CE, CI = 10000, 2500, 1000, 250
J, tau, theta, Vr, trp, D = 0.1 * b2.mV, 20 * b2.ms, 20 * b2.mV, 10 * b2.mV, 2 * b2.ms, 1.5 * b2.ms
nu_thr = theta / (J * CE * tau)
nu_ext = args.eta * nu_thr

P = b2.NeuronGroup(NE + NI, "dv/dt = -v/tau : volt (unless refractory)", threshold="v > theta",
                   reset="v = Vr", refractory=trp, method="exact")
P.v = "rand() * theta"
E, I = P[:NE], P[NE:]


def fixed_indegree(src_n, c, n_post):
    """Pre indices for c inputs per post neuron, drawn with replacement."""
    pre = np.random.randint(0, src_n, size=(n_post, c)).ravel()
    post = np.repeat(np.arange(n_post), c)
    return pre, post


# Input that arrives during the refractory period is lost, as in NEST's
# iaf_psc_delta and in brainsim (Brian2 would otherwise add it to the
# clamped v).
SE = b2.Synapses(E, P, on_pre="v += J * int(not_refractory_post)", delay=D)
i, j = fixed_indegree(NE, CE, NE + NI)
SE.connect(i=i, j=j)
SI = b2.Synapses(I, P, on_pre="v += -g * J * int(not_refractory_post)", namespace={"g": args.g, "J": J}, delay=D)
i, j = fixed_indegree(NI, CI, NE + NI)
SI.connect(i=i, j=j)
ext = b2.PoissonInput(P, "v", CE, nu_ext, weight="J * int(not_refractory)")

sm = b2.SpikeMonitor(P)
b2.run(args.duration * b2.second)

t = np.asarray(sm.t / b2.ms)
idx = np.asarray(sm.i)
T = args.duration * 1000
for name, lo, hi in (("exc", 0, NE), ("inh", NE, NE + NI)):
    m = (idx >= lo) & (idx < hi)
    ts, ids = t[m], idx[m]
    rate = len(ts) / (hi - lo) / args.duration
    cvs = []
    order = np.lexsort((ts, ids))
    ts, ids = ts[order], ids[order]
    bounds = np.flatnonzero(np.diff(ids)) + 1
    for tt in np.split(ts, bounds):
        if len(tt) >= 3:
            d = np.diff(tt)
            cvs.append(d.std() / d.mean())
    h, _ = np.histogram(ts, bins=np.arange(0, T + 0.25, 0.5))
    h = h[len(h) // 10:]
    m = h.mean()
    pop_cv = h.std(ddof=1) / m if m > 0 else float("nan")
    # brainsim's sync: the CV beyond that of independent Poisson units
    sync = np.sqrt(max(h.var(ddof=1) - m, 0)) / m if m > 0 else float("nan")
    f = np.abs(np.fft.rfft(h - m)) ** 2
    fr = np.fft.rfftfreq(len(h), 0.5e-3)
    f[fr < 5] = 0
    print(f"{name}: rate {rate:.2f} Hz, cv_isi {np.mean(cvs) if cvs else float('nan'):.3f}, "
          f"pop_cv {pop_cv:.2f}, sync {sync:.3f}, osc_hz {fr[np.argmax(f)]:.1f}")

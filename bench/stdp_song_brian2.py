"""Song, Miller & Abbott (2000) in Brian2 (its example synapses/STDP.py,
written again here): the peer of brainsim's stdp_song experiment.

    /usr/bin/python3 bench/stdp_song_brian2.py [--seed 1] [--duration 100]

1000 Poisson inputs at 15 Hz onto one integrate-and-fire neuron (tau_m 10
ms, E_L -74 mV, threshold -54 mV, reset -60 mV) through conductance
synapses (E 0 mV, tau 5 ms, in units of the leak conductance, g_max 0.01)
with additive all-to-all pair STDP (A+ = 0.01 g_max, A- = 1.05 A+, tau 20
ms, hard bounds [0, g_max]), weights starting uniform in [0, g_max], dt
0.1 ms. brainsim's synapses have a delay of 0.1 ms (one step), so these do
too. Prints the output rate and the share of the weights in each tenth of
[0, g_max] at the end.
"""
import argparse
import numpy as np
import brian2 as b2

ap = argparse.ArgumentParser()
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--duration", type=float, default=100.0, help="seconds")
args = ap.parse_args()

b2.prefs.codegen.target = "numpy"
b2.seed(args.seed)
b2.defaultclock.dt = 0.1 * b2.ms
N, taum, taupre, taupost = 1000, 10 * b2.ms, 20 * b2.ms, 20 * b2.ms
Ee, vt, vr, El, taue, F, gmax = 0 * b2.mV, -54 * b2.mV, -60 * b2.mV, -74 * b2.mV, 5 * b2.ms, 15 * b2.Hz, 0.01
dApre = 0.01 * gmax
dApost = -dApre * taupre / taupost * 1.05

inp = b2.PoissonGroup(N, rates=F)
neuron = b2.NeuronGroup(1, """dv/dt = (ge * (Ee - v) + El - v) / taum : volt
                              dge/dt = -ge / taue : 1""",
                        threshold="v > vt", reset="v = vr", method="euler")
neuron.v = El
S = b2.Synapses(inp, neuron, """w : 1
                                dApre/dt = -Apre / taupre : 1 (event-driven)
                                dApost/dt = -Apost / taupost : 1 (event-driven)""",
                on_pre="""ge += w
                          Apre += dApre
                          w = clip(w + Apost, 0, gmax)""",
                on_post="""Apost += dApost
                           w = clip(w + Apre, 0, gmax)""", delay=0.1 * b2.ms)
S.connect()
S.w = "rand() * gmax"
mon = b2.SpikeMonitor(neuron)
b2.run(args.duration * b2.second)
w = np.asarray(S.w[:]) / gmax
h, _ = np.histogram(np.minimum(w, 1 - 1e-12), bins=10, range=(0, 1))
print(f"output rate {mon.num_spikes / args.duration:.2f} Hz")
print("shares " + " ".join(f"{x:.3f}" for x in h / len(w)))

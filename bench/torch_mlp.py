#!/usr/bin/env python3
"""PyTorch side of the backprop benchmark (bench/compare_torch_mlp.sh).

Trains the MLP 784-H-10 of brainsim's compare_rules_mnist on MNIST exactly
as brainsim does: ReLU hidden units, softmax cross-entropy, SGD with
momentum 0.9 (PyTorch's form v = mu v + g, w -= lr v, the same iterates as
brainsim's v = mu v - lr g at constant lr), lr 0.05, minibatches of 64 in a
fresh random order each epoch, Glorot/He uniform initialisation is left to
PyTorch's default (Kaiming uniform). The data are preloaded as one float32
tensor and minibatches are taken by index (no DataLoader), PyTorch's
fastest configuration for this size.

Prints one JSON object per line: {"epoch": k, "s": seconds, "test_accuracy": a}
and a final {"best_s": ..., "median_s": ..., "threads": ...}.

Run with Debian's interpreter (python3-torch, PyTorch 1.13):
    /usr/bin/python3 bench/torch_mlp.py --mnist DIR --hidden 256 --epochs 3
DIR holds train-images-idx3-ubyte.gz etc. (brainsim prints it:
`go run ./bench/mlpepoch -print-dir`). Threads: set OMP_NUM_THREADS and
OPENBLAS_NUM_THREADS (torch.set_num_threads does not limit OpenBLAS).
"""
import argparse
import gzip
import json
import os
import statistics
import struct
import sys
import time

try:
    import numpy as np
    import torch
except ImportError as e:  # the peer is missing: say so, exit 0
    print(json.dumps({"missing": "python3-torch (PyTorch 1.13): %s; apt-get install python3-torch, run with /usr/bin/python3" % e}))
    sys.exit(0)


def read_idx(path):
    op = gzip.open if path.endswith(".gz") else open
    with op(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        raise SystemExit("%s: not an unsigned-byte IDX file" % path)
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def find(d, name):
    for n in (name, name + ".gz"):
        p = os.path.join(d, n)
        if os.path.exists(p):
            return p
    raise SystemExit("%s: no %s[.gz]" % (d, name))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mnist", required=True)
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=0.05)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    torch.manual_seed(a.seed)
    xtr = torch.from_numpy(read_idx(find(a.mnist, "train-images-idx3-ubyte")).reshape(-1, 784).astype(np.float32) / 255)
    ytr = torch.from_numpy(read_idx(find(a.mnist, "train-labels-idx1-ubyte")).astype(np.int64))
    xte = torch.from_numpy(read_idx(find(a.mnist, "t10k-images-idx3-ubyte")).reshape(-1, 784).astype(np.float32) / 255)
    yte = torch.from_numpy(read_idx(find(a.mnist, "t10k-labels-idx1-ubyte")).astype(np.int64))
    model = torch.nn.Sequential(torch.nn.Linear(784, a.hidden), torch.nn.ReLU(), torch.nn.Linear(a.hidden, 10))
    opt = torch.optim.SGD(model.parameters(), lr=a.lr, momentum=0.9)
    lossf = torch.nn.CrossEntropyLoss()
    n = xtr.shape[0]
    times = []
    for ep in range(1, a.epochs + 1):
        t0 = time.perf_counter()
        perm = torch.randperm(n)
        for s in range(0, n, a.batch):
            idx = perm[s:s + a.batch]
            opt.zero_grad(set_to_none=True)
            loss = lossf(model(xtr[idx]), ytr[idx])
            loss.backward()
            opt.step()
        dt = time.perf_counter() - t0
        times.append(dt)
        with torch.no_grad():
            acc = (model(xte).argmax(1) == yte).float().mean().item()
        print(json.dumps({"epoch": ep, "s": dt, "test_accuracy": acc}), flush=True)
    print(json.dumps({"best_s": min(times), "median_s": statistics.median(times),
                      "threads": torch.get_num_threads(), "torch": torch.__version__,
                      "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE", "")}))


if __name__ == "__main__":
    main()

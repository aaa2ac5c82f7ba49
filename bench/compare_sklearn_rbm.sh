#!/usr/bin/env bash
# brainsim rbm.RBM vs scikit-learn's BernoulliRBM: seconds per epoch on the
# 60,000 MNIST training images, 256 hidden units, minibatches of 20
# (issue #4, Done-when 6). Both run in this one invocation at the same
# thread count (OPENBLAS_NUM_THREADS for numpy's OpenBLAS, GOMAXPROCS for
# Go). sklearn's BernoulliRBM is PCD-1 without momentum; brainsim runs
# CD-1 (the issue's setting) and PCD-1 (sklearn's), both without momentum
# or weight decay, lr as sklearn's.
#
#     bench/compare_sklearn_rbm.sh
#     THREADS=2 EPOCHS=3 bench/compare_sklearn_rbm.sh
#
# Environment (all optional):
#   THREADS   threads for both sides          (default 1)
#   EPOCHS    epochs timed on each side       (default 3)
#   LR        learning rate                   (default 0.1)
#   DTYPE     sklearn input dtype             (default float32; float64 is sklearn's default)
#   PY        Python with Debian's sklearn    (default /usr/bin/python3)
#   GOEXP     GOEXPERIMENT for the Go build   (default simd: the AVX-512 kernels)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
THREADS=${THREADS:-1}
EPOCHS=${EPOCHS:-3}
LR=${LR:-0.1}
DTYPE=${DTYPE:-float32}
PY=${PY:-/usr/bin/python3}
GOEXP=${GOEXP-simd}

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
BIN=$TMP/rbmepoch
(cd "$ROOT" && GOEXPERIMENT=$GOEXP go build -o "$BIN" ./bench/rbmepoch)
MNIST=$("$BIN" -mnistdir)

echo "# machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# threads $THREADS, epochs $EPOCHS, lr $LR, GOEXPERIMENT=$GOEXP, MNIST $MNIST"

if ! "$PY" -c 'import sklearn' 2>/dev/null; then
	echo "compare_sklearn_rbm: scikit-learn is not importable with $PY; install python3-sklearn (apt-get install python3-sklearn)" >&2
	exit 1
fi

echo "## sklearn BernoulliRBM"
OPENBLAS_NUM_THREADS=$THREADS OMP_NUM_THREADS=$THREADS MKL_NUM_THREADS=$THREADS \
	"$PY" "$HERE/sklearn_rbm.py" --mnist "$MNIST" --epochs "$EPOCHS" --lr "$LR" --dtype "$DTYPE" >"$TMP/sk.txt"
cat "$TMP/sk.txt"
echo "## brainsim CD-1"
GOMAXPROCS=$THREADS "$BIN" -epochs "$EPOCHS" -lr "$LR" >"$TMP/cd.txt"
cat "$TMP/cd.txt"
echo "## brainsim PCD-1"
GOMAXPROCS=$THREADS "$BIN" -epochs "$EPOCHS" -lr "$LR" -pcd >"$TMP/pcd.txt"
cat "$TMP/pcd.txt"

mean() { sed -n 's/.*mean \([0-9.]*\) s\/epoch.*/\1/p' "$1"; }
sk=$(mean "$TMP/sk.txt"); cd=$(mean "$TMP/cd.txt"); pcd=$(mean "$TMP/pcd.txt")
echo
echo "| side | s/epoch (mean of $EPOCHS) | sklearn / side |"
echo "|---|---|---|"
awk -v sk="$sk" -v cd="$cd" -v pcd="$pcd" -v dt="$DTYPE" 'BEGIN {
	printf "| sklearn 1.2.1 BernoulliRBM (PCD-1, %s) | %.3f | 1.00 |\n", dt, sk
	printf "| brainsim rbm CD-1 | %.3f | %.2f |\n", cd, sk / cd
	printf "| brainsim rbm PCD-1 | %.3f | %.2f |\n", pcd, sk / pcd
}'

#!/usr/bin/env bash
# Side-by-side: one backprop epoch on MNIST, brainsim vs PyTorch 1.13 (CPU),
# same network (784-H-10, ReLU, softmax cross-entropy), same SGD (lr 0.05,
# momentum 0.9, batch 64), same thread count, in the same run. Prints a
# Markdown table with the seconds per epoch (fastest of EPOCHS epochs) and
# the ratio brainsim / PyTorch.
#
#     bench/compare_torch_mlp.sh
#     HIDDEN="256 800" THREADS="1 2" EPOCHS=5 bench/compare_torch_mlp.sh
#
# PyTorch runs in two OpenBLAS configurations, and the faster one is the
# reference: "env" (OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE as this environment
# sets them: Haswell kernels) and "native" (both unset: OpenBLAS picks its
# AVX-512 kernels). Threads are set with OMP_NUM_THREADS and
# OPENBLAS_NUM_THREADS (torch.set_num_threads does not limit OpenBLAS);
# brainsim's with GOMAXPROCS. brainsim is the default build (what go build
# and go install give: the assembly kernels of internal/gemm); GOEXP sets
# GOEXPERIMENT for the build (no code depends on it any more).
#
# Environment: HIDDEN (default "256"), THREADS (default "1"), EPOCHS
# (default 3), PY (default /usr/bin/python3: Debian's python3-torch).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
HIDDEN=${HIDDEN:-256}
THREADS=${THREADS:-1}
EPOCHS=${EPOCHS:-3}
PY=${PY:-/usr/bin/python3}
GOEXP=${GOEXP-}
BIN=$(mktemp -d)/mlpepoch
trap 'rm -rf "$(dirname "$BIN")"' EXIT

(cd "$ROOT" && GOEXPERIMENT=$GOEXP go build -o "$BIN" ./bench/mlpepoch) || { echo "brainsim: build failed"; exit 1; }
DIR=$("$BIN" -print-dir) || exit 1
torch_ok=1
if ! "$PY" -c "import torch" 2>/dev/null; then
	echo "PyTorch missing: apt-get install python3-torch, and run with Debian's /usr/bin/python3 (PY=$PY)"
	torch_ok=0
fi

best() { grep -o '"best_s": *[0-9.e-]*' | tail -1 | sed 's/.*: *//' | awk '{ printf "%.3f", $1 }'; }
acc() { grep -o '"test_accuracy": *[0-9.e-]*' | tail -1 | sed 's/.*: *//' | awk '{ printf "%.4f", $1 }'; }

echo "| hidden | threads | brainsim s/epoch | acc | PyTorch env s/epoch | PyTorch native s/epoch | acc | ratio brainsim/best PyTorch |"
echo "|---|---|---|---|---|---|---|---|"
for h in $HIDDEN; do
	for t in $THREADS; do
		g=$(GOMAXPROCS=$t "$BIN" -hidden "$h" -epochs "$EPOCHS" -mnist "$DIR")
		gs=$(echo "$g" | best)
		ga=$(echo "$g" | acc)
		pe=- pn=- pa=- ratio=-
		if [ $torch_ok = 1 ]; then
			p1=$(OMP_NUM_THREADS=$t OPENBLAS_NUM_THREADS=$t "$PY" "$HERE/torch_mlp.py" --mnist "$DIR" --hidden "$h" --epochs "$EPOCHS")
			p2=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS=$t OPENBLAS_NUM_THREADS=$t "$PY" "$HERE/torch_mlp.py" --mnist "$DIR" --hidden "$h" --epochs "$EPOCHS")
			pe=$(echo "$p1" | best)
			pn=$(echo "$p2" | best)
			pa=$(echo "$p2" | acc)
			ratio=$(awk -v g="$gs" -v a="$pe" -v b="$pn" 'BEGIN { m = (a < b) ? a : b; printf "%.2f", g / m }')
		fi
		printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$h" "$t" "$gs" "$ga" "$pe" "$pn" "$pa" "$ratio"
	done
done

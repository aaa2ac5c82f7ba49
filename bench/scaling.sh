#!/usr/bin/env bash
# scaling.sh: brainsim alone on CUBA (or COBA) at growing sizes with a fixed
# in-degree of 80, on 1 and 2 threads. Prints loop and wall time, peak RSS,
# synapses, bytes per synapse (peak RSS / synapses) and wall time per
# synapse, for the linear-cost and memory checks of BENCHMARKS.md. Each row is
# the fastest of REPEAT runs (the machine is shared; the minimum is the least
# disturbed measurement).
#
#   SIZES="16000 64000 256000" THREADS="1 2" MODEL=cuba bench/scaling.sh
#   BRAINSIM_GOEXPERIMENT=""  for the plain (non-SIMD) build
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SIZES=${SIZES:-"4000 16000 64000 256000"}
THREADS=${THREADS:-"1 2"}
REPEAT=${REPEAT:-3}   # runs per row; the row shows the fastest (least disturbed) one
MODEL=${MODEL:-cuba}
BRAINSIM_GOEXPERIMENT=${BRAINSIM_GOEXPERIMENT-simd}
BIN=$(mktemp -d)/brainsim
trap 'rm -rf "$(dirname "$BIN")"' EXIT
(cd "$ROOT" && GOEXPERIMENT=$BRAINSIM_GOEXPERIMENT go build -o "$BIN" ./cmd/brainsim)
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install time" >&2; exit 1; }
echo "# scaling.sh $(date -u '+%F %T UTC'), nproc $(nproc), GOEXPERIMENT=${BRAINSIM_GOEXPERIMENT:-none}, model $MODEL"
echo
echo "| neurons | threads | synapses | rate Hz | loop s | wall s | peak RSS MB | B/synapse | wall ns/synapse |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in $SIZES; do
  for th in $THREADS; do
    best=""; bestloop=""
    for rep in $(seq "$REPEAT"); do
      o=$(GOMAXPROCS=$th /usr/bin/time -f %M -o /tmp/scaling.rss "$BIN" run "$MODEL" --set neurons="$n" --format json)
      l=$(python3 -c 'import json,sys; print(json.loads(sys.stdin.read())[0]["loop_s"])' <<< "$o")
      if [ -z "$bestloop" ] || python3 -c "import sys; sys.exit(0 if $l < $bestloop else 1)"; then
        best=$o; bestloop=$l; cp /tmp/scaling.rss /tmp/scaling.best.rss
      fi
    done
    out=$best
    rss=$(cat /tmp/scaling.best.rss)
    python3 - "$n" "$th" "$rss" <<PY
import json, sys
rows = json.loads('''$out''')
n, th, rss_kb = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
r = rows[0]
syn = r["synapses"]
rate = sum(x["spikes"] for x in rows) / sum(x["size"] for x in rows) / r["duration_s"]
print(f"| {n} | {th} | {syn:,} | {rate:.2f} | {r['loop_s']:.3f} | {r['wall_s']:.3f} | {rss_kb/1024:.0f} | {rss_kb*1024/syn:.1f} | {r['wall_s']/syn*1e9:.1f} |")
PY
  done
done

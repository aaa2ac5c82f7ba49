#!/usr/bin/env bash
# Side-by-side: brainsim vs Brian2 (numpy, cython, cpp_standalone) on the
# Brette et al. 2007 CUBA and COBA networks. Prints Markdown tables.
#
# Run from anywhere inside the repository:
#     bench/compare_brian2.sh
#     SIZES="4000 16000" SEEDS="1 2 3" bench/compare_brian2.sh
#
# Environment (all optional):
#   SIZES        network sizes                     (default "4000")
#   MODELS       models                            (default "cuba coba")
#   SEEDS        seeds, one run per seed            (default "1")
#   TARGETS      Brian2 targets                    (default "numpy cython cpp_standalone")
#   DELAYS       Brian2 synaptic delays in ms; 0 = Brian2 default (no delay)
#                                                  (default "0.1", which matches brainsim)
#   DURATION     simulated seconds                 (default 1)
#   THREADS      OpenMP threads for cpp_standalone (default 1)
#   PY           Python with Debian's Brian2       (default /usr/bin/python3)
#   COBA_VARIANTS  Brian2 COBA variants: brette2007 (the 2007 paper's Brian script: no
#                drive, random initial conductances; brainsim's shipped "coba" is this one)
#                and/or bias20 (constant 20 mV drive, v0 ~ N(-55, 5) mV, g0 = 0: the
#                ANNarchy/BrainPy COBA)           (default "brette2007")
#   BRAINSIM_COBA_VARIANT  which of those brainsim's "coba" is, for pairing rows (default brette2007)
#   BRIAN2_ARGS  extra arguments for brian2_brette.py (e.g. "--init uniform")
#   BRAINSIM_ARGS      extra arguments for "brainsim run MODEL --format json"
#   BRAINSIM_SEED_FLAG flag brainsim takes a seed with (default "--seed"; empty: never pass a seed)
#   BRAINSIM_SIZE_SET  template to run brainsim at other sizes, {N} replaced by the size,
#                      e.g. "--set populations.size={N}"; unset: brainsim runs only at 4000
#   CYTHON_WARMUP      1 (default): one short untimed cython run per model/size/delay first,
#                      so the cython rows show cached-extension times, not first compilation
#   BRAINSIM_BIN       use this brainsim binary instead of building /tmp/brainsim
#   RAW          file to keep the raw JSON rows in (default: a temp file, deleted)
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SIZES=${SIZES:-4000}
MODELS=${MODELS:-cuba coba}
SEEDS=${SEEDS:-1}
TARGETS=${TARGETS:-numpy cython cpp_standalone}
DELAYS=${DELAYS:-0.1}
DURATION=${DURATION:-1}
THREADS=${THREADS:-1}
PY=${PY:-/usr/bin/python3}
BRIAN2_ARGS=${BRIAN2_ARGS:-}
COBA_VARIANTS=${COBA_VARIANTS:-brette2007}
BRAINSIM_COBA_VARIANT=${BRAINSIM_COBA_VARIANT:-brette2007}
BRAINSIM_ARGS=${BRAINSIM_ARGS:-}
BRAINSIM_SEED_FLAG=${BRAINSIM_SEED_FLAG---seed}
BRAINSIM_SIZE_SET=${BRAINSIM_SIZE_SET---set neurons={N}}
# brainsim is built as a user gets it, go build with no GOEXPERIMENT (set
# BRAINSIM_GOEXPERIMENT to build otherwise), and run with
# GOMAXPROCS=$BRAINSIM_THREADS.
BRAINSIM_GOEXPERIMENT=${BRAINSIM_GOEXPERIMENT-}
BRAINSIM_THREADS=${BRAINSIM_THREADS:-1}
CYTHON_WARMUP=${CYTHON_WARMUP:-1}
# BRAINSIM_BIN set: use that binary as is (no go build); else build /tmp/brainsim.
BRAINSIM_PREBUILT=${BRAINSIM_BIN:-}
BRAINSIM_BIN=${BRAINSIM_BIN:-/tmp/brainsim}

WORK=$(mktemp -d /tmp/compare_brian2.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
RAWFILE=${RAW:-$WORK/rows.jsonl}
: > "$RAWFILE"
NOTES=$WORK/notes.txt
: > "$NOTES"
note() { echo "$*" >> "$NOTES"; echo "# $*" >&2; }

# A JSON-capable python for the table (stdlib only); Debian's is fine.
TABPY=$PY
[ -x "$TABPY" ] || TABPY=$(command -v python3)

TIME_BIN=/usr/bin/time
if [ ! -x "$TIME_BIN" ]; then
    note "GNU time missing (apt-get install time): brainsim peak RSS not measured"
    TIME_BIN=
fi

echo "# compare_brian2.sh: $(date -u '+%Y-%m-%d %H:%M:%S UTC'), nproc $(nproc), $(uname -m)" >&2

# ---------------------------------------------------------------- brainsim
BRAINSIM_OK=0
if [ -n "$BRAINSIM_PREBUILT" ]; then
    if [ -x "$BRAINSIM_PREBUILT" ]; then BRAINSIM_OK=1; else note "brainsim: $BRAINSIM_PREBUILT is not executable"; fi
elif ! command -v go >/dev/null 2>&1; then
    note "brainsim: not built yet (no go toolchain)"
elif ! (cd "$ROOT" && GOEXPERIMENT=$BRAINSIM_GOEXPERIMENT go build -o "$BRAINSIM_BIN" ./cmd/brainsim) > "$WORK/gobuild.log" 2>&1; then
    note "brainsim: not built yet (go build ./cmd/brainsim failed: $(head -c 300 "$WORK/gobuild.log" | tr '\n' ' '))"
else
    BRAINSIM_OK=1
    note "brainsim: built with GOEXPERIMENT=${BRAINSIM_GOEXPERIMENT:-(none)}, run with GOMAXPROCS=$BRAINSIM_THREADS"
fi

# run_brainsim MODEL N SEED -> appends one normalised row to $RAWFILE
run_brainsim() {
    local model=$1 n=$2 seed=$3 args=()
    [ -n "$BRAINSIM_SEED_FLAG" ] && args+=("$BRAINSIM_SEED_FLAG" "$seed")
    if [ "$n" != 4000 ]; then
        args+=(${BRAINSIM_SIZE_SET//\{N\}/$n})
    fi
    if [ "$DURATION" != 1 ]; then
        args+=(--set "experiment.duration=${DURATION}s")
    fi
    # shellcheck disable=SC2206
    args+=($BRAINSIM_ARGS)
    local out=$WORK/bs.json err=$WORK/bs.err rss=$WORK/bs.rss t0 t1 rc
    : > "$rss"
    t0=$(date +%s.%N)
    if [ -n "$TIME_BIN" ]; then
        (cd "$ROOT" && GOMAXPROCS=$BRAINSIM_THREADS "$TIME_BIN" -f %M -o "$rss" "$BRAINSIM_BIN" run "$model" --format json "${args[@]}") > "$out" 2> "$err"
    else
        (cd "$ROOT" && GOMAXPROCS=$BRAINSIM_THREADS "$BRAINSIM_BIN" run "$model" --format json "${args[@]}") > "$out" 2> "$err"
    fi
    rc=$?
    t1=$(date +%s.%N)
    if [ $rc -ne 0 ]; then
        note "brainsim run $model ${args[*]}: exit $rc: $(grep -v '^Command exited' "$err" | head -c 300 | tr '\n' ' ')"
        return 1
    fi
    "$TABPY" - "$out" "$rss" "$model" "$n" "$seed" "$t0" "$t1" "$BRAINSIM_COBA_VARIANT" >> "$RAWFILE" <<'EOF' || { note "brainsim $model: could not parse its JSON output"; return 1; }
import json, sys
out, rssf, model, n, seed, t0, t1, cvar = sys.argv[1:]
rows = json.load(open(out))
if isinstance(rows, dict):
    rows = rows.get('rows') or rows.get('populations') or [rows]
size = sum(r['size'] for r in rows)
spikes = sum(r.get('spikes', 0) for r in rows)
rate = sum(r['rate_hz'] * r['size'] for r in rows) / size
def pop(prefix, key='rate_hz'):
    sel = [r for r in rows if prefix in r['population'].lower()]
    s = sum(r['size'] for r in sel)
    if not s or any(r.get(key) is None for r in sel):
        return None
    return sum(r[key] * r['size'] for r in sel) / s
try:
    rss = int(open(rssf).read().split()[-1]) / 1024.0
except Exception:
    rss = None
r0 = rows[0]
print(json.dumps({
    'simulator': 'brainsim', 'target': 'go', 'model': model, 'neurons': size,
    'synapses': r0.get('synapses'), 'duration_s': r0.get('duration_s'),
    'rate_hz': rate, 'rate_exc_hz': pop('exc'), 'rate_inh_hz': pop('inh'),
    'cv_isi_exc': pop('exc', 'cv_isi'), 'cv_isi_inh': pop('inh', 'cv_isi'),
    'coba_variant': cvar if model == 'coba' else None,
    'loop_s': r0.get('loop_s'), 'wall_s': r0.get('wall_s'),
    'wall_ext_s': float(t1) - float(t0), 'compile_s': None,
    'peak_rss_mb': rss, 'peak_rss_sim_mb': rss, 'seed': int(seed),
    'delay_ms': None, 'requested_neurons': int(n), 'spikes': spikes}))
EOF
}

if [ $BRAINSIM_OK = 1 ]; then
    for n in $SIZES; do
        if [ "$n" != 4000 ] && [ -z "$BRAINSIM_SIZE_SET" ]; then
            note "brainsim: skipped N=$n (only the shipped 4000-neuron networks until --set of sizes lands; set BRAINSIM_SIZE_SET)"
            continue
        fi
        for model in $MODELS; do
            for seed in $SEEDS; do
                echo "# brainsim $model N=$n seed=$seed" >&2
                run_brainsim "$model" "$n" "$seed" || break
            done
        done
    done
fi

# ---------------------------------------------------------------- Brian2
BRIAN2_OK=1
if ! "$PY" -c 'import brian2' >/dev/null 2>&1; then
    note "Brian2 (python3-brian) is not installed for $PY: apt-get install -y python3-brian python3-numpy; Brian2 rows skipped"
    BRIAN2_OK=0
fi

if [ $BRIAN2_OK = 1 ]; then
    B2VER=$("$PY" -c 'import brian2; print(brian2.__version__)' 2>/dev/null)
    echo "# Brian2 $B2VER via $PY" >&2
    for n in $SIZES; do
        for model in $MODELS; do
            variants=-
            [ "$model" = coba ] && variants=$COBA_VARIANTS
            for variant in $variants; do
            vargs=()
            [ "$variant" != - ] && vargs=(--coba-variant "$variant")
            for delay in $DELAYS; do
                for target in $TARGETS; do
                    if [ "$target" = cython ] && [ "$CYTHON_WARMUP" = 1 ]; then
                        echo "# brian2 cython warm-up $model $variant N=$n delay=$delay" >&2
                        # shellcheck disable=SC2086
                        "$PY" "$HERE/brian2_brette.py" --model "$model" "${vargs[@]}" --neurons "$n" --duration 0.01 \
                            --target cython --delay "$delay" --json $BRIAN2_ARGS > /dev/null 2>&1
                    fi
                    for seed in $SEEDS; do
                        echo "# brian2 $target $model $variant N=$n delay=$delay seed=$seed" >&2
                        # shellcheck disable=SC2086
                        if ! "$PY" "$HERE/brian2_brette.py" --model "$model" "${vargs[@]}" --neurons "$n" \
                                --duration "$DURATION" --target "$target" --threads "$THREADS" \
                                --seed "$seed" --delay "$delay" --json $BRIAN2_ARGS \
                                > "$WORK/b2.json" 2> "$WORK/b2.err"; then
                            note "brian2 $target $model $variant N=$n seed=$seed failed: $(tail -c 300 "$WORK/b2.err" | tr '\n' ' ')"
                            continue
                        fi
                        tail -n 1 "$WORK/b2.json" >> "$RAWFILE"
                    done
                done
            done
            done
        done
    done
fi

# ---------------------------------------------------------------- tables
"$TABPY" - "$RAWFILE" "$NOTES" <<'EOF'
import json, sys
from collections import OrderedDict
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
notes = [l.rstrip('\n') for l in open(sys.argv[2]) if l.strip()]
TARGET_ORDER = ['go', 'numpy', 'cython', 'cpp_standalone']

def f(x, fmt='{:.3f}'):
    return '—' if x is None else fmt.format(x)

def mean(xs):
    xs = [x for x in xs if x is not None]
    return sum(xs) / len(xs) if xs else None

def mlabel(r):
    v = r.get('coba_variant')
    return r['model'].upper() + (f' ({v})' if v else '')

def sim(r):
    return 'brainsim' if r['simulator'] == 'brainsim' else f"brian2/{r['target']}"

def dlabel(d):
    return '—' if d is None else ('0 (none)' if d == 0 else f'{d:g}')

# brainsim reference per (model label, N): mean over its seeds
bs = {}
for r in rows:
    if r['simulator'] == 'brainsim':
        bs.setdefault((mlabel(r), r['neurons']), []).append(r)
bsref = {k: (mean([r['loop_s'] for r in v]), mean([r['wall_s'] for r in v])) for k, v in bs.items()}
for r in rows:
    ref = bs.get((mlabel(r), r['neurons']))
    if r['simulator'] != 'brainsim' and ref and ref[0].get('duration_s') not in (None, r['duration_s']):
        notes.append(f"durations differ: brainsim {ref[0]['duration_s']} s vs Brian2 {r['duration_s']} s; ratios are not comparable")
        break

def ratio(a, b):
    return None if a is None or not b else a / b

def key(r):
    return (mlabel(r), r['neurons'], r['simulator'] != 'brainsim',
            TARGET_ORDER.index(r['target']) if r['target'] in TARGET_ORDER else 9,
            -(r.get('delay_ms') or 0), r.get('seed') or 0)

for n in notes:
    print(f'**Note:** {n}')
    print()
print('| model | neurons | simulator/target | delay ms | seed | rate Hz (exc / inh) | CV ISI (exc / inh) | loop s | wall s | compile s | peak RSS MB (all / sim) | brainsim/Brian2 loop | brainsim/Brian2 wall |')
print('|---|---:|---|---:|---:|---|---|---:|---:|---:|---|---:|---:|')
for r in sorted(rows, key=key):
    ref = bsref.get((mlabel(r), r['neurons']))
    if r['simulator'] == 'brainsim' or ref is None:
        rl = rw = '—'
    else:
        rl = f(ratio(ref[0], r['loop_s']), '{:.2f}')
        rw = f(ratio(ref[1], r['wall_s']), '{:.2f}')
    rate = f"{f(r['rate_hz'], '{:.2f}')} ({f(r.get('rate_exc_hz'), '{:.2f}')} / {f(r.get('rate_inh_hz'), '{:.2f}')})"
    cv = f"{f(r.get('cv_isi_exc'), '{:.2f}')} / {f(r.get('cv_isi_inh'), '{:.2f}')}"
    rss = f"{f(r.get('peak_rss_mb'), '{:.0f}')} / {f(r.get('peak_rss_sim_mb'), '{:.0f}')}"
    print(f"| {mlabel(r)} | {r['neurons']} | {sim(r)} | {dlabel(r.get('delay_ms'))} | {r.get('seed', '—')} | {rate} | {cv} | "
          f"{f(r['loop_s'])} | {f(r['wall_s'], '{:.2f}')} | {f(r.get('compile_s'), '{:.2f}')} | {rss} | {rl} | {rw} |")

# summary over seeds
groups = OrderedDict()
for r in sorted(rows, key=key):
    groups.setdefault((mlabel(r), r['neurons'], sim(r), r.get('delay_ms')), []).append(r)
if any(len(v) > 1 for v in groups.values()):
    print()
    print('Summary over seeds (mean [min, max]):')
    print()
    print('| model | neurons | simulator/target | delay ms | seeds | rate Hz | exc Hz | inh Hz | CV ISI exc | loop s | wall s |')
    print('|---|---:|---|---:|---:|---|---|---|---:|---|---:|')
    for (m, n, s_, d), v in groups.items():
        def s(k, fmt='{:.2f}'):
            xs = [r.get(k) for r in v if r.get(k) is not None]
            if not xs:
                return '—'
            return f"{fmt.format(sum(xs)/len(xs))} [{fmt.format(min(xs))}, {fmt.format(max(xs))}]"
        print(f"| {m} | {n} | {s_} | {dlabel(d)} | {len(v)} | {s('rate_hz')} | {s('rate_exc_hz')} | {s('rate_inh_hz')} | "
              f"{f(mean([r.get('cv_isi_exc') for r in v]), '{:.2f}')} | {s('loop_s', '{:.3f}')} | {f(mean([r['wall_s'] for r in v]), '{:.2f}')} |")

la = [r['loadavg_1m'] for r in rows if r.get('loadavg_1m') is not None]
if la:
    print()
    print(f'Machine load (1-min load average at the end of each Brian2 run): {min(la):.1f} to {max(la):.1f}.')
print()
print('loop s: simulation loop only (brian2 cpp_standalone: device._last_run_time; runtime targets: '
      'net.run() after a 0-length warm-up run; brainsim: its loop_s). wall s: process start to result (includes imports, '
      'code generation and, for cpp_standalone, g++ compilation). compile s: make of the standalone project. '
      'peak RSS all: max of the process and its largest child (for cpp_standalone usually g++); '
      'sim: the simulating process alone (python, ./main, or the brainsim binary). '
      'CV ISI: per neuron (std/mean of its ISIs) averaged over the neurons with >= 3 spikes, as brainsim reports it. '
      'Ratios: brainsim mean over its seeds / this row (below 1 = brainsim faster). '
      'COBA (bias20): constant 20 mV drive, v0 ~ N(-55, 5) mV, g0 = 0 (ANNarchy/BrainPy COBA). '
      'COBA (brette2007): the 2007 paper\'s Brian script, no drive, random initial conductances (brainsim\'s shipped coba).')
EOF
if [ -n "${RAW:-}" ]; then echo "# raw rows kept in $RAW" >&2; fi
exit 0

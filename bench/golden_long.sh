#!/usr/bin/env bash
# Runs shipped experiments and compares their headline figures with the
# golden files of experiment/golden (testdata/long: the experiments too long
# for `go test`, holding the figures README.md, BENCHMARKS.md and the
# configs publish; testdata/golden: the ones TestGolden also runs).
#
#   bash bench/golden_long.sh [name...]     # default: every testdata/long file
#
# Each experiment runs once, one after the other, as
# `brainsim run <name> --out DIR --quiet` at its default seed (results.json
# has every figure, the tables included, unlike --format json), then
# bench/goldencheck prints PASS or FAIL per figure. The last lines are a
# summary per experiment; the exit status is 1 when any figure or run
# failed.
#
# Environment:
#   OUT=DIR        keep the runs in DIR/<name>/ (default: a temporary folder)
#   RESULTS=DIR    run nothing: check DIR/<name>/results.json (e.g. a
#                  fabricated or an earlier run)
#   GOEXPERIMENT   passed to go build (e.g. simd; the published figures
#                  are from the default build)
#
# Times in the default build on 2 cores: microcircuit about a minute
# (3 GB), rbm_dream 1.5 min, distal_reward 1.5 min, boltzmann_encoder a few
# minutes, compare_rules_mnist about 10 min, dbn_mnist 25 min, diehl_cook 10 CPU-min,
# sleep_consolidation about an hour.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
gdir=experiment/golden/testdata

bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/brainsim" ./cmd/brainsim || exit 2
go build -o "$bin/goldencheck" ./bench/goldencheck || exit 2

names=("$@")
if [ ${#names[@]} -eq 0 ]; then
	for f in "$gdir"/long/*.json; do
		n=${f##*/}
		names+=("${n%.json}")
	done
fi
out=${OUT:-$bin/runs}
mkdir -p "$out"

summary=()
failed=0
for n in "${names[@]}"; do
	g=$gdir/long/$n.json
	[ -f "$g" ] || g=$gdir/golden/$n.json
	if [ ! -f "$g" ]; then
		summary+=("FAIL $n: no golden file in $gdir/long or $gdir/golden")
		failed=1
		continue
	fi
	if [ -n "${RESULTS:-}" ]; then
		res=$RESULTS/$n/results.json
		[ -f "$res" ] || res=$RESULTS/$n
		echo "== $n: checking $res (nothing run)"
	else
		dir=$out/$n
		echo "== $n: brainsim run $n --out $dir"
		start=$(date +%s)
		"$bin/brainsim" run "$n" --out "$dir" --force --quiet >"$out/$n.stdout" 2>"$out/$n.stderr"
		st=$?
		if [ "$st" -ne 0 ]; then
			cat "$out/$n.stderr"
			summary+=("FAIL $n: the run failed (exit $st; stderr in $out/$n.stderr)")
			failed=1
			continue
		fi
		echo "   ran in $(($(date +%s) - start)) s"
		res=$dir/results.json
		# an experiment with [[variant]]s: one folder per variant
		[ -f "$res" ] || res=$dir
	fi
	"$bin/goldencheck" "$root/$g" "$res" >"$bin/check.txt" 2>&1
	st=$?
	cat "$bin/check.txt"
	last=$(tail -n 1 "$bin/check.txt")
	if [ "$st" -ne 0 ]; then
		failed=1
		[ -n "$last" ] || last="FAIL $n: goldencheck exit $st"
	fi
	summary+=("$last")
done

echo
echo "== summary"
for s in "${summary[@]}"; do
	echo "$s"
done
if [ "$failed" -ne 0 ]; then
	echo "golden_long: FAIL"
	exit 1
fi
echo "golden_long: PASS"

#!/usr/bin/env bash
# Regenerates every figure of README.md's "Checked against" table: one
# entry per row, in the table's order, each the command whose output holds
# the row's figures (a test run with -v, whose log lines print them; a
# brainsim run, whose tables print them; a peer script).
#
#   bash bench/results.sh [quick|long|peer|all] [ROW-PATTERN]
#
# quick (default): the rows that take seconds; long: minutes to an hour
# each (sleep_consolidation about an hour, diehl_cook about 11 CPU-minutes);
# peer: the reference side, run by the peers' own scripts (needs Debian's
# python3-brian and python3-numpy: apt-get install -y python3-brian
# python3-numpy); all: everything. ROW-PATTERN (a grep -E pattern) keeps
# the rows whose title matches, e.g. 'brunel|stdp_song'.
#
# Seeds are the README's: where a row gives seeds 1-10, the command loops
# over them. Nothing here compares: the golden files do that
# (go test ./experiment/golden; bench/golden_long.sh).
set -uo pipefail
cd "$(dirname "$0")/.."
which=${1:-quick}
pattern=${2:-.}
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/brainsim" ./cmd/brainsim || exit 2
B=$bin/brainsim
PY=/usr/bin/python3

# row KIND TITLE COMMAND...: run COMMAND (with bash -c) when KIND is
# selected and TITLE matches.
failed=0
row() {
	local kind=$1 title=$2
	shift 2
	[ "$which" = all ] || [ "$which" = "$kind" ] || return 0
	echo "$title" | grep -Eq -- "$pattern" || return 0
	echo
	echo "== $title  [$kind]"
	echo "\$ $*"
	bash -c "$*" || { echo "!! failed: $title"; failed=1; }
}
seeds() { # seeds FROM TO CMD...: CMD with --seed s for every seed
	local from=$1 to=$2
	shift 2
	for s in $(seq "$from" "$to"); do echo "-- seed $s"; "$@" --seed "$s"; done
}
export -f seeds
export B PY

row quick "LIF subthreshold decay and step response" "go test ./neuron -count 1 -v -run 'TestLIFDecay|TestLIFStepResponse'"
row quick "LIF firing period" "go test ./neuron -count 1 -v -run TestLIFFiringPeriod"
row quick "Exponential-current PSP" "go test ./neuron -count 1 -v -run TestLIFExpCurrentPSP"
row quick "Izhikevich RS/FS/IB/CH" "go test ./neuron -count 1 -v -run 'TestIzhikevichCellTypes|TestIzhikevichNetM'"
row quick "cuba, seeds 1-10" "seeds 1 10 \$B run cuba --quiet --format csv"
row peer "cuba, Brian2 seeds 1-10" "for s in \$(seq 1 10); do \$PY bench/brian2_brette.py --model cuba --target cpp_standalone --seed \$s --json; done"
row quick "coba, seeds 1-10" "seeds 1 10 \$B run coba --quiet --format csv"
row peer "coba, Brian2 seeds 1-10" "for s in \$(seq 1 10); do \$PY bench/brian2_brette.py --model coba --target cpp_standalone --seed \$s --json; done"
row quick "izhikevich, seeds 1-10" "seeds 1 10 \$B run izhikevich --quiet --format csv"
row peer "izhikevich, net.m in NumPy" "\$PY bench/izhikevich_netm.py --seeds 1-10"
row long "microcircuit, rates over 0.5-1.5 s" "\$B run microcircuit --quiet --set experiment.duration=1.5s"
row quick "minsky_papert" "\$B run minsky_papert --quiet"
row long "boltzmann_encoder, seeds from 1 and from 1000" "\$B run boltzmann_encoder --quiet && \$B run boltzmann_encoder --quiet --seed 1000"
row long "compare_rules_mnist" "\$B run compare_rules_mnist --quiet"
row long "dbn_mnist" "\$B run dbn_mnist --quiet"
row peer "compare_rules_mnist, PyTorch 1.13 MLPs, 10 epochs, seeds 1-3" "D=\$(go run ./bench/mlpepoch -print-dir); for h in 256 800; do for s in 1 2 3; do echo \"-- hidden \$h seed \$s\"; OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 \$PY bench/torch_mlp.py --mnist \$D --hidden \$h --epochs 10 --seed \$s | tail -2 | head -1; done; done"
row long "rbm_dream" "\$B run rbm_dream --quiet"
row quick "td_conditioning" "\$B run td_conditioning --quiet"
row quick "bandit" "\$B run bandit --quiet"
row quick "bandit, held-out seeds 10001-10200" "\$B run bandit --quiet --seed 10001"
row quick "td_conditioning_net" "\$B run td_conditioning_net --quiet"
row long "bandit_net, seeds 1-50" "seeds 1 50 \$B run bandit_net --quiet"
row quick "oja_pca, seeds 1-12" "seeds 1 12 \$B run oja_pca --quiet"
row quick "oja_pca, held-out seeds 101-112" "seeds 101 112 \$B run oja_pca --quiet"
row quick "bcm_selectivity, seeds 1-5" "seeds 1 5 \$B run bcm_selectivity --quiet"
row long "boltzmann_encoder_net, 50 runs, seeds 1 and 2" "seeds 1 2 \$B run boltzmann_encoder_net --quiet"
row long "vor, seeds 1-3" "seeds 1 3 \$B run vor --quiet"
row quick "forward_model, seeds 6-10" "seeds 6 10 \$B run forward_model --quiet"
row long "travelling_waves, seeds 1-3" "seeds 1 3 \$B run travelling_waves --quiet"
row long "spindles, seeds 1-6" "seeds 1 6 \$B run spindles --quiet"
row long "spindle_replay, seeds 1-3" "seeds 1 3 \$B run spindle_replay --quiet"
row quick "gridworld" "\$B run gridworld --quiet"
row long "gridworld_net, seeds 1-50" "seeds 1 50 \$B run gridworld_net --quiet"
row long "distal_reward, seeds 1-3" "seeds 1 3 \$B run distal_reward --quiet"
row long "sleep_consolidation, seeds 1-3" "\$B run sleep_consolidation --quiet"
row long "diehl_cook, seeds 1-3" "seeds 1 3 \$B run diehl_cook --quiet"
row quick "stdp_song, seeds 1-3" "seeds 1 3 \$B run stdp_song --quiet"
row peer "stdp_song, Brian2 seed 1" "\$PY bench/stdp_song_brian2.py --seed 1"
row quick "tsodyks_markram against Brian2" "go test ./experiment -count 1 -v -run TestTsodyksMarkramBrian2"
row peer "tsodyks_markram, the Brian2 trace" "\$PY bench/tsodyks_brian2.py | head -5"
row quick "brunel, seeds 1-3" "seeds 1 3 \$B run brunel --quiet"
row peer "brunel, Brian2 at the four points" "for p in '3 2' '5 2' '6 4' '4.5 0.9'; do set -- \$p; \$PY bench/brunel_brian2.py --g \$1 --eta \$2; done"
row quick "STDP window" "go test ./synapse -count 1 -v -run TestSTDPWindow && \$B run stdp_window --quiet"
row quick "Triplet STDP, 60 pairings at +10 ms" "go test ./synapse -count 1 -v -run TestTripletFrequency"
row quick "Tsodyks-Markram PSC amplitudes" "go test ./synapse -count 1 -v -run 'TestTsodyksMarkramRecursion|TestTsodyksMarkramSteadyState'"
row quick "Oja's rule (hebbian), 2-D and 5-D Gaussians" "go test ./hebbian -count 1 -v -run TestOjaPC1"
row quick "Boltzmann machine 4-2-4, AHS fixed-step sign rule" "go test ./boltzmann -count 1 -v -run Test424Sign"

echo
if [ "$failed" -ne 0 ]; then
	echo "results: some rows failed"
	exit 1
fi
echo "results: done"

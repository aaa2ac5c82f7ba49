#!/usr/bin/env bash
# Regenerates every assembly file (and its Go stubs) from internal/asmgen
# into a temporary folder and fails if one differs from the committed file
# (the first line, which names the command and its paths, aside): the
# assembly must be what the generator gives. CI runs it.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
while read -r kernels pkg dir asm stubs; do
	go run . -kernels "$kernels" -out "$tmp/$asm" -stubs "$tmp/$stubs" -pkg "$pkg"
	for f in "$asm" "$stubs"; do
		if ! diff -q <(tail -n +2 "$tmp/$f") <(tail -n +2 "$dir/$f") >/dev/null; then
			echo "asmgen: $dir/$f differs from what the generator gives (-kernels $kernels); regenerate it (see main.go)"
			status=1
		fi
	done
done <<'LIST'
lif neuron ../../neuron lif_amd64.s lif_stubs_amd64.go
gemm gemm ../gemm micro_amd64.s micro_stubs_amd64.go
sigmoid vecmath ../vecmath sigmoid_amd64.s sigmoid_stubs_amd64.go
dastdp synapse ../../synapse dastdp_amd64.s dastdp_stubs_amd64.go
ring synapse ../../synapse ring_amd64.s ring_stubs_amd64.go
LIST
exit $status

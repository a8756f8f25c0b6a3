#!/bin/bash
# Alternates oneDNN (conv_bench.cpp) and Synapse (the CLI's `bench conv2d` and synapse_passes.swift)
# at 1 and 2 threads, ROUNDS times (numbered from START), logging `uptime` before each; the machine is shared.
# Expects /tmp/conv_bench, /tmp/synapse_passes (see their headers) and a release `synapse` CLI
# (SYN_CLI, default .build/release/synapse). Output: $OUT_DIR/round<r>_<what>.txt
ROUNDS=${ROUNDS:-3}; START=${START:-1}; OUT_DIR=${OUT_DIR:-/tmp/onednn_runs}; SYN_CLI=${SYN_CLI:-.build/release/synapse}
mkdir -p "$OUT_DIR"
for r in $(seq "$START" $((START + ROUNDS - 1))); do
  for t in 1 2; do
    { echo "uptime: $(uptime)"; OMP_NUM_THREADS=$t /tmp/conv_bench 300; echo "uptime after: $(uptime)"; } > "$OUT_DIR/round${r}_onednn_${t}t.txt" 2>&1
    { echo "uptime: $(uptime)"; SYNAPSE_NUM_THREADS=$t "$SYN_CLI" bench conv2d; echo "uptime after: $(uptime)"; } > "$OUT_DIR/round${r}_cli_${t}t.txt" 2>&1
    { echo "uptime: $(uptime)"; SYNAPSE_NUM_THREADS=$t /tmp/synapse_passes 300; echo "uptime after: $(uptime)"; } > "$OUT_DIR/round${r}_passes_${t}t.txt" 2>&1
  done
done

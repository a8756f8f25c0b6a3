#!/usr/bin/env bash
# Test accuracy of the seed's MNIST CNN after N epochs over several seeds, Synapse and Keras:
# how far one run's figure moves with nothing but the seed.
#   scripts/mnist-seeds.sh [EPOCHS] [SEED ...]     (default: 2 epochs, seeds 0-7)
# Synapse runs `synapse bench mnist_cnn --seed S` (the same model, data, Adam and batch as
# `synapse examples run mnist`); Keras runs Benchmarks/reference/mnist_seeds_keras.py.
set -euo pipefail
cd "$(dirname "$0")/.."
epochs="${1:-2}"; shift || true
seeds=("$@"); [ ${#seeds[@]} -gt 0 ] || seeds=(0 1 2 3 4 5 6 7)
venv="${BENCH_VENV:-$HOME/.cache/synapse-bench-venv}"
shared="${SYNAPSE_SHARED:-../shared}"
swift build -c release --product synapse >/dev/null
for seed in "${seeds[@]}"; do
  .build/release/synapse bench mnist_cnn --data "$shared/data/mnist" --epochs "$epochs" --seed "$seed" \
    | python3 -c 'import json,sys; r=json.loads(sys.stdin.readlines()[-1]); print(json.dumps(dict(framework="synapse", seed=r["seed"], epochs=r["epochs"], test_accuracy=r["test_accuracy_per_epoch"])))'
done
SYNAPSE_SHARED="$shared" "$venv/bin/python" Benchmarks/reference/mnist_seeds_keras.py --epochs "$epochs" --seeds "${seeds[@]}"

#!/usr/bin/env bash
# Runs a Synapse benchmark and its reference (NumPy, PyTorch, Keras) in one run and prints the
# ratios. The reference environment comes from ../shared/bench/setup.sh ($BENCH_VENV).
#   scripts/bench.sh gemm | overhead | elementwise | cancer_mlp | house_mlp | mnist_cnn | cifar_cnn | mnist_load | csv_read | WORKLOAD
#   (any other workload of ../shared/bench/, against its Keras and PyTorch scripts)
# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are unset for both sides here only: they force slower
# kernels. The machine must be otherwise idle (no build running).
set -euo pipefail
cd "$(dirname "$0")/.."
workload="${1:?usage: scripts/bench.sh WORKLOAD [extra synapse bench options]}"
shift || true
venv="${BENCH_VENV:-$HOME/.cache/synapse-bench-venv}"
shared="${SYNAPSE_SHARED:-../shared}"
python="$venv/bin/python"
[ -x "$python" ] || { echo "No reference environment at $venv: run bash $shared/bench/setup.sh" >&2; exit 1; }

swift build -c release --product synapse >/dev/null
synapse=".build/release/synapse"
out=$(mktemp -d)
run() { env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$@"; }

case "$workload" in
  gemm)
    run "$synapse" bench gemm "$@" | tee "$out/synapse.jsonl"
    run "$python" "$shared/bench/gemm_bench.py" --lib numpy | tee "$out/reference.jsonl"
    ;;
  overhead)
    run "$synapse" bench overhead "$@" | tee "$out/synapse.jsonl"
    run "$python" Benchmarks/reference/overhead_torch.py | tee "$out/reference.jsonl"
    ;;
  elementwise)
    # Extra options go to both sides (--elements N, --min-seconds S), so the sizes match.
    run "$synapse" bench elementwise "$@" | tee "$out/synapse.jsonl"
    run "$python" Benchmarks/reference/elementwise_torch_numpy.py "$@" | tee "$out/reference.jsonl"
    ;;
  cancer_mlp|house_mlp)
    SYNAPSE_SHARED="$shared" "$python" Benchmarks/reference/export_mlp_data.py "$workload" "$out/data"
    run "$synapse" bench "$workload" --data "$out/data" "$@" | tee "$out/synapse.jsonl"
    for framework in keras torch; do
      run "$python" "$shared/bench/${framework}_bench.py" "$workload" | tee -a "$out/reference.jsonl"
    done
    ;;
  mnist_cnn)
    run "$synapse" bench mnist_cnn --data "$shared/data/mnist" "$@" | tee "$out/synapse.jsonl"
    for framework in keras torch; do
      run "$python" "$shared/bench/${framework}_bench.py" mnist_cnn | tee -a "$out/reference.jsonl"
    done
    ;;
  cifar_cnn)
    SYNAPSE_SHARED="$shared" "$python" Benchmarks/reference/export_cnn_data.py "$out/data"
    run "$synapse" bench cifar_cnn --data "$out/data" "$@" | tee "$out/synapse.jsonl"
    for framework in keras torch; do
      run "$python" "$shared/bench/${framework}_bench.py" cifar_cnn | tee -a "$out/reference.jsonl"
    done
    ;;
  mnist_load)
    # No reference: the goal is an absolute one (all of MNIST in under a second).
    run "$synapse" bench mnist_load --data "$shared/data/mnist" "$@" | tee "$out/synapse.jsonl"
    : > "$out/reference.jsonl"
    ;;
  csv_read)
    "$python" -c "import pandas" 2>/dev/null || "$venv/bin/pip" install -q pandas
    csv="${TMPDIR:-/tmp}/synapse-bench-100mb.csv"
    [ -f "$csv" ] || "$python" Benchmarks/reference/csv_pandas.py --make "$csv"
    run "$synapse" bench csv_read --data "$csv" "$@" | tee "$out/synapse.jsonl"
    run "$python" Benchmarks/reference/csv_pandas.py "$csv" | tee "$out/reference.jsonl"
    ;;
  *)
    run "$synapse" bench "$workload" "$@" | tee "$out/synapse.jsonl"
    for framework in keras torch; do
      run "$python" "$shared/bench/${framework}_bench.py" "$workload" | tee -a "$out/reference.jsonl"
    done
    ;;
esac
python3 scripts/compare.py "$out/synapse.jsonl" "$out/reference.jsonl"

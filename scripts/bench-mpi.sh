#!/usr/bin/env bash
# Data-parallel training on 1 and 2 ranks (docs/DISTRIBUTED.md, docs/BENCHMARKS.md): runs
# `synapse bench WORKLOAD` as one process with 2 threads, one process with 1 thread, and
# `mpirun -np 2` with 1 thread per rank — with the collectives' time limit (polled non-blocking
# calls, the default) and without (SYNAPSE_MPI_TIMEOUT=0: MPI's blocking calls) — REPEATS times
# each (default 3), and prints a table of medians: global samples/s, seconds per epoch and the
# all-reduce time per step on rank 0.
#   scripts/bench-mpi.sh mnist_cnn | house_mlp | cancer_mlp | cifar_cnn [extra synapse bench options, e.g. --epochs 2]
# The 1-minute load average is recorded with every run: other processes on the machine change
# the figures (check `uptime` first). Extra mpirun flags: MPIRUN_FLAGS="--bind-to none".
set -euo pipefail
cd "$(dirname "$0")/.."
workload="${1:?usage: scripts/bench-mpi.sh mnist_cnn|house_mlp|cancer_mlp|cifar_cnn [extra synapse bench options]}"
shift || true
repeats="${REPEATS:-3}"
shared="${SYNAPSE_SHARED:-../shared}"
command -v mpirun >/dev/null || { echo "mpirun is not installed (apt-get install openmpi-bin; scripts/ensure-deps.sh does)" >&2; exit 1; }

swift build -c release --product synapse >/dev/null
synapse=".build/release/synapse"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
data=()
case "$workload" in
  mnist_cnn) data=(--data "$shared/data/mnist") ;;
  cancer_mlp|house_mlp|cifar_cnn)
    python="${BENCH_VENV:-$HOME/.cache/synapse-bench-venv}/bin/python"
    if [ -x "$python" ]; then
      script=export_mlp_data.py; [ "$workload" = cifar_cnn ] && script=export_cnn_data.py
      args=("$workload" "$out/data"); [ "$workload" = cifar_cnn ] && args=("$out/data")
      SYNAPSE_SHARED="$shared" "$python" "Benchmarks/reference/$script" "${args[@]}" >/dev/null
      data=(--data "$out/data")
    else
      echo "No reference environment at $python: the workload's synthetic look-alike data is used." >&2
    fi ;;
  *) echo "bench-mpi.sh runs the training workloads only: mnist_cnn, house_mlp, cancer_mlp, cifar_cnn" >&2; exit 1 ;;
esac

root=(); [ "$(id -u)" = 0 ] && root=(--allow-run-as-root)
# shellcheck disable=SC2086
mpi=(mpirun "${root[@]}" --oversubscribe ${MPIRUN_FLAGS:-} -np 2 -x SYNAPSE_NUM_THREADS=1)
for repeat in $(seq "$repeats"); do
  for variant in "1 rank x 2 threads" "1 rank x 1 thread" "2 ranks x 1 thread" "2 ranks x 1, blocking"; do
    load=$(cut -d' ' -f1 /proc/loadavg)
    case "$variant" in
      "1 rank x 2 threads") line=$(SYNAPSE_NUM_THREADS=2 env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$synapse" bench "$workload" "${data[@]}" "$@") ;;
      "1 rank x 1 thread") line=$(SYNAPSE_NUM_THREADS=1 env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$synapse" bench "$workload" "${data[@]}" "$@") ;;
      "2 ranks x 1 thread") line=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "${mpi[@]}" "$synapse" bench "$workload" "${data[@]}" "$@") ;;
      *) line=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "${mpi[@]}" -x SYNAPSE_MPI_TIMEOUT=0 "$synapse" bench "$workload" "${data[@]}" "$@") ;;
    esac
    echo "$line" | tee -a "$out/records.jsonl" >&2
    printf '%s\t%s\t%s\n' "$variant" "$load" "$line" >> "$out/runs.tsv"
  done
done

python3 - "$out/runs.tsv" <<'PY'
import json, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    variant, load, record = line.rstrip("\n").split("\t", 2)
    rows.setdefault(variant, []).append((float(load), json.loads(record)))
print(f"{'variant':<22}{'runs':>5}{'samples/s':>12}{'s/epoch':>10}{'all-reduce ms/step':>20}{'final loss':>12}  load (1 min)")
for variant, runs in rows.items():
    records = [r for _, r in runs]
    med = lambda key: statistics.median(r[key] for r in records)
    allreduce = f"{1000 * med('allreduce_seconds_per_step'):.3f}" if "allreduce_seconds_per_step" in records[0] else "—"
    print(f"{variant:<22}{len(runs):>5}{med('samples_per_sec'):>12.0f}{med('epoch_seconds_median'):>10.3f}{allreduce:>20}"
          f"{med('final_loss'):>12.4f}  {', '.join(f'{l:.2f}' for l, _ in runs)}")
PY

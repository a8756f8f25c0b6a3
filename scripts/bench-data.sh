#!/usr/bin/env bash
# SynapseData benchmarks: load all of MNIST into tensors, and read a ~100 MB CSV, timed beside
# Pandas's read_csv of the same file in the same run (best of 3 each).
#   scripts/bench-data.sh [mnist-folder]
# Needs a Python with pandas for the comparison: $SYNAPSE_PYTHON, or the first of
# ~/.cache/synapse-bench-venv/bin/python, /tmp/dataref-venv/bin/python, python3 that imports it.
set -euo pipefail
cd "$(dirname "$0")/.."
MNIST="${1:-../shared/data/mnist}"
WORK="${TMPDIR:-/tmp}/synapse-data-bench"
CSV="$WORK/bench100.csv"
mkdir -p "$WORK"

swift build -c release --product synapse-data-bench >/dev/null
BENCH=.build/release/synapse-data-bench

PY=""
for candidate in "${SYNAPSE_PYTHON:-}" "$HOME/.cache/synapse-bench-venv/bin/python" /tmp/dataref-venv/bin/python python3; do
    if [ -n "$candidate" ] && "$candidate" -c "import pandas" 2>/dev/null; then PY="$candidate"; break; fi
done

if [ ! -f "$CSV" ]; then
    [ -n "$PY" ] || { echo "need a Python with pandas to generate $CSV" >&2; exit 1; }
    "$PY" - "$CSV" <<'PYEOF'
import sys, numpy as np, pandas as pd
rng = np.random.default_rng(0)
n = 1_200_000
df = pd.DataFrame(rng.normal(size=(n, 8)).round(6), columns=[f"x{i}" for i in range(8)])
df["cat"] = rng.choice(["alpha", "beta", "gamma"], size=n)
df["y"] = rng.integers(0, 1000, size=n)
df.to_csv(sys.argv[1], index=False)
PYEOF
fi
echo "csv_file $CSV $(( $(stat -c %s "$CSV") / 1000000 )) MB"

if [ -d "$MNIST" ]; then "$BENCH" mnist "$MNIST"; else echo "mnist folder $MNIST not found; skipped"; fi
"$BENCH" csv "$CSV"
if [ -n "$PY" ]; then
    "$PY" - "$CSV" <<'PYEOF'
import sys, time, pandas as pd
best = float("inf")
for _ in range(3):
    t = time.perf_counter(); frame = pd.read_csv(sys.argv[1]); best = min(best, time.perf_counter() - t)
print(f"pandas_read_csv_seconds {best:.3f}  {frame.shape[0]} rows x {frame.shape[1]} columns (pandas {pd.__version__})")
PYEOF
else
    echo "no Python with pandas found; Pandas comparison skipped"
fi

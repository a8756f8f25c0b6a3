"""Pandas reference for `synapse bench csv_read`: read_csv of the same file, one JSON line.

    python Benchmarks/reference/csv_pandas.py FILE.csv            (writes the file first when
    python Benchmarks/reference/csv_pandas.py --make FILE.csv      --make is given: ~100 MB)
"""
import json
import statistics
import sys
import time

import numpy as np
import pandas as pd

if sys.argv[1] == "--make":
    path = sys.argv[2]
    rng = np.random.default_rng(0)
    n = 1_200_000
    frame = pd.DataFrame(rng.normal(size=(n, 8)).round(6), columns=[f"x{i}" for i in range(8)])
    frame["cat"] = rng.choice(["alpha", "beta", "gamma"], size=n)
    frame["y"] = rng.integers(0, 1000, size=n)
    frame.to_csv(path, index=False)
    sys.exit(0)

path = sys.argv[1]
pd.read_csv(path)
times = []
for _ in range(5):
    t0 = time.perf_counter()
    frame = pd.read_csv(path)
    times.append(time.perf_counter() - t0)
print(json.dumps(dict(framework="pandas", framework_version=pd.__version__, workload="csv_read",
                      sec_median=statistics.median(times), sec_min=min(times), repeats=len(times),
                      loaded=f"{frame.shape[0]} rows x {frame.shape[1]} columns")))

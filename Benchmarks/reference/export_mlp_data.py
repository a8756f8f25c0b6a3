"""Writes the reference scripts' cancer / house arrays as raw little-endian float32 files, so
`synapse bench cancer_mlp|house_mlp --data DIR` trains on byte-identical data.

    python Benchmarks/reference/export_mlp_data.py WORKLOAD DIR   (run with the bench venv)
"""
import os
import sys

sys.path.insert(0, os.path.join(os.environ.get("SYNAPSE_SHARED", "../shared"), "bench"))
import common  # noqa: E402
import numpy as np  # noqa: E402

workload, out = sys.argv[1], sys.argv[2]
arrays = common.cancer() if workload == "cancer_mlp" else common.house()
os.makedirs(out, exist_ok=True)
for name, a in zip(["x_train", "y_train", "x_val", "y_val"], arrays):
    np.ascontiguousarray(a, dtype="<f4").tofile(os.path.join(out, name + ".f32"))

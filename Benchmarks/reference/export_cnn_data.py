"""Writes the reference scripts' synthetic CIFAR-like arrays (../shared/bench/common.py's cifar())
as raw little-endian float32 files, so `synapse bench cifar_cnn --data DIR` trains on
byte-identical data (mnist_cnn reads the MNIST files themselves).

    python Benchmarks/reference/export_cnn_data.py DIR   (run with the bench venv)
"""
import os
import sys

sys.path.insert(0, os.path.join(os.environ.get("SYNAPSE_SHARED", "../shared"), "bench"))
import common  # noqa: E402
import numpy as np  # noqa: E402

out = sys.argv[1]
x, y = common.cifar()
os.makedirs(out, exist_ok=True)
np.ascontiguousarray(x, dtype="<f4").tofile(os.path.join(out, "x.f32"))
np.ascontiguousarray(y, dtype="<f4").tofile(os.path.join(out, "y.f32"))

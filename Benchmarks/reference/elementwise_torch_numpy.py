"""PyTorch and NumPy reference for `synapse bench elementwise`: elementwise maps, row softmax
and axis sums on 4 M float32 values.

    $BENCH_VENV/bin/python Benchmarks/reference/elementwise_torch_numpy.py [--elements N] [--min-seconds S]

The same ops, sizes and figures as ElementwiseBenchmark.swift: x uniform in [-4, 4] (seeded),
[N / 1024, 1024] for the row ops; every result a new array, no gradients. Per op: warm-up, then
repeats until at least --min-seconds and 5 repeats; the median seconds per call, input elements
per second, and GB/s of the least traffic the op needs (input read once, result written once).
PyTorch runs on 2 threads, as ../shared/bench does; NumPy's ufuncs are single-threaded.
Prints one JSON line per framework x op.
"""
import argparse
import json
import os
import statistics
import time

import numpy as np
import torch

OPS = ["axpb", "exp", "tanh", "sigmoid", "relu", "softmax_rows", "sum_axis", "sum_axis0"]
A, B = 1.5, 0.25


def torch_ops(x, m):
    return {
        "axpb": lambda: x * A + B,
        "exp": lambda: torch.exp(x),
        "tanh": lambda: torch.tanh(x),
        "sigmoid": lambda: torch.sigmoid(x),
        "relu": lambda: torch.relu(x),
        "softmax_rows": lambda: torch.softmax(m, dim=1),
        "sum_axis": lambda: m.sum(dim=1),
        "sum_axis0": lambda: m.sum(dim=0),
    }


def numpy_softmax(m):
    e = np.exp(m - m.max(axis=1, keepdims=True))
    e /= e.sum(axis=1, keepdims=True)
    return e


def numpy_ops(x, m):
    return {
        "axpb": lambda: x * np.float32(A) + np.float32(B),
        "exp": lambda: np.exp(x),
        "tanh": lambda: np.tanh(x),
        "sigmoid": lambda: 1 / (1 + np.exp(-x)),
        "relu": lambda: np.maximum(x, np.float32(0)),
        "softmax_rows": lambda: numpy_softmax(m),
        "sum_axis": lambda: m.sum(axis=1),
        "sum_axis0": lambda: m.sum(axis=0),
    }


def busy_jiffies():
    with open("/proc/stat") as f:
        v = [int(t) for t in f.readline().split()[1:]]
    return sum(v[:8]) - v[3] - v[4]


def time_op(body, min_seconds, warmup=3):
    for _ in range(warmup):
        body()
    times = []
    while len(times) < 5 or sum(times) < min_seconds:
        t0 = time.perf_counter()
        y = body()
        times.append(time.perf_counter() - t0)
    assert y.dtype in (np.float32, torch.float32)
    return times


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--elements", type=int, default=4096 * 1024)
    p.add_argument("--min-seconds", type=float, default=1.5)
    p.add_argument("--frameworks", nargs="+", default=["torch", "numpy"])
    args, _ = p.parse_known_args()   # scripts/bench.sh passes synapse's options too

    torch.set_num_threads(2)
    columns = min(1024, args.elements)
    shape = [args.elements // columns, columns]
    n = shape[0] * shape[1]
    g = torch.Generator().manual_seed(42)
    xt = torch.rand(n, generator=g) * 8 - 4
    xn = xt.numpy().copy()
    inputs = {"torch": (xt, xt.reshape(shape)), "numpy": (xn, xn.reshape(shape))}
    makers = {"torch": torch_ops, "numpy": numpy_ops}
    versions = {"torch": torch.__version__, "numpy": np.__version__}
    threads = {"torch": torch.get_num_threads(), "numpy": 1}
    hz, ncpu = os.sysconf("SC_CLK_TCK"), os.cpu_count()

    for framework in args.frameworks:
        ops = makers[framework](*inputs[framework])
        for op in OPS:
            busy0, cpu0, wall0 = busy_jiffies(), time.process_time(), time.perf_counter()
            times = time_op(ops[op], args.min_seconds)
            wall = time.perf_counter() - wall0
            foreign = max(0.0, (busy_jiffies() - busy0) / hz - (time.process_time() - cpu0))
            # /proc/stat counts in 10 ms ticks: too coarse for a run shorter than half a second.
            foreign = min(1.0, round(foreign / (wall * ncpu), 3)) if wall >= 0.5 else None
            out = {"sum_axis": shape[0], "sum_axis0": shape[1]}.get(op, n)
            sec = statistics.median(times)
            print(json.dumps(dict(
                framework=framework, framework_version=versions[framework], workload="elementwise",
                op=op, n=n, dtype="float32", shape=shape if op in ("softmax_rows", "sum_axis", "sum_axis0") else [n],
                sec_median=sec, sec_min=min(times), repeats=len(times),
                elements_per_sec=n / sec, gb_per_sec=4 * (n + out) / sec / 1e9,
                threads=threads[framework],
                contention=dict(foreign_cpu_frac=foreign))), flush=True)


if __name__ == "__main__":
    main()

"""PyTorch reference for `synapse bench overhead`: the per-step cost of a small op chain.

    $BENCH_VENV/bin/python Benchmarks/reference/overhead_torch.py

x [32, 30] @ W [30, 30] + b [30], ReLU, sum, backward, clear the gradients; 2 threads, as
../shared/bench does. Prints one JSON line with sec_per_step_median.
"""
import json
import statistics
import time

import torch

torch.set_num_threads(2)
g = torch.Generator().manual_seed(0)
x = torch.randn(32, 30, generator=g)
w = (torch.randn(30, 30, generator=g) * 0.2).requires_grad_()
b = torch.zeros(30, requires_grad=True)
steps = 1000


def repeat():
    for _ in range(steps):
        y = torch.relu(x @ w + b).sum()
        y.backward()
        w.grad = None
        b.grad = None
    return y.item()


for _ in range(3):
    repeat()
times = []
while len(times) < 5 or sum(times) < 1.5:
    t0 = time.perf_counter()
    loss = repeat()
    times.append(time.perf_counter() - t0)
per_step = statistics.median(times) / steps
print(json.dumps(dict(framework="torch", framework_version=torch.__version__, workload="overhead",
                      sec_per_step_median=per_step, us_per_step_median=per_step * 1e6,
                      repeats=len(times), loss=loss)))

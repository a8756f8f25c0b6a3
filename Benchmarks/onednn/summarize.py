#!/usr/bin/env python3
"""Tables for RESULTS.md from run_rounds.sh's logs:  python3 summarize.py [/tmp/onednn_runs [7,8,9]]
(the optional second argument keeps only those rounds)

Every figure is the median over the rounds of one run's statistic: its median call (RAW, the
headline) or its 10th-percentile call (RAWP10, what the code does when the shared machine lets it
run; the passes of synapse_passes are differences of such figures)."""
import json, os, re, statistics, sys

d = sys.argv[1] if len(sys.argv) > 1 else "/tmp/onednn_runs"
FLOPS = {"A": 2 * 32 * 25 * 25 * 16 * 1 * 32, "B": 2 * 32 * 29 * 29 * 16 * 3 * 32,   # 2·n·oh·ow·kh·kw·c·f
         "C": 2 * 32 * 11 * 11 * 16 * 32 * 32, "C'": 2 * 32 * 12 * 12 * 16 * 32 * 32}
NAMES = {"A": "A mnist_conv1 28×28×1", "B": "B cifar_conv1 32×32×3", "C": "C cifar_conv2 14×14×32",
         "C'": "C' cifar_conv2 15×15×32"}
PASSES = ("forward", "backward-data", "backward-weights")
rounds = sorted({int(m.group(1)) for f in os.listdir(d) if (m := re.match(r"round(\d+)_", f))})
if len(sys.argv) > 2: rounds = [r for r in rounds if r in {int(x) for x in sys.argv[2].split(",")}]
rounds = [r for r in rounds if all(os.path.exists(f"{d}/round{r}_{w}_{t}t.txt") and "uptime after" in open(f"{d}/round{r}_{w}_{t}t.txt").read()
                                   for w in ("onednn", "cli", "passes") for t in (1, 2))]

def read(path):
    text = open(path).read()
    loads = re.findall(r"load average: ([\d.]+), [\d.]+, [\d.]+", text)
    raw = {}
    for line in text.splitlines():
        f = line.split()
        if f and f[0].startswith("RAW"):
            raw.setdefault(f[0], {})[f[1]] = [float(v) for v in f if re.fullmatch(r"-?[\d.]+", v)]
    return text, loads, raw

print(f"rounds: {rounds}")
on, ps, cli, loads = {}, {}, {}, {}
for r in rounds:
    for t in (1, 2):
        _, loads["onednn", r, t], on[r, t] = read(f"{d}/round{r}_onednn_{t}t.txt")
        _, loads["passes", r, t], ps[r, t] = read(f"{d}/round{r}_passes_{t}t.txt")
        text, loads["cli", r, t], _ = read(f"{d}/round{r}_cli_{t}t.txt")
        cli[r, t] = {j["shape"]: j for j in (json.loads(l) for l in text.splitlines() if l.startswith("{"))}

med = statistics.median
def gf(k, us): return FLOPS[k] / us / 1e3
def cell(k, us): return f"{us:.0f} ({gf(k, us):.0f})"

def tables(stat):
    print(f"\n### oneDNN, {stat}: µs (GFLOP/s)\n")
    print("| shape | pass | 1 thread, primitive | 1 thread, + NHWC/HWIO reorders | 2 threads, primitive | 2 threads, + reorders |")
    print("|---|---|---|---|---|---|")
    ON = {}
    for k in ("A", "B", "C", "C'"):
        for p, (ia, ib) in zip(PASSES, ((0, 1), (2, 3), (4, 5))):
            cells = []
            for t in (1, 2):
                for i, re_ in ((ia, False), (ib, True)):
                    v = med([on[r, t][stat][k][i] for r in rounds]); ON[k, p, t, re_] = v; cells.append(cell(k, v))
            print(f"| {NAMES[k]} | {p} | " + " | ".join(cells) + " |")
    print(f"\n### Synapse per pass (synapse_passes), {stat}: µs (GFLOP/s); ratio > 1: oneDNN faster\n")
    print("| shape | pass | 1 thread | 2 threads | Synapse ÷ oneDNN prim, 1T | 2T | Synapse ÷ oneDNN +reorders, 1T | 2T |")
    print("|---|---|---|---|---|---|---|---|")
    SY = {}
    for k in ("A", "B", "C", "C'"):
        for p, i in (("forward", 0), ("backward-data", 4), ("backward-weights", 3)):
            cells = []
            for t in (1, 2):
                v = med([ps[r, t][stat][k][i] for r in rounds]); SY[k, p, t] = v; cells.append(cell(k, v))
            for re_ in (False, True):
                for t in (1, 2):
                    cells.append(f"{SY[k, p, t] / ON[k, p, t, re_]:.1f}×")
            print(f"| {NAMES[k]} | {p} | " + " | ".join(cells) + " |")
    return ON, SY

ON, SY = tables("RAW")
ON10, SY10 = tables("RAWP10")

print("\n### Synapse CLI `bench conv2d` (medians, ms; forward has the fused ReLU; forward+backward computes ∂x on every shape)\n")
print("| shape | 1T forward | 1T fwd+bwd | 2T forward | 2T fwd+bwd | oneDNN all 3 passes 1T (prim / +reorders) | 2T (prim / +reorders) |")
print("|---|---|---|---|---|---|---|")
CLI = {}
for s, k in (("mnist_conv1", "A"), ("cifar_conv1", "B"), ("cifar_conv2", "C'")):
    cells = []
    for t in (1, 2):
        f = med([cli[r, t][s]["ms_forward_median"] for r in rounds]); b = med([cli[r, t][s]["ms_forward_backward_median"] for r in rounds])
        CLI[k, t] = (f, b); cells += [f"{f:.2f}", f"{b:.2f}"]
    for t in (1, 2):
        tot = [sum(ON[k, p, t, re_] for p in PASSES) / 1e3 for re_ in (False, True)]
        cells.append(f"{tot[0]:.2f} / {tot[1]:.2f}")
    print(f"| {s} {cli[rounds[0], 1][s]['input']} | " + " | ".join(cells) + " |")

print("\n### One CIFAR epoch: 313 batches × (conv1 forward + backward-weights; conv2 14×14 forward + backward-data + backward-weights), seconds\n")
print("| | 1 thread (medians) | 2 threads (medians) | 1 thread (p10) | 2 threads (p10) |")
print("|---|---|---|---|---|")
def ep_on(O, t, re_):
    return 313 * (O["B", "forward", t, re_] + O["B", "backward-weights", t, re_] + O["C", "forward", t, re_]
                  + O["C", "backward-data", t, re_] + O["C", "backward-weights", t, re_]) / 1e6
def ep_sy(S, t):
    return 313 * (S["B", "forward", t] + S["B", "backward-weights", t] + S["C", "forward", t]
                  + S["C", "backward-data", t] + S["C", "backward-weights", t]) / 1e6
def ep_cli(t):  # conv1 fwd+bwd (with the unneeded ∂x, ReLU) + conv2 at 15×15 scaled to 14×14 by FLOPs
    return 313 * (CLI["B", t][1] + CLI["C'", t][1] * FLOPS["C"] / FLOPS["C'"]) / 1e3
print("| oneDNN, primitives only (layouts kept blocked between layers) | " + " | ".join(f"{ep_on(O, t, False):.2f}" for O in (ON, ON10) for t in (1, 2)) + " |")
print("| oneDNN, + NHWC/HWIO reorders around every call | " + " | ".join(f"{ep_on(O, t, True):.2f}" for O in (ON, ON10) for t in (1, 2)) + " |")
print("| Synapse, sum of its passes (synapse_passes) | " + " | ".join(f"{ep_sy(S, t):.2f}" for S in (SY, SY10) for t in (1, 2)) + " |")
print("| Synapse, from the CLI (conv1 with ∂x; conv2 15→14 by FLOPs) | " + " | ".join(f"{ep_cli(t):.2f}" for t in (1, 2)) + " | – | – |")
for name, O, S in (("medians", ON, SY), ("p10", ON10, SY10)):
    print(f"\nratio Synapse ÷ oneDNN ({name}): " + ", ".join(
        f"{t}T prim {ep_sy(S, t) / ep_on(O, t, False):.1f}×, +reorders {ep_sy(S, t) / ep_on(O, t, True):.1f}×" for t in (1, 2)))

print("\n### Load averages (1-minute, before / after each run)\n")
print("| round | oneDNN 1T | CLI 1T | passes 1T | oneDNN 2T | CLI 2T | passes 2T |")
print("|---|---|---|---|---|---|---|")
for r in rounds:
    print(f"| {r} | " + " | ".join(" / ".join(loads[w, r, t]) for t in (1, 2) for w in ("onednn", "cli", "passes")) + " |")

print("\n### Per-round medians (µs; oneDNN: fwd, fwd+reord, bwd_d, bwd_d+reord, bwd_w, bwd_w+reord; passes: fwd, fwd+bwd_w, fwd+bwd_w+bwd_d, bwd_w, bwd_d; CLI ms: fwd / fwd+bwd)\n")
for r in rounds:
    for t in (1, 2):
        print(f"- r{r} {t}T oneDNN: " + "; ".join(f"{k} " + " ".join(f"{v:.0f}" for v in vs) for k, vs in on[r, t]["RAW"].items()))
        print(f"- r{r} {t}T passes: " + "; ".join(f"{k} " + " ".join(f"{v:.0f}" for v in vs) for k, vs in ps[r, t]["RAW"].items()))
        print(f"- r{r} {t}T CLI: " + "; ".join(f"{s} {j['ms_forward_median']:.2f} / {j['ms_forward_backward_median']:.2f}" for s, j in cli[r, t].items()))

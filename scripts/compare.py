"""Prints Synapse's figures beside the references' from JSON lines of one run.

    python3 scripts/compare.py synapse.jsonl reference.jsonl

Rates (GFLOP/s) compare as synapse / reference; times (seconds per epoch or step) as
reference / synapse, so a ratio above 1 always means Synapse is faster. Records with an "op"
(the elementwise workload) print as one table per workload: a row per op, a column per
framework's elements per second, and Synapse's ratio to each reference.
"""
import json
import sys


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.startswith("{")]


def key(record):
    return (record.get("workload"), record.get("n"), record.get("op"))


def op_table(workload, mine, refs):
    """Elements per second per op: Synapse, each reference framework, Synapse / reference."""
    frameworks = []
    for r in refs:
        if r.get("framework") not in frameworks:
            frameworks.append(r.get("framework"))
    names = {"torch": "PyTorch", "numpy": "NumPy"}
    label = lambda f: names.get(f, str(f))
    print("\n%s (elements/s; ratio = Synapse / reference, >1 = Synapse faster)" % workload)
    header = "%-14s %12s" % ("op", "Synapse")
    header += "".join(" %12s" % label(f) for f in frameworks)
    header += "".join(" %16s" % ("Syn/" + label(f)) for f in frameworks)
    print(header)
    versions = ", ".join("%s %s" % (label(r["framework"]), r["framework_version"])
                         for r in {r["framework"]: r for r in refs if "framework_version" in r}.values())
    by_framework = {(r.get("framework"), r.get("n"), r.get("op")): r for r in refs}
    for r in mine:
        row = "%-14s %12.4g" % (r["op"], r["elements_per_sec"])
        ratios = ""
        for f in frameworks:
            ref = by_framework.get((f, r.get("n"), r["op"]))
            if ref is None:
                row += " %12s" % "-"
                ratios += " %16s" % "-"
            else:
                row += " %12.4g" % ref["elements_per_sec"]
                ratios += " %15.2fx" % (r["elements_per_sec"] / ref["elements_per_sec"])
        print(row + ratios)
    if versions:
        print("(%s)" % versions)


ours_list = load(sys.argv[1])
refs = load(sys.argv[2])
ours = {key(r): r for r in ours_list}

plain = [r for r in refs if "op" not in r]
if plain or not refs:
    print("\n%-10s %-6s %-12s %14s %14s %8s" % ("workload", "n", "reference", "synapse", "reference", "ratio"))
for ref in plain:
    mine = ours.get(key(ref))
    if mine is None:
        continue
    for field, higher_is_better in (("gflops_median", True), ("epoch_seconds_median", False),
                                    ("sec_per_step_median", False), ("sec_median", False)):
        if field in ref and field in mine:
            a, b = mine[field], ref[field]
            ratio = a / b if higher_is_better else b / a
            print("%-10s %-6s %-12s %14.6g %14.6g %7.2fx  (%s; >1 = Synapse faster)" % (
                ref["workload"], ref.get("n", ""), ref.get("framework"), a, b, ratio, field))
            break   # the first field both have is the workload's figure

for workload in dict.fromkeys(r["workload"] for r in ours_list if "op" in r):
    op_table(workload, [r for r in ours_list if r.get("workload") == workload and "op" in r],
             [r for r in refs if r.get("workload") == workload and "op" in r])

# The cores' round trip after Synapse's run (synapse bench records it for training workloads):
# ~60-120 ns when the VM's two vCPUs share a cache, ~300-430 ns when they sit far apart, which
# slows every framework's two-thread epoch (docs/BENCHMARKS.md).
for r in ours_list:
    if r.get("core_round_trip_ns") is not None:
        print("core round trip after Synapse's run: %d ns" % r["core_round_trip_ns"])
        break

"""Prints Synapse's figures beside the references' from JSON lines of one run.

    python3 scripts/compare.py synapse.jsonl reference.jsonl

Rates (GFLOP/s) compare as synapse / reference; times (seconds per epoch or step) as
reference / synapse, so a ratio above 1 always means Synapse is faster.
"""
import json
import sys


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.startswith("{")]


def key(record):
    return (record.get("workload"), record.get("n"))


ours = {key(r): r for r in load(sys.argv[1])}
print("\n%-10s %-6s %-12s %14s %14s %8s" % ("workload", "n", "reference", "synapse", "reference", "ratio"))
for ref in load(sys.argv[2]):
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

#!/usr/bin/env python3
"""Solves Melange instances (the authors' JSON format) the way the authors do: their
binary-per-slice ILP (melange-release, melange/solver.py) through PuLP with its bundled CBC,
and also our slices-per-type ILP through the same CBC, timing both.

    pip install pulp
    (cd Benchmarks && swift run -c release dse-bench melange --export /tmp/melange-instances)
    python3 scripts/melange-pulp-cbc.py /tmp/melange-instances

The authors' code divides by a throughput of 0; here a zero throughput means "cannot serve" and
gets no variable, as in DSEKit. Everything else follows their model: x[slice][gpu] binary,
each slice assigned once, sum of slice_rate / throughput over a type's slices <= its count.
"""
import glob
import json
import os
import sys
import time

import pulp


def instance(path):
    with open(path) as f:
        config = json.load(f)
    gpus = list(config["gpu_info"])
    rows, cols = len(config["workload_distribution"]), len(config["workload_distribution"][0])
    rates = [config["workload_distribution"][i][j] * config["total_request_rate"] for i in range(rows) for j in range(cols)]
    tputs = {g: [config["gpu_info"][g]["tputs"][i][j] for i in range(rows) for j in range(cols)] for g in gpus}
    cost = {g: config["gpu_info"][g]["cost"] for g in gpus}
    return gpus, rates, tputs, cost, int(config["slice_factor"])


def solve(path, per_slice):
    gpus, rates, tputs, cost, sf = instance(path)
    problem = pulp.LpProblem("GpuAllocation", pulp.LpMinimize)
    count = {g: pulp.LpVariable(f"y_{k}", lowBound=0, cat=pulp.LpInteger) for k, g in enumerate(gpus)}
    load = {g: [] for g in gpus}
    for b, rate in enumerate(rates):
        if rate <= 0:
            continue
        servers = [g for g in gpus if tputs[g][b] > 0]
        if per_slice:
            for s in range(sf):
                x = {g: pulp.LpVariable(f"x_{b}_{s}_{k}", cat=pulp.LpBinary) for k, g in enumerate(servers)}
                problem += pulp.lpSum(x.values()) == 1
                for g in servers:
                    load[g].append(x[g] * (rate / sf) / tputs[g][b])
        else:
            n = {g: pulp.LpVariable(f"n_{b}_{k}", lowBound=0, upBound=sf, cat=pulp.LpInteger) for k, g in enumerate(servers)}
            problem += pulp.lpSum(n.values()) == sf
            for g in servers:
                load[g].append(n[g] * (rate / sf) / tputs[g][b])
    for g in gpus:
        problem += pulp.lpSum(load[g]) <= count[g]
    problem += pulp.lpSum(cost[g] * count[g] for g in gpus)
    start = time.perf_counter()
    problem.solve(pulp.PULP_CBC_CMD(msg=0, timeLimit=60))
    seconds = time.perf_counter() - start
    return seconds, pulp.LpStatus[problem.status], pulp.value(problem.objective)


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "/tmp/melange-instances"
    files = sorted(glob.glob(os.path.join(folder, "*.json")), key=lambda p: (len(p), p))
    if not files:
        sys.exit(f"no *.json instances in {folder}")
    print(f"PuLP {pulp.__version__} with its bundled CBC; time limit 60 s")
    print(f"{'instance':<24}{'authors (binary per slice)':>30}{'ours (slices per type)':>30}")
    for path in files:
        t1, s1, c1 = solve(path, per_slice=True)
        t2, s2, c2 = solve(path, per_slice=False)
        print(f"{os.path.basename(path):<24}{t1:>10.3f} s {s1:>9} {c1:>7.2f}{t2:>10.3f} s {s2:>9} {c2:>7.2f}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Run DRAMSys (the binary ArchGym ships) on random controller configurations and write a CSV.

Makes problems/memory-controller/validation/dramsys-archgym-sample.csv, the held-out reference the
DRAM model is compared with (Tests/CostModelsTests/DRAMSysValidationTests.swift). Needs a checkout
of srivatsankrishnan/oss-arch-gym (not available in CI; the CSV is committed):

    scripts/dramsys-reference.py OSS_ARCH_GYM_CHECKOUT [--per-trace 60] [--seed 2026] [--traces T.stl ...] \
        [--memspec M.json --address-mapping A.json] > out.csv

`--traces` names trace files (default: ArchGym's four, from the checkout); other files are copied
into DRAMSys's trace folder first (e.g. problems/memory-controller/traces/random-rw.stl).
`a.stl+b.stl` runs several initiators, one trace player per file (the `trace` column keeps the `+`).
`--memspec` and `--address-mapping` choose the device (default: ArchGym's DDR3 part and mapping);
files outside the checkout are copied in (e.g. problems/memory-controller/devices/*.json). The
trace player runs at 800 MHz (ArchGym's traces) whatever the memory clock.

It copies sims/DRAM/DRAMSys/library (memspecs, address maps, traces) and the prebuilt
sims/DRAM/binary/DRAMSys/DRAMSys into a temporary folder, writes one mcconfig per run with
ArchGym's fixed settings (CmdMux Oldest, PowerDownPolicy NoPowerDown), the DDR3 simulation of
ddr3-example.json with the trace replaced, and reads DRAMSys's "Total Time", "Total Energy" and
"Average Power" lines. Configurations are drawn uniformly from ArchGym's GA/BO ranges.
"""
import argparse, csv, json, os, random, re, shutil, subprocess, sys, tempfile

KNOBS = ["PagePolicy", "Scheduler", "SchedulerBuffer", "RequestBufferSize", "RespQueue", "RefreshPolicy",
         "RefreshMaxPostponed", "RefreshMaxPulledin", "Arbiter", "MaxActiveTransactions"]
SPACE = {"PagePolicy": ["Open", "OpenAdaptive", "Closed", "ClosedAdaptive"], "Scheduler": ["Fifo", "FrFcfsGrp", "FrFcfs"],
         "SchedulerBuffer": ["Bankwise", "ReadWrite", "Shared"], "RequestBufferSize": list(range(1, 9)), "RespQueue": ["Fifo", "Reorder"],
         "RefreshPolicy": ["NoRefresh", "AllBank"], "RefreshMaxPostponed": list(range(1, 9)), "RefreshMaxPulledin": list(range(1, 9)),
         "Arbiter": ["Simple", "Fifo", "Reorder"], "MaxActiveTransactions": list(range(1, 129))}
TRACES = ["stream.stl", "random.stl", "cloud-1.stl", "cloud-2.stl"]


def simulate(library, config, trace, tag, memspec="MICRON_1Gb_DDR3-1600_8bit_G.json",
             mapping="am_ddr3_8x1Gbx8_dimm_p1KB_rbc.json"):
    mc = {"CmdMux": "Oldest", "PowerDownPolicy": "NoPowerDown", **config}
    with open(os.path.join(library, "resources/configs/mcconfigs", f"{tag}.json"), "w") as f:
        json.dump({"mcconfig": mc}, f)
    simulation = {"simulation": {"addressmapping": mapping, "mcconfig": f"{tag}.json",
                                 "memspec": memspec, "simconfig": "ddr3.json", "simulationid": tag,
                                 "thermalconfig": "config.json", "tracesetup": [{"clkMhz": 800, "name": name} for name in trace.split("+")]}}
    with open(os.path.join(library, "simulations", f"{tag}.json"), "w") as f:
        json.dump(simulation, f)
    run = subprocess.run(["./DRAMSys", f"simulations/{tag}.json", "resources/"], cwd=library, capture_output=True, text=True, timeout=600)
    out = run.stdout + run.stderr
    time = re.search(r"Total Time:\s+([\d.]+) (ns|ps)", out)
    energy = re.search(r"Total Energy:\s+([\d.]+) pJ", out)
    power = re.search(r"Average Power:\s+([\d.]+) mW", out)
    if not (time and energy and power):
        sys.exit(f"DRAMSys gave no result for {trace} {config}:\n{out[-1500:]}")
    nanoseconds = float(time.group(1)) / (1000 if time.group(2) == "ps" else 1)
    return nanoseconds, float(energy.group(1)), float(power.group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkout")
    parser.add_argument("--per-trace", type=int, default=60)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--traces", nargs="+", default=TRACES)
    parser.add_argument("--memspec", default="MICRON_1Gb_DDR3-1600_8bit_G.json")
    parser.add_argument("--address-mapping", default="am_ddr3_8x1Gbx8_dimm_p1KB_rbc.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        library = os.path.join(scratch, "library")
        shutil.copytree(os.path.join(args.checkout, "sims/DRAM/DRAMSys/library"), library)
        shutil.copy(os.path.join(args.checkout, "sims/DRAM/binary/DRAMSys/DRAMSys"), library)
        os.chmod(os.path.join(library, "DRAMSys"), 0o755)
        for path, folder in [(args.memspec, "memspecs"), (args.address_mapping, "amconfigs")]:
            if os.path.exists(path):
                shutil.copy(path, os.path.join(library, "resources/configs", folder))
        memspec, mapping = os.path.basename(args.memspec), os.path.basename(args.address_mapping)
        names = []
        for group in args.traces:
            for trace in group.split("+"):
                if os.path.exists(trace):
                    shutil.copy(trace, os.path.join(library, "resources/traces"))
            names.append("+".join(os.path.basename(trace) for trace in group.split("+")))
        rng = random.Random(args.seed)
        out = csv.writer(sys.stdout, lineterminator="\n")
        out.writerow(["trace"] + KNOBS + ["total_time_ns", "energy_pj", "average_power_mw"])
        for trace in names:
            for i in range(args.per_trace):
                config = {k: rng.choice(v) for k, v in SPACE.items()}
                ns, pj, mw = simulate(library, config, trace, f"dse_{i}", memspec, mapping)
                out.writerow([trace] + [config[k] for k in KNOBS] + [f"{ns:g}", f"{pj:.2f}", f"{mw:g}"])


if __name__ == "__main__":
    main()

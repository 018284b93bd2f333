#!/usr/bin/env bash
# Runs a sweep as a 3-task Slurm job array on a private single-node Slurm (slurm-local, from the
# project's shared tools), merges the parts and compares them with the unsharded run.
# Needs root (slurm-local installs Debian's slurm packages if missing). Used by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
# CI lays a copy of the project's shared/ folder beside the clone.
slurm_local=${SLURM_LOCAL:-$root/../shared/tools/slurm-local}
if [ ! -x "$slurm_local" ]; then
  echo "slurm integration: SKIPPED: slurm-local not found at $slurm_local (set SLURM_LOCAL to its path)" >&2
  exit 0
fi
dse=${DSE:-$root/.build/debug/dse}
sweep=problems/sweeps/melange-example-rates.yaml
[ -x "$dse" ] || swift build --product dse
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The shipped sweeps read problems in sibling folders: allow the repository.
"$dse" batch "$sweep" --jobs 2 --out "$work/whole.csv" --allow-paths "$root" 2>/dev/null
"$slurm_local" -a 1-3 -C "$root" \
  "'$dse' batch '$sweep' --jobs 1 --shard \$SLURM_ARRAY_TASK_ID/\$SLURM_ARRAY_TASK_COUNT --out '$work/part'\$SLURM_ARRAY_TASK_ID.csv --allow-paths '$root'"
"$dse" merge "$work/merged.csv" "$work/part1.csv" "$work/part2.csv" "$work/part3.csv" --sweep "$sweep" --allow-paths "$root"

# The same rows, ignoring solve times and order.
python3 - "$work/whole.csv" "$work/merged.csv" <<'PY'
import csv, sys
def rows(path):
    with open(path, newline="") as f:
        table = list(csv.reader(f))
    drop = table[0].index("solve_seconds")
    return sorted(tuple(c for i, c in enumerate(r) if i != drop) for r in table)
whole, merged = rows(sys.argv[1]), rows(sys.argv[2])
if whole != merged:
    sys.exit(f"slurm integration: merged shards differ from the unsharded run ({len(merged)} vs {len(whole)} rows)")
print(f"slurm integration: {len(whole) - 1} runs over 3 array tasks equal the unsharded batch")
print("slurm-integration: 1 passed, 0 failed")
PY

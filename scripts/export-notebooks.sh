#!/usr/bin/env bash
# Rebuilds notebooks-export/NAME.ipynb for every shipped sweep problems/sweeps/NAME.yaml from its
# committed results (the sweep's `out:`), with `dse report --notebook`. Set SOURCE_DATE_EPOCH to
# fix the date written into the notebooks.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product dse >/dev/null
dse=$(swift build --product dse --show-bin-path)/dse
for sweep in problems/sweeps/*.yaml; do
  name=$(basename "$sweep" .yaml)
  out=$(sed -n 's/^out: *//p' "$sweep")
  [ -n "$out" ] || { echo "export-notebooks: $sweep has no out:, skipped" >&2; continue; }
  results=$(cd problems/sweeps && realpath --relative-to=../.. "$out")
  "$dse" report "$results" --sweep "$sweep" --allow-paths . --notebook "notebooks-export/$name.ipynb"
done

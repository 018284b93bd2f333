#!/usr/bin/env bash
# Checks what `dse report` makes outside Swift's own tests:
#  1. every notebook in notebooks-export/ is valid nbformat 4 (the nbformat package), embeds its
#     data, and re-executes without error under nbconvert (Jupyter, pandas, matplotlib from PyPI,
#     installed into a virtual environment under .build/);
#  2. an SVG drawn by `dse report` renders in headless Chromium (Debian's package) to a picture
#     that has the plot's colours in it, not a blank page.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh chromium fonts-dejavu-core
command -v python3 >/dev/null || scripts/install-deps.sh python3 python3-venv
venv=.build/report-check-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" 2>/dev/null || { scripts/install-deps.sh python3-venv && python3 -m venv "$venv"; }
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check nbformat nbconvert ipykernel pandas matplotlib pillow
"$venv/bin/python" -m ipykernel install --sys-prefix --name python3 >/dev/null

echo "check-reports: notebooks" >&2
"$venv/bin/python" scripts/check-notebooks.py notebooks-export/*.ipynb 2> >(grep -v "Kernel is running over TCP" >&2)

echo "check-reports: an SVG in headless Chromium" >&2
swift build --product dse >/dev/null
dse=$(swift build --product dse --show-bin-path)/dse
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
"$dse" report results/memory-controller-engines.csv --where trace=traces/stream.stl --out "$scratch/convergence.svg" >/dev/null
size=$(sed -n 's/.*<svg [^>]* width="\([0-9.]*\)" height="\([0-9.]*\)".*/\1,\2/p' "$scratch/convergence.svg" | head -1)
timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="${size%%.*}" \
  --screenshot="$scratch/convergence.png" "file://$scratch/convergence.svg" >/dev/null 2>&1 || true
"$venv/bin/python" - "$scratch/convergence.png" <<'PY'
import sys
from PIL import Image

image = Image.open(sys.argv[1]).convert("RGB")
colours = image.getcolors(maxcolors=1 << 20) or []
def near(rgb, target):
    return sum(abs(a - b) for a, b in zip(rgb, target)) < 40
# The first series is drawn in #0072B2, the second in #E69F00.
blue = sum(n for n, rgb in colours if near(rgb, (0x00, 0x72, 0xB2)))
orange = sum(n for n, rgb in colours if near(rgb, (0xE6, 0x9F, 0x00)))
assert len(colours) > 20, f"the rendered SVG looks blank ({len(colours)} colours)"
assert blue > 20 and orange > 20, f"the series colours are missing (blue {blue} px, orange {orange} px)"
print(f"ok Chromium rendered {image.size[0]}×{image.size[1]} px, {len(colours)} colours, series pixels: blue {blue}, orange {orange}")
PY

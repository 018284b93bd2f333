#!/bin/sh
# A stand-in for a simulator: an analytical model of one 512×512×512 GEMM on a systolic array,
# in POSIX sh + awk so that it runs on any machine (CI included). DSEKit's `search` family runs
# it once per configuration:   systolic-array.sh ROWS COLUMNS BUFFER_KIB DATAFLOW
# and reads the last line of its output as the metrics. It refuses (exit 2, a failed point)
# configurations whose tiles do not fit the buffer, as a real simulator refuses a bad config.
#
# Model (int8, 1 byte per element; 16 bytes/cycle of DRAM bandwidth):
#   tiles      = ceil(M/rows) · ceil(N/cols); each tile streams K elements through the array
#   compute    = tiles · (K + rows + cols) cycles (fill and drain per tile)
#   traffic    = ws: A read once per column tile, B once;  os: A once per column tile, B once per
#                row tile; is: B once per row tile, A once. Outputs written once.
#   latency    = max(compute, traffic / 16) cycles
#   area       = 0.0025 mm² per PE + 0.012 mm² per KiB of buffer
#   energy     = 0.2 pJ per MAC + 20 pJ per DRAM byte (in µJ)
#   fits       = the tile's working set (rows·K or cols·K elements for the stationary operand,
#                plus rows·cols outputs) ≤ the buffer
set -eu
if [ "$#" -ne 4 ]; then echo "usage: systolic-array.sh ROWS COLUMNS BUFFER_KIB DATAFLOW" >&2; exit 64; fi
awk -v rows="$1" -v cols="$2" -v kib="$3" -v flow="$4" 'BEGIN {
    M = 512; N = 512; K = 512
    if (rows < 1 || cols < 1 || kib < 1) { print "rows, columns and buffer must be positive" > "/dev/stderr"; exit 2 }
    rt = int((M + rows - 1) / rows); ct = int((N + cols - 1) / cols)
    tiles = rt * ct
    compute = tiles * (K + rows + cols)
    if (flow == "ws")      { traffic = M * K * ct + K * N;      working = cols * K + rows * cols }
    else if (flow == "os") { traffic = M * K * ct + K * N * rt; working = rows * cols }
    else if (flow == "is") { traffic = K * N * rt + M * K;      working = rows * K + rows * cols }
    else { print "unknown dataflow " flow > "/dev/stderr"; exit 2 }
    traffic += M * N
    if (working > kib * 1024) { printf "the tile needs %d bytes; the buffer holds %d\n", working, kib * 1024 > "/dev/stderr"; exit 2 }
    latency = compute > traffic / 16 ? compute : traffic / 16
    area = 0.0025 * rows * cols + 0.012 * kib
    energy = (0.2 * M * N * K + 20 * traffic) / 1e6
    printf "{\"latency_cycles\": %.0f, \"area_mm2\": %.4f, \"energy_uj\": %.3f, \"dram_bytes\": %d}\n", latency, area, energy, traffic
}'

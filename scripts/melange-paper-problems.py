#!/usr/bin/env python3
"""Writes problems/melange/paper-*.yaml: the Melange paper's evaluation settings (Griggs et al.
2024, section 6) for Llama-2-7B on L4, A10G, A100-80GB and H100 with DSEKit's roofline model.

What is published and what is modelled:
- Arena (Chatbot Arena conversations): mean prompt 69.5 tokens and mean response 214.5 tokens,
  from LMSYS-Chat-1M (Zheng et al. 2023, Table 1). MODELLED: log-normal lengths with sigma 1.0
  in log space, input and output independent.
- PubMed (long-document summarisation): mean article 3,016 words and mean abstract 203 words,
  from the PubMed summarisation dataset (Cohan et al. 2018, Table 1). MODELLED: 1.33 tokens per
  word, log-normal lengths with sigma 0.5, independent.
- Mixed: 80 % Arena + 20 % PubMed by request count, as the paper's mixed setting.
- Buckets: edges {25, 100, 250, 500, 1000, 2000} tokens as in the paper; PubMed and Mixed inputs
  continue to 4000, 8000, 16000. Mass outside the edges is folded into the end buckets.
- Throughputs are not measured: the roofline model computes them from the GPU catalog.

Run: python3 scripts/melange-paper-problems.py   (standard library only)
"""
import math
import os

ARENA = dict(input_mean=69.5, output_mean=214.5, sigma=1.0)
PUBMED = dict(input_mean=3016 * 1.33, output_mean=203 * 1.33, sigma=0.5)
SHORT_EDGES = [1, 25, 100, 250, 500, 1000, 2000]
LONG_EDGES = SHORT_EDGES + [4000, 8000, 16000]
OUTPUT_EDGES = SHORT_EDGES
RATE = 8  # requests/s in the files; the sweep 1..32 is a batch run


def lognormal_cdf(x, mean, sigma):
    mu = math.log(mean) - sigma * sigma / 2
    return 0.5 * (1 + math.erf((math.log(x) - mu) / (sigma * math.sqrt(2))))


def bucket_masses(edges, mean, sigma):
    """Probability of each [edges[k], edges[k+1]) bucket, tails folded into the end buckets."""
    cdf = [lognormal_cdf(e, mean, sigma) for e in edges]
    masses = [cdf[k + 1] - cdf[k] for k in range(len(edges) - 1)]
    masses[0] += cdf[0]
    masses[-1] += 1 - cdf[-1]
    return masses


def grid(workload, input_edges):
    rows = bucket_masses(input_edges, workload["input_mean"], workload["sigma"])
    cols = bucket_masses(OUTPUT_EDGES, workload["output_mean"], workload["sigma"])
    return [[r * c for c in cols] for r in rows]


def rounded(table):
    """Six decimals, with the largest cell absorbing the rounding so the shares sum to 1."""
    out = [[round(v, 6) for v in row] for row in table]
    total = sum(map(sum, out))
    i, j = max(((i, j) for i in range(len(out)) for j in range(len(out[0]))), key=lambda ij: out[ij[0]][ij[1]])
    out[i][j] = round(out[i][j] + 1 - total, 6)
    return out


def yaml_table(table, indent):
    pad = " " * indent
    return "\n".join(pad + "- [" + ", ".join(f"{v:.6f}".rstrip("0").rstrip(".") if v else "0" for v in row) + "]" for row in table)


def main():
    arena_long = grid(ARENA, LONG_EDGES)
    pubmed = grid(PUBMED, LONG_EDGES)
    workloads = {
        "arena": (rounded(grid(ARENA, SHORT_EDGES)), SHORT_EDGES, "Chatbot Arena conversations (short context)"),
        "pubmed": (rounded(pubmed), LONG_EDGES, "PubMed article summarisation (long context)"),
        "mixed": (rounded([[0.8 * a + 0.2 * p for a, p in zip(ra, rp)] for ra, rp in zip(arena_long, pubmed)]),
                  LONG_EDGES, "80 % Arena + 20 % PubMed (mixed context)"),
    }
    here = os.path.dirname(os.path.abspath(__file__))
    folder = os.path.join(here, "..", "problems", "melange")
    for name, (shares, input_edges, title) in workloads.items():
        for slo in (40, 120):
            path = os.path.join(folder, f"paper-{name}-tpot{slo}ms.yaml")
            with open(path, "w") as f:
                f.write(f"""family: melange
description: >
  Melange paper setting (Griggs et al. 2024, section 6): Llama-2-7B serving {title} at a
  {slo} ms TPOT SLO on L4, A10G, A100-80GB and H100, {RATE} requests/s. Written by
  scripts/melange-paper-problems.py, which says what is published and what is modelled: the
  mean request lengths are published dataset statistics; their spread (log-normal), the input
  and output independence and the tokens-per-word factor are modelled; the throughputs are
  computed by DSEKit's roofline model from datasheet specs, not measured; GPU prices and specs
  come from DSEKit's GPU catalog, where each number has its source. Llama-2-7B's 4,096-token
  context window is not enforced (the paper's bucket grid goes beyond it).
model: llama-2-7b
tpot_slo_ms: {slo}
gpus:
  - {{name: L4, catalog: L4}}
  - {{name: A10G, catalog: A10G}}
  - {{name: A100-80GB, catalog: A100-80GB}}
  - {{name: H100, catalog: H100-80GB}}
input_token_edges: {input_edges}
output_token_edges: {OUTPUT_EDGES}
workload:
  shares:
{yaml_table(shares, 4)}
total_request_rate_rps: {RATE}
slice_factor: 4
""")
            print("wrote", os.path.relpath(path))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes problems/mixed-precision/*.yaml from the published data in problems/mixed-precision/data.

- hawq-v3-{resnet18,resnet50}-{size,bops,latency}-{0.75,0.5,0.25}.yaml: HAWQ-V3's own ILPs
  (Zhen-Dong/HAWQ, ILP.ipynb): INT4/INT8 per layer, one budget as a fraction between all-INT4 and
  all-INT8, sensitivity trace * squared quantization error, the notebook's tie pairs.
- ohq-resnet18-latency-size.yaml: OHQ-style (Huang et al. 2023): mask-KL sensitivities, HAWQ-V3's
  measured T4 latencies as the on-chip measurement, latency and size budgets together.
- resnet50-multi-2-4-8.yaml: ResNet-50 with {2, 4, 8} bits under latency + size + BOPs budgets,
  latency from DSEKit's bit-serial cost model.

Run: python3 scripts/mixed-precision-problems.py   (standard library only)
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
FOLDER = os.path.join(HERE, "..", "problems", "mixed-precision")
TIES = {
    "resnet18": [["stage2.unit1.quant_convbn1", "stage2.unit1.quant_identity_convbn"],
                 ["stage3.unit1.quant_convbn1", "stage3.unit1.quant_identity_convbn"],
                 ["stage4.unit1.quant_convbn1", "stage4.unit1.quant_identity_convbn"]],
    "resnet50": [["stage1.unit1.quant_convbn1", "stage1.unit1.quant_identity_convbn"],
                 ["stage2.unit1.quant_convbn1", "stage2.unit1.quant_identity_convbn"],
                 ["stage3.unit1.quant_convbn1", "stage3.unit1.quant_identity_convbn"],
                 ["stage4.unit1.quant_convbn1", "stage4.unit1.quant_identity_convbn"]],
}
NAMES = {"resnet18": "ResNet-18", "resnet50": "ResNet-50"}
WHAT = {"size": "model size", "bops": "BOPs", "latency": "measured T4 latency"}


def ties(model):
    return "ties:\n" + "".join(f"  - [{a}, {b}]\n" for a, b in TIES[model])


def write(name, text):
    with open(os.path.join(FOLDER, name), "w") as f:
        f.write(text)
    print("wrote", name)


def main():
    for model in ("resnet18", "resnet50"):
        for resource in ("size", "bops", "latency"):
            for fraction in ("0.75", "0.5", "0.25"):
                write(f"hawq-v3-{model}-{resource}-{fraction}.yaml", f"""family: mixed-precision
description: >
  HAWQ-V3 (Yao et al., ICML 2021) {NAMES[model]}: INT4 or INT8 per layer, minimising the
  Hessian-weighted quantization perturbation (trace x squared weight-quantization error, from the
  authors' ILP notebook, Zhen-Dong/HAWQ ILP.ipynb), with one {WHAT[resource]} budget at fraction
  {fraction} between all-INT4 and all-INT8 (the paper's "{ {"0.75": "high", "0.5": "medium", "0.25": "low"}[fraction] }" setting).
  The first conv and the classifier are not decided (HAWQ keeps them at 8 bit). Data: data/README.md.
bit_widths: [4, 8]
published_layers:
  hawq_v3_csv: data/hawq-v3-{model}.csv
  sensitivity: hawq-v3
{ties(model)}budgets:
  - {{resource: {resource}, fraction: {fraction}}}
""")
    write("ohq-resnet18-latency-size.yaml", f"""family: mixed-precision
description: >
  OHQ-style (Huang, Qin et al. 2023) ResNet-18: sensitivities from mask-guided KL measurements
  (data/ohq-mqe-resnet18.csv; KL between FP32 and masked-model outputs), with the MODELLED mapping
  mask ratio 0.75 -> 4-bit damage and 0.25 -> 8-bit damage (the source states no mapping). The
  on-chip measurement is HAWQ-V3's T4 per-layer INT4/INT8 latency. Two budgets together: latency
  and size, each at fraction 0.5 between all-INT4 and all-INT8.
bit_widths: [4, 8]
published_layers:
  hawq_v3_csv: data/hawq-v3-resnet18.csv
  sensitivity: ohq-mqe
  ohq_mqe_csv: data/ohq-mqe-resnet18.csv
  mask_ratio_for_bits: {{4: 0.75, 8: 0.25}}
{ties("resnet18")}budgets:
  - {{resource: latency, fraction: 0.5}}
  - {{resource: size, fraction: 0.5}}
""")
    write("resnet50-multi-2-4-8.yaml", f"""family: mixed-precision
description: >
  ResNet-50 with {{2, 4, 8}} bits per layer under three budgets at once: latency, size and BOPs,
  each at fraction 0.5 between all-2-bit and all-8-bit. Sensitivity: HAWQ-V3's trace x squared
  quantization error; the 2-bit error is MODELLED as 16 x the 4-bit one (a uniform quantizer's
  squared error grows 4x per bit removed). Latency: DSEKit's quantized-layer cost model on its
  FPGA-style bit-serial device (rate proportional to 1 / (weight bits x activation bits)).
bit_widths: [2, 4, 8]
published_layers:
  hawq_v3_csv: data/hawq-v3-resnet50.csv
  sensitivity: hawq-v3
latency: {{source: model, device: bit-serial}}
{ties("resnet50")}budgets:
  - {{resource: latency, fraction: 0.5}}
  - {{resource: size, fraction: 0.5}}
  - {{resource: bops, fraction: 0.5}}
""")


if __name__ == "__main__":
    main()

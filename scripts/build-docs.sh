#!/usr/bin/env bash
# Builds the DocC documentation of every library module (the DSEKit umbrella's catalog holds the
# landing page and the articles) into .build/docs, with DocC's warnings treated as errors: a
# broken symbol link or an undocumented parameter fails the build. Used by CI and `make docs`.
set -euo pipefail
cd "$(dirname "$0")/.."
targets=(DSEKit LinearModel GLPKBackend CBCBackend Search ExternalEvaluation CostModels Problems Experiments Reports)
args=()
for target in "${targets[@]}"; do args+=(--target "$target"); done
swift package --allow-writing-to-directory .build/docs generate-documentation "${args[@]}" \
  --output-path .build/docs --warnings-as-errors
echo "docs: ${#targets[@]} modules documented without warnings in .build/docs"

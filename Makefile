# DSEKit's everyday commands. Each installs what is missing first (see scripts/install-deps.sh).

DEFAULT_PROBLEM ?= problems/melange/example.yaml

.PHONY: deps run test format lint docs fuzz bench notebooks check-reports clean

FUZZ_CASES ?= 3000
FUZZ_SEED ?= $(shell date +%s)

deps:
	@scripts/install-deps.sh

## Solve the bundled default problem.
run: deps
	swift run dse solve $(DEFAULT_PROBLEM)

## The whole test suite.
test: deps
	swift test

## Format the tree in place (swift format with .swift-format).
format:
	swift format format --in-place --recursive --parallel Sources Tests Benchmarks/Sources Package.swift Benchmarks/Package.swift

## What CI checks: swift format lint --strict, and no line over 100 columns.
lint:
	swift format lint --strict --recursive --parallel Sources Tests Benchmarks/Sources Package.swift Benchmarks/Package.swift
	scripts/check-line-length.sh 100 Sources Tests Benchmarks/Sources

## DocC documentation, warnings as errors (into .build/docs).
docs:
	scripts/build-docs.sh

## A longer fuzz run than CI's (FUZZ_CASES cases, a new seed each time; see scripts/fuzz.py).
fuzz: deps
	@scripts/install-deps.sh strace
	swift build --product dse
	scripts/fuzz.py --cases $(FUZZ_CASES) --seed $(FUZZ_SEED)

## Benchmarks (release mode, separate package; not part of CI).
bench: deps
	@scripts/install-deps.sh glpk-utils
	cd Benchmarks && swift run -c release dse-bench

## Rebuild notebooks-export/ from the committed results (one notebook per shipped sweep).
notebooks: deps
	scripts/export-notebooks.sh

## Validate and re-execute the exported notebooks; render an SVG in headless Chromium (as CI does).
check-reports: deps
	scripts/check-reports.sh

clean:
	rm -rf .build Benchmarks/.build

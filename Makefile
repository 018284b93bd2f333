# DSEKit's everyday commands. Each installs what is missing first (see scripts/install-deps.sh).

DEFAULT_PROBLEM ?= problems/melange/example.yaml

.PHONY: deps run test bench notebooks check-reports clean

deps:
	@scripts/install-deps.sh

## Solve the bundled default problem.
run: deps
	swift run dse solve $(DEFAULT_PROBLEM)

## The whole test suite.
test: deps
	swift test

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

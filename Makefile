# DSEKit's everyday commands. Each installs what is missing first (see scripts/install-deps.sh).

DEFAULT_PROBLEM ?= problems/melange/example.yaml

.PHONY: deps run test bench clean

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

clean:
	rm -rf .build Benchmarks/.build

# Ministore: the two commands (see README.md), and a benchmark.
.PHONY: run test bench

run:
	@scripts/run.sh

test:
	@scripts/test.sh

bench:
	@scripts/bench.sh

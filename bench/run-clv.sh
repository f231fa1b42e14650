#!/usr/bin/env bash
# CLV benchmark: builds the bench module, then runs io.cdp.bench.ClvBenchmark in memory (no stack, no app):
# fit BG/NBD + Gamma-Gamma and score N synthetic customers, against a raw pass over the same tuples.
#   bench/run-clv.sh --customers 1000000        options: --customers --seed
exec "$(dirname "$0")/benchmark.sh" ClvBenchmark "$@"

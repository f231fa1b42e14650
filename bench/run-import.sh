#!/usr/bin/env bash
# Import benchmark: builds the app jar and the bench module, then runs io.cdp.bench.ImportBenchmark, which starts
# its own Elasticsearch, Kafka and app, writes a seeded line-level orders file and imports it with
# `java -Xmx256m -jar cdp-app.jar import orders` (what ./cdp import runs) until the profiles are updated.
#   bench/run-import.sh                        1,000,000 lines
#   bench/run-import.sh --lines 100000
# Options: --lines --seed --app-jar --app-heap --import-heap --bulk-batch-size --concurrency --keep-data true
exec "$(dirname "$0")/benchmark.sh" ImportBenchmark "$@"

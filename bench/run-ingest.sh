#!/usr/bin/env bash
# Ingest benchmark: builds the app jar and the bench module, then runs io.cdp.bench.IngestBenchmark,
# which starts its own Elasticsearch, Kafka and app (child processes) and stops them at the end.
#   bench/run-ingest.sh                       750,000 warm-up, 100,000 events, latency phase 1,000 events/s for 30 s
#   bench/run-ingest.sh --events 20000 --latency-seconds 10
# Options: --events --warmup-events --seed --rate --latency-seconds --app-jar --app-heap --batch-size --concurrency
#          --latency-batch-size --bulk-batch-size --keep-data true
# Use a machine with nothing else running: every figure is a wall-clock measurement.
exec "$(dirname "$0")/benchmark.sh" IngestBenchmark "$@"

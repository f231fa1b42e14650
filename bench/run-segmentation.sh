#!/usr/bin/env bash
# Scheduled segmentation benchmark: builds the app jar and the bench module, then runs
# io.cdp.bench.SegmentationBenchmark (own Elasticsearch, Kafka and app as child processes).
#   bench/run-segmentation.sh --profiles 200000        options: --profiles --seed --app-jar --app-heap
exec "$(dirname "$0")/benchmark.sh" SegmentationBenchmark "$@"

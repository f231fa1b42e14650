#!/usr/bin/env bash
# Real-time segmentation benchmark: builds the app jar and the bench module, then runs
# io.cdp.bench.RealTimeSegmentationBenchmark (own Elasticsearch, Kafka and app as child processes):
# track events open-loop through the HTTP API, latency to the SegmentEntered on cdp.memberships.
#   bench/run-realtime.sh --rate 1000 --seconds 30     (after 180 s warm-up) options: --rate --seconds --warmup-seconds
#                                                       --batch-size --app-jar --app-heap
exec "$(dirname "$0")/benchmark.sh" RealTimeSegmentationBenchmark "$@"

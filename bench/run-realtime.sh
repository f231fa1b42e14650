#!/usr/bin/env bash
# Real-time segmentation benchmark: builds the app jar and the bench module, then runs
# io.cdp.bench.RealTimeSegmentationBenchmark (own Elasticsearch, Kafka and app as child processes):
# track events open-loop through the HTTP API, latency to the SegmentEntered on cdp.memberships.
#   bench/run-realtime.sh --rate 1000 --seconds 30     options: --rate --seconds --warmup-seconds
#                                                       --batch-size --app-jar --app-heap
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ${SKIP_BUILD:-} != 1 ]]; then
  ./mvnw -q -B -pl bench -am package -DskipTests
fi
exec java -Xmx${BENCH_HEAP:-1g} -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  io.cdp.bench.RealTimeSegmentationBenchmark --app-jar app/target/cdp-app.jar "$@"

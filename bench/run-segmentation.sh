#!/usr/bin/env bash
# Scheduled segmentation benchmark: builds the app jar and the bench module, then runs
# io.cdp.bench.SegmentationBenchmark (own Elasticsearch, Kafka and app as child processes).
#   bench/run-segmentation.sh --profiles 200000        options: --profiles --seed --app-jar --app-heap
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ${SKIP_BUILD:-} != 1 ]]; then
  ./mvnw -q -B -pl bench -am package -DskipTests
fi
exec java -Xmx${BENCH_HEAP:-1g} -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  io.cdp.bench.SegmentationBenchmark --app-jar app/target/cdp-app.jar "$@"

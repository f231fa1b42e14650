#!/usr/bin/env bash
# Activation benchmark: builds the app jar and the bench module, then runs io.cdp.bench.ActivationBenchmark,
# which starts its own Elasticsearch, Kafka and app (child processes), an SMTP server and a Meta-like
# HTTP server, and stops them at the end.
#   bench/run-activation.sh                          2,000 members, 500 emails
#   bench/run-activation.sh --members 5000 --emails 1000
# Options: --members --emails --app-jar --app-heap
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ${SKIP_BUILD:-} != 1 ]]; then
  ./mvnw -q -B -pl bench -am package -DskipTests
fi
exec java -Xmx${BENCH_HEAP:-1g} -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  io.cdp.bench.ActivationBenchmark --app-jar app/target/cdp-app.jar "$@"

#!/usr/bin/env bash
# Shared by the bench/run-*.sh commands: builds the app jar and the bench module (unless SKIP_BUILD=1), then
# runs the benchmark class named first with the remaining arguments. BENCH_HEAP sets the client's heap.
set -euo pipefail
cd "$(dirname "$0")/.."
main=$1
shift

if [[ ${SKIP_BUILD:-} != 1 ]]; then
  # Spring Boot's repackage leaves an already repackaged jar alone when only a module it nests changed
  rm -f app/target/cdp-app.jar
  ./mvnw -q -B -pl bench -am package -DskipTests
fi
exec java -Xmx${BENCH_HEAP:-1g} -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  "io.cdp.bench.$main" --app-jar app/target/cdp-app.jar "$@"

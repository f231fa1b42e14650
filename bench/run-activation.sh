#!/usr/bin/env bash
# Activation benchmark: builds the app jar and the bench module, then runs io.cdp.bench.ActivationBenchmark,
# which starts its own Elasticsearch, Kafka and app (child processes), an SMTP server and a Meta-like
# HTTP server, seeds profiles and spells with _bulk, and stops everything at the end.
#   bench/run-activation.sh                                   100,000 members, 500 emails
#   bench/run-activation.sh --members 1000000 --emails 500    the 1M audience sync
#   bench/run-activation.sh --emails 5000 --members 20000     a sustained burst of 5,000 emails
#   bench/run-activation.sh --app-jfr /tmp/app.jfr            also a flight recording of the app
# Options: --members --emails --warmup-emails --rate --latency-seconds --baseline-connections --app-jar --app-heap --app-jfr
exec "$(dirname "$0")/benchmark.sh" ActivationBenchmark "$@"

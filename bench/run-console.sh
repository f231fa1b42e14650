#!/usr/bin/env bash
# Console and KPI benchmark: builds the app and the bench module, then runs io.cdp.bench.ConsoleBenchmark: a seeded
# data set through the API, its documents copied with _bulk up to N profiles, then each console view and GET /api/kpis
# timed as a signed-in viewer, against raw Elasticsearch searches in the same run.
#   bench/run-console.sh --profiles 100000      options: --profiles --seed-events --seed --requests --app-jar --app-heap
exec "$(dirname "$0")/benchmark.sh" ConsoleBenchmark "$@"

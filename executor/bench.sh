#!/bin/sh
# Executor benchmark: real Docker engine + embedded broker, ~2 min. Needs dockerd and the runner
# images (runners/build.sh). Prints a table (also in executor/target/benchmark.txt).
# Options: -Dbenchmark.runs=30
set -e
cd "$(dirname "$0")/.."
mvn -q -o -pl executor test -Dtest=ExecutorBenchmark -Dsurefire.failIfNoSpecifiedTests=false "$@"
cat executor/target/benchmark.txt

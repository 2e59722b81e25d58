#!/bin/sh
# Executor benchmark: real Docker engine + embedded broker, ~3 min. Needs dockerd and the runner
# images (runners/build.sh). Prints two tables:
#  1. sandbox overhead per run (trivial C, Python hello world): host baseline, cold box, warm pool box
#  2. end to end through Kafka, C++ compile-cache miss vs hit, executions/s with all slots busy
#     (the tables are also in executor/target/sandbox-overhead.txt and executor/target/benchmark.txt)
# Options: -Dbenchmark.runs=30 (runs of the end-to-end table; the sandbox overhead table always does 15)
set -e
cd "$(dirname "$0")/.."
mvn -q -o -pl executor test -Dtest='SandboxLatencyBenchmark,ExecutorBenchmark' -Dsurefire.failIfNoSpecifiedTests=false "$@"
cat executor/target/sandbox-overhead.txt
echo
cat executor/target/benchmark.txt

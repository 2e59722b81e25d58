#!/usr/bin/env bash
# Results persisted per second by the sink (PostgreSQL + local storage, PostgreSQL + GCS emulator)
# against plain batched JDBC inserts of the same rows, as the median of 5 timed rounds after 10 warm-up rounds.
# Usage: results-sink/bench.sh [results-per-round (10000)] [gcs-results-per-round (1000; 0 skips GCS)] [--without-objects]
#        [--rounds=N] [--any.sink.property=value ...]
# Needs: Java 17, Maven, node + npm (the GCS emulator is installed on first use). Prints a table.
set -euo pipefail
module="$(cd "$(dirname "$0")" && pwd)"
cd "$module"
mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test \
  || mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
exec java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  dev.codeexec.sink.bench.SinkBenchmark "$@"

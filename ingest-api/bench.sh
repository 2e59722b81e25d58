#!/bin/sh
# ingest-api benchmark: loopback only, about a minute (36 s of measured phases plus start-up). Prints a table (also in ingest-api/target/benchmark.txt).
# Options: -Dbenchmark.concurrency=16 -Dbenchmark.seconds=10 -Dbenchmark.warmupSeconds=3
set -e
cd "$(dirname "$0")/.."
mvn -q -o -pl ingest-api test -Dbenchmark=true -Dtest=ApiBenchmark -Dsurefire.failIfNoSpecifiedTests=false "$@"
cat ingest-api/target/benchmark.txt

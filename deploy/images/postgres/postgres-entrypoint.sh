#!/usr/bin/env bash
# Creates the cluster and the database on the first start (an empty data directory), then runs
# PostgreSQL in the foreground. Arguments are passed to postgres (e.g. -c shared_buffers=256MB).
#   POSTGRES_USER (codeexec), POSTGRES_PASSWORD (required on the first start), POSTGRES_DB (codeexec)
set -euo pipefail
USER_NAME="${POSTGRES_USER:-codeexec}"
DB="${POSTGRES_DB:-codeexec}"
if [[ ! -s "$PGDATA/PG_VERSION" ]]; then
  : "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required to create the database}"
  echo "[postgres-entrypoint] creating the cluster in $PGDATA"
  pwfile="$(mktemp)"
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  initdb -D "$PGDATA" -U "$USER_NAME" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
  echo "host all all 0.0.0.0/0 scram-sha-256" >>"$PGDATA/pg_hba.conf"
  echo "host all all ::/0 scram-sha-256" >>"$PGDATA/pg_hba.conf"
  echo "CREATE DATABASE \"$DB\" OWNER \"$USER_NAME\";" | postgres --single -D "$PGDATA" postgres >/dev/null
fi
exec postgres -D "$PGDATA" -c listen_addresses='*' "$@"

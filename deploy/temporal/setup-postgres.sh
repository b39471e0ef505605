#!/bin/sh
# One-shot schema job (temporalio/admin-tools): creates Temporal's two PostgreSQL databases and brings
# their schemas to the version the admin-tools image ships. Safe to run again: setup-schema skips a
# database already past 0.0 and update-schema applies only newer versions, so the same job upgrades the
# schema when TEMPORAL_VERSION is bumped (server and admin-tools on the same version).
# POSIX sh: the admin-tools image is not guaranteed to carry bash.
set -eu

: "${POSTGRES_SEEDS:?host of the PostgreSQL server}"
: "${POSTGRES_USER:?database user}"
: "${SQL_PASSWORD:?database password (read by temporal-sql-tool from the environment, kept off the command line)}"
DB_PORT="${DB_PORT:-5432}"
PLUGIN="${DB:-postgres12}"
SCHEMA_ROOT="${SCHEMA_ROOT:-/etc/temporal/schema/postgresql/v12}"
ATTEMPTS="${DB_WAIT_ATTEMPTS:-30}"

# compose already waits for the healthcheck; this covers a database run elsewhere.
attempt=1
until nc -z -w 5 "$POSTGRES_SEEDS" "$DB_PORT"; do
  if [ "$attempt" -ge "$ATTEMPTS" ]; then
    echo "PostgreSQL at $POSTGRES_SEEDS:$DB_PORT did not open after $ATTEMPTS attempts" >&2
    exit 1
  fi
  attempt=$((attempt + 1))
  sleep 2
done

sql() { # database, command...
  db="$1"
  shift
  temporal-sql-tool --plugin "$PLUGIN" --ep "$POSTGRES_SEEDS" -p "$DB_PORT" -u "$POSTGRES_USER" --db "$db" "$@"
}

migrate() { # database, schema folder under SCHEMA_ROOT
  # `create` fails when the database exists already (a re-run); setup-schema below fails if it is
  # really missing, so that failure is not lost.
  sql "$1" create || echo "database $1 not created (it may exist already); continuing"
  sql "$1" setup-schema -v 0.0
  sql "$1" update-schema -d "$SCHEMA_ROOT/$2/versioned"
  echo "database $1: schema up to date"
}

migrate "${DBNAME:-temporal}" temporal
migrate "${VISIBILITY_DBNAME:-temporal_visibility}" visibility

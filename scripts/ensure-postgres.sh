#!/usr/bin/env bash
# A throwaway PostgreSQL for the warehouse tests and benchmarks: installs Debian's package when the
# server is missing, starts a fresh cluster on a free loopback port (trust auth, no fsync: test data
# only), creates the database, and prints its URL. Stop it with: scripts/ensure-postgres.sh stop DIR.
set -euo pipefail

if [[ "${1:-}" == "stop" ]]; then
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  as_pg "$bin/pg_ctl" -D "$2" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$(dirname "$2")"
  exit 0
fi

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
bin=$(find_bin)
if [[ -z "$bin" || ! -x "$bin/initdb" ]]; then
  echo "installing PostgreSQL from Debian's packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q postgresql >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q postgresql >/dev/null; }
  bin=$(find_bin)
fi
[[ -x "$bin/initdb" ]] || { echo "PostgreSQL is not available" >&2; exit 1; }

# initdb refuses to run as root: the cluster belongs to the postgres user (or to whoever runs this).
as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
data=$(mktemp -d /tmp/lethe-pg-XXXXXX)
[[ $(id -u) -eq 0 ]] && chown postgres "$data"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg "$bin/initdb" -D "$data/cluster" -U lethe --auth=trust -E UTF8 >/dev/null
as_pg "$bin/pg_ctl" -D "$data/cluster" -l "$data/cluster/server.log" -w \
  -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
"$bin/createdb" -h 127.0.0.1 -p "$port" -U lethe lethe_test
echo "postgres://lethe@127.0.0.1:$port/lethe_test $data/cluster"

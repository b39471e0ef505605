#!/usr/bin/env bash
# Temporal in the shape docker-compose.yml runs it, without Docker: the server and temporal-sql-tool
# built from their Go modules at the version the compose file pins, on a throwaway PostgreSQL, its schema
# made by the compose schema job's own script and its namespace by the namespace job's (deploy/temporal/).
#
#   scripts/cluster.sh build       # once: go install into .tools/temporal-server/<version>/ (minutes)
#   scripts/cluster.sh start       # PostgreSQL, schema, server, namespace; prints how to reach it
#   scripts/cluster.sh stop DIR    # stops what `start` started and removes DIR (its state)
#
# `start` prints on stdout only KEY=value lines (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, LETHE_CLUSTER_DIR,
# LETHE_CLUSTER_POSTGRES_URL), also written to DIR/cluster.env; progress and logs go to stderr, the
# server's log to DIR/temporal-server.log. Nothing here builds unless asked: `npm test` never does.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="${LETHE_TOOLS_DIR:-$root/.tools}"
log() { echo "cluster: $*" >&2; }
die() { log "$*"; exit 1; }

# One version, where compose keeps it (`temporalio/server:${TEMPORAL_VERSION:-X}`); TEMPORAL_VERSION
# overrides it here as it does there, so the binaries and the compose images never drift apart.
pinned=$(sed -n 's/^ *image: temporalio\/server:${TEMPORAL_VERSION:-\([0-9][0-9.]*\)}$/\1/p' "$root/docker-compose.yml")
[[ -n "$pinned" ]] || die "no temporalio/server:\${TEMPORAL_VERSION:-X.Y.Z} image in docker-compose.yml"
version="${TEMPORAL_VERSION:-$pinned}"
bin="$tools/temporal-server/$version"
module="go.temporal.io/server"

build() {
  if [[ -x "$bin/temporal-server" && -x "$bin/temporal-sql-tool" && -d "$bin/schema/postgresql/v12" ]]; then
    log "Temporal server $version already built in $bin"
    return
  fi
  command -v go >/dev/null || die "Go is needed to build the Temporal server (https://go.dev/dl/)"
  # A build of the same module already running (by hand, or another checkout) warms the build cache:
  # wait for it rather than compile everything twice on the same cores.
  while pgrep -f "go (install|build) $module" >/dev/null; do
    log "waiting for a build of $module already running"
    sleep 10
  done
  local tmp="$bin.partial"
  rm -rf "$tmp" && mkdir -p "$tmp"
  log "building $module $version (server, temporal-sql-tool) into $bin"
  local started=$SECONDS
  # -p 2: other work shares this machine's cores. `go install pkg@version` ignores any go.mod around it.
  GOBIN="$tmp" go install -p 2 "$module/cmd/server@v$version" "$module/cmd/tools/sql@v$version" >&2
  mv "$tmp/server" "$tmp/temporal-server"
  mv "$tmp/sql" "$tmp/temporal-sql-tool"
  # The schema ships in the module source: laid out as admin-tools has it (/etc/temporal/schema/...).
  local source
  source="$(go env GOMODCACHE)/$module@v$version/schema/postgresql/v12"
  [[ -d "$source/temporal/versioned" ]] || die "no PostgreSQL schema in $source"
  mkdir -p "$tmp/schema/postgresql"
  cp -R "$source" "$tmp/schema/postgresql/v12"
  chmod -R u+w "$tmp/schema" # the module cache is read-only; `rm -rf .tools` must still work
  # Only a complete build takes the version's name, so an interrupted one is never taken for done.
  rm -rf "$bin" && mv "$tmp" "$bin"
  log "built in $((SECONDS - started)) s"
}

# The Temporal CLI, as the namespace job calls it (`temporal` on PATH): the pinned one from
# scripts/install-temporal-tools.sh unless one is given (LETHE_TEMPORAL_CLI) or on PATH already.
temporal_cli() {
  if [[ -n "${LETHE_TEMPORAL_CLI:-}" ]]; then echo "$LETHE_TEMPORAL_CLI"; return; fi
  if command -v temporal >/dev/null 2>&1; then command -v temporal; return; fi
  bash "$root/scripts/install-temporal-tools.sh" >&2
  [[ -x "$tools/temporal/bin/temporal" ]] || die "no Temporal CLI (scripts/install-temporal-tools.sh)"
  echo "$tools/temporal/bin/temporal"
}

# Free loopback ports, all held at once so none is handed out twice. Below 32768, not the kernel's
# ephemeral range: the server stores its membership ports in a SMALLINT column (cluster_membership), and
# fails at start with "value … is out of range for type smallint" on a port above 32767.
free_ports() { # count
  python3 -c '
import random, socket, sys
held = []
while len(held) < int(sys.argv[1]):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", random.randint(20000, 32767)))
        held.append(s)
    except OSError:
        s.close()
print(" ".join(str(s.getsockname()[1]) for s in held))' "$1"
}

stop() { # state dir
  local dir="$1"
  [[ -f "$dir/.lethe-cluster" ]] || die "$dir is not a cluster state directory (no .lethe-cluster)"
  # Lethe processes a test started against this cluster register their process group here and remove
  # it when they exit; one still listed outlived its test (a crashed runner). Only a group running
  # node (npx, tsx, Lethe) is killed, so a recycled pid is left alone.
  local entry group members
  for entry in "$dir"/processes/*; do
    [[ -e "$entry" ]] || continue
    group=$(basename "$entry")
    [[ "$group" =~ ^[0-9]+$ ]] || continue
    members=$(pgrep -a -g "$group" || true)
    if grep -Eq ' (/[^ ]*/)?(node|npm)( |$)' <<<"$members"; then
      log "killing process group $group ($(head -c 60 "$entry")), left by a test"
      kill -KILL -- "-$group" 2>/dev/null || true
    fi
  done
  if [[ -f "$dir/temporal-server.pid" ]]; then
    local pid
    pid=$(<"$dir/temporal-server.pid")
    # Only if that pid is still the server (not a pid recycled since it died).
    if ps -o args= -p "$pid" 2>/dev/null | grep -q temporal-server; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  if [[ -f "$dir/postgres-data" ]]; then bash "$root/scripts/ensure-postgres.sh" stop "$(<"$dir/postgres-data")"; fi
  rm -rf "$dir"
  log "stopped and removed $dir"
}

start() {
  [[ -x "$bin/temporal-server" ]] || die "Temporal server $version is not built: run scripts/cluster.sh build"
  local cli started=$SECONDS
  cli=$(temporal_cli)
  state=$(mktemp -d /tmp/lethe-cluster-XXXXXX)
  touch "$state/.lethe-cluster"
  # Whatever fails from here on, nothing started is left running.
  trap 'status=$?; if [[ $status -ne 0 ]]; then log "start failed; cleaning up"; stop "$state"; fi' EXIT
  mkdir -p "$state/bin"
  ln -s "$cli" "$state/bin/temporal"
  ln -s "$bin/temporal-sql-tool" "$state/bin/temporal-sql-tool"
  # The schema job waits for the database with nc, as admin-tools (busybox) has it.
  if ! command -v nc >/dev/null 2>&1; then
    log "installing netcat from Debian's packages (the schema job waits with nc)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q netcat-openbsd >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null && apt-get install -y -q netcat-openbsd >/dev/null; }
  fi

  # PostgreSQL: the throwaway cluster the warehouse tests use, plus the role the compose file's
  # postgres image would create (POSTGRES_USER, a superuser), which must give its password: the
  # cluster trusts its own `lethe` role, but not this one.
  local pg url data pg_port pg_bin password
  pg=$(bash "$root/scripts/ensure-postgres.sh")
  url="${pg% *}" data="${pg#* }"
  echo "$data" >"$state/postgres-data"
  pg_port=$(sed -E 's|.*:([0-9]+)/.*|\1|' <<<"$url")
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
  # On standard input, not the command line: no password in `ps`.
  "$pg_bin/psql" -q -h 127.0.0.1 -p "$pg_port" -U lethe -d postgres -v ON_ERROR_STOP=1 >&2 \
    <<<"CREATE ROLE temporal LOGIN SUPERUSER PASSWORD '$password'"
  { echo "host all temporal 127.0.0.1/32 scram-sha-256"; cat "$data/pg_hba.conf"; } >"$state/pg_hba.conf"
  cat "$state/pg_hba.conf" >"$data/pg_hba.conf" # in place: the file keeps its owner
  rm "$state/pg_hba.conf"
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$pg_bin/pg_ctl" -D "$data" reload >/dev/null
  else "$pg_bin/pg_ctl" -D "$data" reload >/dev/null; fi
  log "PostgreSQL on 127.0.0.1:$pg_port ($data)"

  # The compose schema job, as it runs there (sh, not bash) with its environment.
  log "schema: deploy/temporal/setup-postgres.sh"
  env PATH="$state/bin:$PATH" DB=postgres12 DB_PORT="$pg_port" POSTGRES_SEEDS=127.0.0.1 \
    POSTGRES_USER=temporal SQL_PASSWORD="$password" SCHEMA_ROOT="$bin/schema/postgresql/v12" \
    sh "$root/deploy/temporal/setup-postgres.sh" >&2

  # The server: the compose service's environment (DB, POSTGRES_*, BIND_ON_IP, DYNAMIC_CONFIG_FILE_PATH,
  # PROMETHEUS_ENDPOINT, TEMPORAL_ALLOW_NO_AUTH) through scripts/cluster/temporal-server.yaml.tmpl, on
  # free loopback ports.
  local ports frontend fe_http fe_member history h_member matching m_member worker w_member metrics
  read -r frontend fe_http fe_member history h_member matching m_member worker w_member metrics \
    <<<"$(free_ports 10)"
  ports=$(printf '%s ' "$frontend" "$fe_http" "$fe_member" "$history" "$h_member" "$matching" \
    "$m_member" "$worker" "$w_member" "$metrics")
  log "server ports: $ports"
  env DB=postgres12 DB_PORT="$pg_port" POSTGRES_SEEDS=127.0.0.1 POSTGRES_USER=temporal \
    POSTGRES_PWD="$password" BIND_ON_IP=127.0.0.1 TEMPORAL_ALLOW_NO_AUTH=true \
    LOG_LEVEL="${TEMPORAL_LOG_LEVEL:-warn}" \
    DYNAMIC_CONFIG_FILE_PATH="$root/deploy/temporal/dynamicconfig/lethe.yaml" \
    PROMETHEUS_ENDPOINT="127.0.0.1:$metrics" \
    FRONTEND_GRPC_PORT="$frontend" FRONTEND_HTTP_PORT="$fe_http" FRONTEND_MEMBERSHIP_PORT="$fe_member" \
    HISTORY_GRPC_PORT="$history" HISTORY_MEMBERSHIP_PORT="$h_member" \
    MATCHING_GRPC_PORT="$matching" MATCHING_MEMBERSHIP_PORT="$m_member" \
    WORKER_GRPC_PORT="$worker" WORKER_MEMBERSHIP_PORT="$w_member" \
    setsid "$bin/temporal-server" --config-file "$root/scripts/cluster/temporal-server.yaml.tmpl" start \
    </dev/null >"$state/temporal-server.log" 2>&1 &
  local pid=$!
  echo "$pid" >"$state/temporal-server.pid"

  # Readiness is the gRPC health check, not an open port; a server that died says why in its log.
  local address="127.0.0.1:$frontend" deadline=$((SECONDS + ${LETHE_CLUSTER_START_TIMEOUT_S:-180}))
  until "$cli" operator cluster health --address "$address" >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 30 "$state/temporal-server.log" >&2
      die "the Temporal server exited during start-up"
    fi
    ((SECONDS < deadline)) || die "the Temporal server was not SERVING after $((deadline - started)) s"
    sleep 0.5
  done
  log "server SERVING on $address after $((SECONDS - started)) s"

  # The compose namespace job, as it runs there.
  local namespace="${LETHE_NAMESPACE:-lethe}"
  env PATH="$state/bin:$PATH" TEMPORAL_ADDRESS="$address" NAMESPACE="$namespace" \
    NAMESPACE_RETENTION="${LETHE_NAMESPACE_RETENTION:-720h}" TEMPORAL_HEALTH_CHECK_SLEEP_SECONDS=1 \
    sh "$root/deploy/temporal/create-namespace.sh" >&2

  {
    echo "TEMPORAL_ADDRESS=$address"
    echo "TEMPORAL_NAMESPACE=$namespace"
    echo "LETHE_CLUSTER_DIR=$state"
    # The `lethe` role is trusted on loopback: no secret in this line.
    echo "LETHE_CLUSTER_POSTGRES_URL=postgres://lethe@127.0.0.1:$pg_port/temporal"
  } >"$state/cluster.env"
  log "ready after $((SECONDS - started)) s; stop it with: scripts/cluster.sh stop $state"
  trap - EXIT
  cat "$state/cluster.env"
}

case "${1:-}" in
  build) build ;;
  start) start ;;
  stop) [[ -n "${2:-}" ]] || die "usage: scripts/cluster.sh stop DIR"; stop "$2" ;;
  version) echo "$version" ;;
  *) die "usage: scripts/cluster.sh build | start | stop DIR | version" ;;
esac

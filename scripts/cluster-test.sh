#!/usr/bin/env bash
# `npm run test:cluster`: Lethe on a self-built Temporal cluster (scripts/cluster.sh). Builds the server
# when it is missing, starts a throwaway cluster, runs the vitest project `cluster` (test/cluster/)
# against it, stops the cluster whatever happened, and ends with `N passed, N failed` like
# scripts/test.sh: every test counts, and the build, the start and the stop count as one check each. Not part of
# `npm test` (which never builds the server). Extra arguments go to vitest (a file, `-t name`).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/use-node.sh || { echo "0 passed, 1 failed"; exit 1; }
bash scripts/ensure-deps.sh || { echo "0 passed, 1 failed"; exit 1; }

out="$root/.lethe/test-results"
mkdir -p "$out"
passed=0
failed=0
# What the cluster scripts say goes here (the schema tool alone writes thousands of lines).
log="$out/cluster-scripts.log"
: >"$log"

started=$SECONDS
if bash scripts/cluster.sh build 2>>"$log"; then
  passed=$((passed + 1)); echo "check cluster-build: ok ($((SECONDS - started)) s)"
else
  tail -n 20 "$log"; echo "check cluster-build: FAILED (log: $log)"; echo "$passed passed, 1 failed"; exit 1
fi

started=$SECONDS
if ! cluster=$(bash scripts/cluster.sh start 2>>"$log"); then
  tail -n 20 "$log"; echo "check cluster-start: FAILED (log: $log)"; echo "$passed passed, 1 failed"; exit 1
fi
passed=$((passed + 1)); echo "check cluster-start: ok ($((SECONDS - started)) s)"
# KEY=value lines, exported one by one (no eval of what a script printed).
while IFS='=' read -r key value; do
  [[ "$key" =~ ^[A-Z_][A-Z0-9_]*$ ]] && export "$key=$value"
done <<<"$cluster"
# Stopped whatever happens from here on: the server, PostgreSQL and any process a test left behind.
stop_cluster() { bash scripts/cluster.sh stop "$LETHE_CLUSTER_DIR" 2>>"$log"; }
trap stop_cluster EXIT

started=$SECONDS
rm -f "$out/cluster.json" # a run that dies before writing it must not be counted from the last one
node_modules/.bin/vitest run --project cluster --reporter=default --reporter=json \
  --outputFile.json="$out/cluster.json" "$@"
counts=$(node scripts/vitest-counts.cjs "$out/cluster.json")
passed=$((passed + ${counts% *}))
failed=$((failed + ${counts#* }))
echo "cluster tests: $((SECONDS - started)) s"

started=$SECONDS
trap - EXIT
if stop_cluster; then
  passed=$((passed + 1)); echo "check cluster-stop: ok ($((SECONDS - started)) s)"
else
  failed=$((failed + 1)); echo "check cluster-stop: FAILED (log: $log)"
fi
echo "$passed passed, $failed failed"
[[ $failed -eq 0 && $passed -gt 0 ]]

#!/usr/bin/env bash
# `npm run bench [-- --only planner,e2e] [-- --json]`. Only the figures reach stdout: installs, server
# banners and worker logs go to stderr, so `npm run bench -- --json | jq` reads one JSON object.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec 3>&1 1>&2
figures="$(mktemp)"
trap 'rm -f "$figures"' EXIT
source scripts/use-node.sh
bash scripts/ensure-deps.sh
LETHE_BENCH_OUT="$figures" npx tsx bench/main.ts "$@"
cat "$figures" >&3

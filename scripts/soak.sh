#!/usr/bin/env bash
# `npm run soak [-- --subjects 10 --kills 5 --seed 7 --timeout-s 300] [-- --json]`. Only the figures reach
# stdout: installs, server banners, progress and worker logs go to stderr (workers' to .lethe/soak/), so
# `npm run soak -- --json | jq` reads one JSON object. Exits as the soak does: 0 when every figure is as
# expected, 1 when one is not, 2 on a wrong command line.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec 3>&1 1>&2
figures="$(mktemp)"
trap 'rm -f "$figures"' EXIT
source scripts/use-node.sh
bash scripts/ensure-deps.sh
status=0
LETHE_SOAK_OUT="$figures" npx tsx soak/main.ts "$@" || status=$?
cat "$figures" >&3
exit "$status"

#!/usr/bin/env bash
# The demo on embedded defaults: Temporal dev server + Web UI, the platform simulators, one worker.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/use-node.sh
bash scripts/ensure-deps.sh
exec node_modules/.bin/tsx src/local/demo/run.ts "$@"

#!/usr/bin/env bash
# The demo on embedded defaults: Temporal dev server + Web UI, LivePerson simulator, one worker.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/ensure-deps.sh"
cd "$root"
exec node_modules/.bin/tsx src/cli/demo.ts "$@"

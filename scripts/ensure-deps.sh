#!/usr/bin/env bash
# Makes a fresh clone runnable: installs npm dependencies when they are missing or older than the
# lockfile, then the pinned Temporal binaries (see install-temporal-tools.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
bash scripts/install-temporal-tools.sh

#!/usr/bin/env bash
# Makes a fresh clone runnable: installs npm dependencies when they are missing or older than the
# lockfile, then the pinned Temporal binaries (see install-temporal-tools.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  # `npm install`, not `npm ci`: this npm records only the current platform's optional binaries (biome,
  # swc, esbuild, rollup) in the lockfile, and `npm ci` then refuses the lockfile as out of sync
  # (npm/cli#8320). With every version pinned and the lockfile present, the install is the same.
  npm install --no-audit --no-fund --loglevel=error
fi
bash scripts/install-temporal-tools.sh

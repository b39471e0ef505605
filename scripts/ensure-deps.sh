#!/usr/bin/env bash
# Makes a fresh clone runnable: a Node that satisfies "engines" (use-node.sh), exactly the locked npm
# dependencies (`npm ci`, which never rewrites the lockfile), then the pinned Temporal binaries
# (install-temporal-tools.sh). Leaves the tree as git had it: everything installed is git-ignored.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/use-node.sh
# Installed once per lockfile: the stamp names the lockfile and package.json it was installed from.
stamp="node_modules/.lethe-installed"
want="$(cat package.json package-lock.json | sha256sum | cut -c1-64)"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  npm ci --no-audit --no-fund --loglevel=error >&2
  echo "$want" > "$stamp"
fi
bash scripts/install-temporal-tools.sh

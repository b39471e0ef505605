#!/usr/bin/env bash
# A headless browser for the Web UI test: prints the path of a Chromium executable, installing Debian's
# `chromium` package when none is found (as root, or through sudo otherwise). Fails naming what is missing.
set -euo pipefail

# Debian's binary itself first: /usr/bin/chromium is a shell wrapper that adds flags of its own.
find_chromium() {
  local name path
  [[ -x /usr/lib/chromium/chromium ]] && { echo /usr/lib/chromium/chromium; return 0; }
  for name in chromium chromium-browser; do
    path=$(command -v "$name" 2>/dev/null) && [[ -x "$path" ]] && { echo "$path"; return 0; }
  done
  return 1
}

if path=$(find_chromium); then echo "$path"; exit 0; fi

if [[ $(id -u) -eq 0 ]]; then
  as_root() { "$@"; }
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root() { sudo -n "$@"; }
else
  echo "Chromium is missing and cannot be installed: not root and no password-less sudo." >&2
  echo "Install Debian's package yourself (apt-get install chromium) or put chromium on PATH." >&2
  exit 1
fi

echo "installing Chromium from Debian's packages" >&2
# Through `env`: sudo drops the caller's environment. A stale package list gets one refresh and a retry.
apt_install() { as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium; }
apt_install >/dev/null 2>&1 || { as_root apt-get update -q >/dev/null && apt_install >/dev/null; } \
  || { echo "apt-get could not install Debian's chromium package" >&2; exit 1; }

path=$(find_chromium) || { echo "the chromium package is installed but no executable was found" >&2; exit 1; }
echo "$path"

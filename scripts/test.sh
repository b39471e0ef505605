#!/usr/bin/env bash
# The whole test suite: lint and format, type check, unit and simulator tests, then the Temporal tests
# (time-skipping server and dev server) one file at a time. Ends with the line `N passed, N failed`:
# every test counts, and the lint and type checks count as one test each.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/use-node.sh || { echo "0 passed, 1 failed"; exit 1; }
# What git sees (names and changes): the install and the tests must leave it as they found it.
tree_state() { { git status --porcelain=v1 --untracked-files=all && git diff HEAD; } 2>/dev/null | sha256sum; }
in_git=false
git rev-parse --is-inside-work-tree >/dev/null 2>&1 && in_git=true
tree_before=$(tree_state)
bash scripts/ensure-deps.sh || { echo "0 passed, 1 failed"; exit 1; }
tree_after_install=$(tree_state)

out="$root/.lethe/test-results"
rm -rf "$out" && mkdir -p "$out"
passed=0
failed=0

check() { # name, command...
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "check $name: ok"; else failed=$((failed + 1)); echo "check $name: FAILED"; fi
}

suite() { # project name
  node_modules/.bin/vitest run --project "$1" --reporter=default --reporter=json --outputFile.json="$out/$1.json"
  local counts
  counts=$(node scripts/vitest-counts.cjs "$out/$1.json")
  passed=$((passed + ${counts% *}))
  failed=$((failed + ${counts#* }))
}

# A real PostgreSQL for the warehouse tests (installed from Debian's packages when missing), stopped at exit.
if pg=$(bash scripts/ensure-postgres.sh); then
  export LETHE_TEST_POSTGRES_URL="${pg% *}"
  trap 'bash scripts/ensure-postgres.sh stop "${pg#* }"' EXIT
  passed=$((passed + 1)); echo "check postgres: ok"
else
  failed=$((failed + 1)); echo "check postgres: FAILED (the PostgreSQL warehouse tests will fail too)"
fi

# Headless Chromium for the Web UI test (Debian's package, installed when missing).
if chromium=$(bash scripts/ensure-chromium.sh); then
  export LETHE_TEST_CHROMIUM="$chromium"
  passed=$((passed + 1)); echo "check chromium: ok"
else
  failed=$((failed + 1)); echo "check chromium: FAILED (the Web UI test will fail too)"
fi

check install-leaves-git-status-unchanged test "$in_git" = true -a "$tree_before" = "$tree_after_install"
check lint node_modules/.bin/biome ci .
check typecheck node_modules/.bin/tsc --noEmit
suite unit
suite temporal
# The unit suite again on the other maintained LTS (installed like the default one; see use-node.sh).
unit_node22() (
  export LETHE_NODE_MAJOR=22
  source scripts/use-node.sh && node_modules/.bin/vitest run --project unit --reporter=default --reporter=json \
    --outputFile.json="$out/unit-node22.json"
)
unit_node22
counts=$(node scripts/vitest-counts.cjs "$out/unit-node22.json")
passed=$((passed + ${counts% *}))
failed=$((failed + ${counts#* }))
check tests-leave-git-status-unchanged test "$in_git" = true -a "$tree_before" = "$(tree_state)"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 && $passed -gt 0 ]]

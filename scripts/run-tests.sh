#!/usr/bin/env bash
# The whole check: ruff, mypy, the import-linter layer contracts, then pytest (Qt offscreen).
# Every step runs even when an earlier one fails; the exit status is non-zero if any failed.
# pytest's "no tests collected" (exit 5) is a failure here: the suite must run.
set -uo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
export QT_QPA_PLATFORM=offscreen
export PYTHONDONTWRITEBYTECODE=1

failed=()
step() {
  local name="$1"; shift
  echo "==> $name"
  if ! "$@"; then failed+=("$name"); fi
}

step ruff "$VENV/bin/ruff" check moodplayer tests benchmarks packaging scripts
step mypy "$VENV/bin/mypy"
step import-linter "$VENV/bin/lint-imports"

echo "==> pytest"
"$VENV/bin/pytest" "$@"
status=$?
if [[ $status -eq 5 ]]; then
  echo "pytest collected no tests: the suite is broken" >&2
  failed+=("pytest (no tests)")
elif [[ $status -ne 0 ]]; then
  failed+=("pytest")
fi

if [[ ${#failed[@]} -gt 0 ]]; then
  echo "FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "All checks passed."

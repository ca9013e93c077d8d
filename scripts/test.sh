#!/usr/bin/env bash
# The whole test suite: ruff (lint + format check), then pytest against a throwaway
# PostgreSQL 15 server that this script starts and always stops, even on failure.
#
#   scripts/test.sh                 everything
#   scripts/test.sh -k api -x       extra arguments go to pytest
#
# Exit code: 1 if ruff fails, otherwise pytest's; "no tests collected" (pytest's 5) is a failure.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

export DJANGO_SETTINGS_MODULE=guidesite.settings.test

section "Bootstrap"
bootstrap

# --- Search backend --------------------------------------------------------------------------
# A throwaway real Elasticsearch 8 node (devservices/es_node.sh, sourced by lib.sh): es_start
# exports ELASTICSEARCH_URL for pytest, so the Elasticsearch half of the search contract suite
# runs (it fails, never skips, without it). es_stop is safe to call when nothing was started.
search_start() {
    section "Elasticsearch 8 (throwaway)"
    es_start || die "could not start Elasticsearch"
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    es_stop
    pg_stop
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

section "Ruff"
lint_failed=0
ruff check . || lint_failed=1
ruff format --check . || lint_failed=1
if [[ $lint_failed -ne 0 ]]; then
    echo "FAILED: ruff found problems (fix with: .venv/bin/ruff check --fix . && .venv/bin/ruff format .)" >&2
    exit 1
fi

section "PostgreSQL 15 (throwaway)"
pg_start
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres guides
export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/guides"
echo "listening on 127.0.0.1:$PG_PORT, data in $PG_TMPDIR"

search_start

section "pytest"
set +e
python -m pytest "$@"
rc=$?
set -e
if [[ $rc -eq 5 ]]; then
    echo "FAILED: pytest collected no tests (exit code 5); a test run that tests nothing is an error." >&2
fi
exit "$rc"

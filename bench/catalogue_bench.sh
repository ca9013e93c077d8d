#!/usr/bin/env bash
# The catalogue import benchmark (bench/catalogue_bench.py) on a throwaway PostgreSQL, stopped
# at the end:  bench/catalogue_bench.sh [--rows 10000] [--format xlsx] [--national]
# With DATABASE_URL set (an empty database on a running server) that database is used instead;
# with ELASTICSEARCH_URL set the public search indexes into Elasticsearch (SEARCH_INDEX names
# the index) rather than the embedded engine.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
export DJANGO_SETTINGS_MODULE=guidesite.settings.test
bootstrap
if [[ -z "${DATABASE_URL:-}" ]]; then
    cleanup() { local rc=$?; trap - EXIT; pg_stop; exit "$rc"; }
    trap cleanup EXIT
    pg_start
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres guides
    export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/guides"
fi
python "$REPO_ROOT/bench/catalogue_bench.py" "$@"

#!/usr/bin/env bash
# The catalogue import benchmark (bench/catalogue_bench.py) on a throwaway PostgreSQL, stopped
# at the end:  bench/catalogue_bench.sh [--rows 10000] [--format xlsx]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
export DJANGO_SETTINGS_MODULE=guidesite.settings.test
bootstrap
cleanup() { local rc=$?; trap - EXIT; pg_stop; exit "$rc"; }
trap cleanup EXIT
pg_start
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres guides
export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/guides"
python "$REPO_ROOT/bench/catalogue_bench.py" "$@"

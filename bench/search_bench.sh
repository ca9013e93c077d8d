#!/usr/bin/env bash
# The search benchmark (bench/search_bench.py) against a throwaway PostgreSQL and a real
# Elasticsearch node, both stopped at the end. Arguments go to search_bench.py.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
export DJANGO_SETTINGS_MODULE=guidesite.settings.test
bootstrap
cleanup() { local rc=$?; trap - EXIT; es_stop; pg_stop; exit "$rc"; }
trap cleanup EXIT
pg_start
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres guides
export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/guides"
ES_HEAP="${ES_HEAP:--Xms1g -Xmx1g}" es_start
python "$REPO_ROOT/bench/search_bench.py" "$@"

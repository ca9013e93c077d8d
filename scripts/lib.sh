# shellcheck shell=bash
# Shared by scripts/demo.sh and scripts/test.sh. Source it; do not run it.
#
#   bootstrap        Debian packages (when missing), .venv (when requirements changed),
#                    compiled translations. Idempotent and quick on a second run.
#   pg_start         a throwaway PostgreSQL 15 on 127.0.0.1 and a free port; sets PG_PORT,
#                    PG_TMPDIR. pg_stop stops it and removes its directory (safe to call twice).
#   es_start         a throwaway Elasticsearch 8 node (devservices/es_node.sh, sourced here);
#                    es_stop stops it (safe to call twice).

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$REPO_ROOT/.venv"
PYTHON_BIN="${PYTHON_BIN:-python3.11}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"

# Debian packages the project needs. Add to this list; bootstrap installs whatever is missing.
#   chromium             the browser tests (Playwright drives /usr/bin/chromium)
#   poppler-utils        pdftotext/pdftoppm, to check generated PDFs
#   fonts-noto-cjk       Chinese glyphs in screenshots and PDFs
#   libharfbuzz-subset0, libpango-1.0-0, libpangoft2-1.0-0   WeasyPrint (PDF)
#   gettext              msgfmt, for compilemessages
#   postgresql-15        the throwaway test database server
DEBIAN_PACKAGES=(
    chromium
    poppler-utils
    fonts-noto-cjk
    libharfbuzz-subset0
    libpango-1.0-0
    libpangoft2-1.0-0
    gettext
    postgresql-15
)

section() {
    printf '\n==> %s\n' "$*"
}

die() {
    printf 'ERROR: %s\n' "$*" >&2
    exit 1
}

# Run a command with root rights: directly when we are root, else through sudo.
as_root() {
    if [[ $EUID -eq 0 ]]; then
        "$@"
    else
        sudo "$@"
    fi
}

ensure_debian_packages() {
    local missing=() package
    for package in "${DEBIAN_PACKAGES[@]}"; do
        if [[ "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null)" != "install ok installed" ]]; then
            missing+=("$package")
        fi
    done
    if [[ ${#missing[@]} -eq 0 ]]; then
        return 0
    fi
    section "Installing Debian packages: ${missing[*]}"
    # One `apt-get update` per run, and only when something is missing.
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
        "${missing[@]}"
}

# A fingerprint of everything that decides what is in .venv: the requirements files and the
# interpreter's version.
requirements_fingerprint() {
    (
        cd "$REPO_ROOT"
        sha256sum requirements*.txt
        "$VENV/bin/python" -c 'import sys; print(sys.version)'
    ) | sha256sum | cut -d' ' -f1
}

ensure_venv() {
    local stamp="$VENV/.requirements.sha256"
    # A venv whose interpreter went away (e.g. pyenv upgraded) is rebuilt from scratch.
    if [[ -d "$VENV" ]] && ! "$VENV/bin/python" -c '' >/dev/null 2>&1; then
        section "Removing broken .venv"
        rm -rf "$VENV"
    fi
    if [[ ! -x "$VENV/bin/python" ]]; then
        command -v "$PYTHON_BIN" >/dev/null || die "$PYTHON_BIN not found (set PYTHON_BIN)"
        section "Creating .venv with $PYTHON_BIN"
        "$PYTHON_BIN" -m venv "$VENV"
    fi
    local want have=""
    want="$(requirements_fingerprint)"
    [[ -f "$stamp" ]] && have="$(<"$stamp")"
    if [[ "$want" != "$have" ]]; then
        section "Installing Python packages into .venv (requirements changed)"
        "$VENV/bin/python" -m pip install --disable-pip-version-check -q -r "$REPO_ROOT/requirements-dev.txt"
        # Written only after a successful install, so a failed one is retried next time.
        printf '%s\n' "$want" >"$stamp"
    fi
    export VIRTUAL_ENV="$VENV"
    export PATH="$VENV/bin:$PATH"
    hash -r
}

compile_messages() {
    [[ -f "$REPO_ROOT/manage.py" && -d "$REPO_ROOT/locale" ]] || return 0
    # Only start Django when some .po is newer than its .mo (or has none); no .po: stay quiet.
    local po stale=0
    while IFS= read -r -d '' po; do
        [[ "${po%.po}.mo" -nt "$po" ]] || stale=1
    done < <(find "$REPO_ROOT" -path "$VENV" -prune -o -path '*/LC_MESSAGES/*.po' -print0)
    [[ $stale -eq 1 ]] || return 0
    (cd "$REPO_ROOT" && python manage.py compilemessages --ignore=.venv --verbosity 0)
}

bootstrap() {
    cd "$REPO_ROOT"
    ensure_debian_packages
    ensure_venv
    compile_messages
}

# ---------------------------------------------------------------------------------------------
# Throwaway servers
# ---------------------------------------------------------------------------------------------

# The throwaway Elasticsearch node (es_start, es_stop) and free_port, which pg_start uses too.
# shellcheck source=devservices/es_node.sh
source "$REPO_ROOT/devservices/es_node.sh"

# PostgreSQL refuses to run as root: run its tools as the `postgres` user when we are root.
as_postgres() {
    if [[ $EUID -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

PG_TMPDIR=""
PG_PORT=""

pg_start() {
    [[ -x "$PG_BIN/initdb" ]] || die "PostgreSQL 15 not found in $PG_BIN"
    PG_TMPDIR="$(mktemp -d -t guides-pg.XXXXXX)"
    if [[ $EUID -eq 0 ]]; then
        chown postgres:postgres "$PG_TMPDIR"
    fi
    if ! as_postgres "$PG_BIN/initdb" -D "$PG_TMPDIR/data" -U postgres -A trust -E UTF8 \
        --locale=C.UTF-8 >"$PG_TMPDIR/initdb.log" 2>&1; then
        cat "$PG_TMPDIR/initdb.log" >&2
        die "initdb failed"
    fi
    # Speed over durability: the cluster lives for one test run.
    cat >>"$PG_TMPDIR/data/postgresql.conf" <<EOF

# scripts/lib.sh: throwaway test server
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PG_TMPDIR'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
    # The port is free when picked but could be taken before the server binds: try a few.
    local attempt
    for attempt in 1 2 3; do
        PG_PORT="$(free_port)"
        if as_postgres "$PG_BIN/pg_ctl" -D "$PG_TMPDIR/data" -l "$PG_TMPDIR/postgres.log" \
            -o "-p $PG_PORT" -w -t 60 start >/dev/null; then
            return 0
        fi
        echo "PostgreSQL did not start on port $PG_PORT (attempt $attempt); log:" >&2
        tail -n 20 "$PG_TMPDIR/postgres.log" >&2 || true
    done
    die "could not start PostgreSQL"
}

pg_stop() {
    [[ -n "$PG_TMPDIR" ]] || return 0
    local pidfile="$PG_TMPDIR/data/postmaster.pid" pid=""
    if [[ -f "$pidfile" ]]; then
        pid="$(head -n 1 "$pidfile")"
        as_postgres "$PG_BIN/pg_ctl" -D "$PG_TMPDIR/data" -m immediate -w -t 30 stop \
            >/dev/null 2>&1 || true
        # Belt and braces: if pg_ctl could not stop it, kill that postmaster by its pid.
        if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    rm -rf "$PG_TMPDIR"
    PG_TMPDIR=""
}

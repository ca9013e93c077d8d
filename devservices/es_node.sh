#!/usr/bin/env bash
# A throwaway, real Elasticsearch 8 node on 127.0.0.1 for the test suite (details and the
# reasons behind each choice: devservices/es_node/README.md).
#
# As a command:
#   devservices/es_node.sh start       build if needed, start a node, wait until green; prints
#                                      ELASTICSEARCH_URL=... and ES_BASE_DIR=... (eval-able)
#   devservices/es_node.sh stop DIR    stop the node of base dir DIR (default: $ES_BASE_DIR),
#                                      remove DIR
#   devservices/es_node.sh build       only build/refresh the cached Elasticsearch home
#   devservices/es_node.sh status [DIR]
#
# Sourced (scripts/lib.sh does; defines functions only, changes no shell options):
#   free_port  prints a TCP port on 127.0.0.1 that is free right now (scripts/lib.sh's
#              PostgreSQL uses it too)
#   es_start   exports ELASTICSEARCH_URL, ES_BASE_DIR, ES_PORT; returns non-zero on failure
#   es_stop    stops the node started by es_start and removes its directory (safe to call twice,
#              or when nothing was started). A sourced es_start also starts a watchdog that
#              stops the node if the sourcing shell dies without calling es_stop.
#
# Settings (environment):
#   ES_HEAP            JVM heap options (default "-Xms512m -Xmx1g")
#   ES_START_TIMEOUT   seconds to wait for the node to be green (default 180)
#   ES_STOP_TIMEOUT    seconds between SIGTERM and SIGKILL (default 30)
#   ES_CACHE_DIR       where the built Elasticsearch home is kept (default: /var/cache/guides-es-node
#                      as root, else ${XDG_CACHE_HOME:-~/.cache}/guides-es-node)
#   ES_USER            the unprivileged user that runs the node when we are root (default guides-es)
#   ES_MAVEN_ARGS      extra arguments for mvn (e.g. -o, or -Dmaven.repo.local=...)
#
# Why the unprivileged user: Elasticsearch refuses to start as root ("can not run elasticsearch
# as root"; there is no override in 8.x). When this runs as root it creates the system user
# ES_USER (useradd --system, once) and starts the JVM with runuser. Bootstrap checks
# (vm.max_map_count, file descriptors, ...) are not enforced because the node binds to loopback
# only and uses discovery.type=single-node, so nothing needs sysctl.

# The functions below use only plain assignments at the top level, so sourcing this file from
# inside a function still defines globals.
ES_NODE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/es_node"
ES_CLUSTER_NAME="guides-test"
ES_NODE_NAME="node-1"
ES_BASE_DIR="${ES_BASE_DIR:-}"

_es_log() {
    printf 'es_node: %s\n' "$*" >&2
}

_es_cache_dir() {
    if [[ -n "${ES_CACHE_DIR:-}" ]]; then
        printf '%s\n' "$ES_CACHE_DIR"
    elif [[ $EUID -eq 0 ]]; then
        # Readable by ES_USER (root's home is not).
        printf '%s\n' /var/cache/guides-es-node
    else
        printf '%s\n' "${XDG_CACHE_HOME:-$HOME/.cache}/guides-es-node"
    fi
}

_es_python() {
    command -v "${PYTHON_BIN:-python3}" 2>/dev/null || command -v python3
}

# A TCP port on 127.0.0.1 that is free right now.
free_port() {
    "$(_es_python)" -c '
import socket
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])
'
}

# GET a URL; prints the body, fails on HTTP errors or connection problems.
_es_get() {
    "$(_es_python)" - "$1" <<'PY'
import sys, urllib.request
try:
    with urllib.request.urlopen(sys.argv[1], timeout=30) as r:
        sys.stdout.write(r.read().decode())
except Exception as e:  # noqa: BLE001
    sys.stderr.write(f"{e}\n")
    sys.exit(1)
PY
}

_es_java_home() {
    local java
    java="$(command -v java)" || return 1
    java="$(readlink -f "$java")"
    printf '%s\n' "${java%/bin/java}"
}

# Runs a command as ES_USER when we are root, as ourselves otherwise.
_es_as_user() {
    if [[ $EUID -eq 0 ]]; then
        runuser -u "${ES_USER:-guides-es}" -- "$@"
    else
        "$@"
    fi
}

_es_ensure_user() {
    [[ $EUID -eq 0 ]] || return 0
    local user="${ES_USER:-guides-es}"
    if ! id -u "$user" >/dev/null 2>&1; then
        useradd --system --user-group --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin "$user" 2>/dev/null || id -u "$user" >/dev/null 2>&1 || {
            _es_log "could not create the system user $user"
            return 1
        }
    fi
}

# Prints the Elasticsearch home, building it first when pom.xml or the plugin sources changed.
es_build() {
    local cache stamp want es_version home lock_fd rc=0
    command -v mvn >/dev/null || { _es_log "mvn not found (Maven 3 is needed)"; return 1; }
    command -v java >/dev/null || { _es_log "java not found (Java 17+ is needed)"; return 1; }
    cache="$(_es_cache_dir)"
    mkdir -p "$cache" || return 1
    es_version="$(sed -n 's:.*<es.version>\(.*\)</es.version>.*:\1:p' "$ES_NODE_DIR/pom.xml" | head -n 1)"
    home="$cache/es-home/elasticsearch-$es_version"
    want="$(cd "$ES_NODE_DIR" && find pom.xml src -type f -print0 | LC_ALL=C sort -z |
        xargs -0 sha256sum | sha256sum | cut -d' ' -f1)"
    # One build at a time per cache (parallel test runs share it).
    exec {lock_fd}>"$cache/.lock"
    flock "$lock_fd"
    stamp="$(cat "$cache/stamp" 2>/dev/null || true)"
    if [[ "$stamp" != "$want" || ! -x "$home/bin/elasticsearch" ]]; then
        _es_log "building the Elasticsearch $es_version home in $cache (Maven; first time downloads ~180 MB)"
        rm -rf "$cache/es-home" "$cache/build" "$cache/stamp"
        # shellcheck disable=SC2086  # ES_MAVEN_ARGS is a list of words
        if mvn -B -q -f "$ES_NODE_DIR/pom.xml" ${ES_MAVEN_ARGS:-} package \
            -Des.node.cache="$cache" >"$cache/build.log" 2>&1; then
            chmod -R a+rX "$cache/es-home"
            printf '%s\n' "$want" >"$cache/stamp"
        else
            rc=1
            tail -n 40 "$cache/build.log" >&2
            _es_log "Maven build failed (full log: $cache/build.log)"
        fi
    fi
    exec {lock_fd}>&-
    [[ $rc -eq 0 ]] || return 1
    printf '%s\n' "$home"
}

_es_tail_logs() {
    local base="$1" f
    for f in "$base/launcher.log" "$base/logs/$ES_CLUSTER_NAME.log"; do
        [[ -s "$f" ]] || continue
        printf -- '--- last lines of %s ---\n' "$f" >&2
        tail -n 40 "$f" >&2
    done
}

# The pid of the node of base dir $1, if that process is still alive and really is that node
# (guards against a recycled pid).
_es_pid() {
    local base="$1" pid
    pid="$(cat "$base/es.pid" 2>/dev/null)" || return 1
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$base/" || return 1
    printf '%s\n' "$pid"
}

# Stops the node of base dir $1 (default ES_BASE_DIR) and removes the directory.
es_stop() {
    local base="${1:-$ES_BASE_DIR}" pid waited=0 limit watchdog
    [[ -n "$base" ]] || return 0
    if [[ -d "$base" ]]; then
        watchdog="$(cat "$base/watchdog.pid" 2>/dev/null || true)"
        if [[ "$watchdog" =~ ^[0-9]+$ && "$watchdog" != "${BASHPID:-$$}" ]]; then
            kill "$watchdog" 2>/dev/null || true
        fi
        if pid="$(_es_pid "$base")"; then
            limit="${ES_STOP_TIMEOUT:-30}"
            kill -TERM "$pid" 2>/dev/null || true
            while kill -0 "$pid" 2>/dev/null && ((waited < limit * 5)); do
                sleep 0.2
                waited=$((waited + 1))
            done
            if kill -0 "$pid" 2>/dev/null; then
                _es_log "node $pid did not stop within ${limit}s: killing it"
                kill -KILL "$pid" 2>/dev/null || true
                while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
            fi
        fi
        rm -rf "$base"
    fi
    if [[ "$base" == "$ES_BASE_DIR" ]]; then
        ES_BASE_DIR=""
        unset ELASTICSEARCH_URL ES_PORT
    fi
    return 0
}

# Stops the node if process $1 goes away first. Runs detached, stdio closed, so it holds no pipe.
_es_watchdog() {
    local watched="$1" base="$2"
    (
        trap - EXIT INT TERM
        while kill -0 "$watched" 2>/dev/null && [[ -d "$base" ]]; do sleep 2; done
        es_stop "$base"
    ) </dev/null >/dev/null 2>&1 &
    printf '%s\n' "$!" >"$base/watchdog.pid"
    disown "$!" 2>/dev/null || true
}

# Starts a node; exports ELASTICSEARCH_URL, ES_BASE_DIR, ES_PORT. On failure prints the log tail,
# cleans up and returns 1.
es_start() {
    local home base java_home port tport deadline health attempt started=0 t0
    t0=$SECONDS
    if [[ -n "$ES_BASE_DIR" ]] && _es_pid "$ES_BASE_DIR" >/dev/null; then
        _es_log "a node is already running (ES_BASE_DIR=$ES_BASE_DIR)"
        return 1
    fi
    home="$(es_build)" || return 1
    java_home="$(_es_java_home)" || { _es_log "java not found"; return 1; }
    _es_ensure_user || return 1

    for attempt in 1 2 3; do
        base="$(mktemp -d -t guides-es.XXXXXX)" || return 1
        ES_BASE_DIR="$base"
        mkdir -p "$base/data" "$base/logs" "$base/tmp"
        # Our own copy of the config: the launcher writes the keystore into it.
        cp -r "$home/config" "$base/config"
        port="$(free_port)"
        tport="$(free_port)"
        cat >>"$base/config/elasticsearch.yml" <<EOF

# devservices/es_node.sh: throwaway single-node test cluster on loopback
cluster.name: $ES_CLUSTER_NAME
node.name: $ES_NODE_NAME
network.host: 127.0.0.1
http.port: $port
transport.port: $tport
discovery.type: single-node
path.data: $base/data
path.logs: $base/logs
# Plain http, no users or TLS: the node is reachable from this machine only.
xpack.security.enabled: false
# Test runs must not fail because the disk of the machine is nearly full.
cluster.routing.allocation.disk.threshold_enabled: false
EOF
        printf '%s\n' "$port" >"$base/port"
        if [[ $EUID -eq 0 ]]; then
            chown -R "${ES_USER:-guides-es}:" "$base"
        fi
        # -d: the launcher returns once the node has started (or failed); -p: pid file.
        if (cd "$base" && _es_as_user env \
            ES_JAVA_HOME="$java_home" \
            ES_PATH_CONF="$base/config" \
            ES_TMPDIR="$base/tmp" \
            ES_JAVA_OPTS="${ES_HEAP:--Xms512m -Xmx1g}" \
            timeout "${ES_START_TIMEOUT:-180}" "$home/bin/elasticsearch" -d -p "$base/es.pid" -s \
            >"$base/launcher.log" 2>&1); then
            started=1
            break
        fi
        # A port taken between picking and binding is worth another try; anything else is not.
        if grep -q "BindException\|Address already in use" "$base/launcher.log" "$base/logs/"*.log 2>/dev/null; then
            _es_log "port $port or $tport was taken (attempt $attempt); retrying"
            es_stop "$base"
            continue
        fi
        break
    done
    if [[ $started -ne 1 ]]; then
        _es_tail_logs "$base"
        _es_log "Elasticsearch did not start (base dir $base)"
        es_stop "$base"
        return 1
    fi

    export ES_BASE_DIR="$base" ES_PORT="$port"
    export ELASTICSEARCH_URL="http://127.0.0.1:$port"
    printf '%s\n' "$ELASTICSEARCH_URL" >"$base/url"
    if [[ -n "${ES_WATCH_PID:-}" ]]; then
        _es_watchdog "$ES_WATCH_PID" "$base"
    fi
    # Green: a single node with no replicas (the tests create 0-replica indices).
    deadline=$((t0 + ${ES_START_TIMEOUT:-180}))
    until health="$(_es_get "$ELASTICSEARCH_URL/_cluster/health?wait_for_status=green&timeout=5s" 2>/dev/null)" &&
        [[ "$health" == *'"status":"green"'* ]]; do
        if ((SECONDS >= deadline)) || ! _es_pid "$base" >/dev/null; then
            _es_tail_logs "$base"
            _es_log "Elasticsearch at $ELASTICSEARCH_URL was not green within ${ES_START_TIMEOUT:-180}s"
            es_stop "$base"
            return 1
        fi
        sleep 1
    done
    _es_log "Elasticsearch $(basename "$home" | sed 's/^elasticsearch-//') green at $ELASTICSEARCH_URL" \
        "after $((SECONDS - t0))s (pid $(cat "$base/es.pid"), dir $base)"
}

_es_main() {
    set -euo pipefail
    local cmd="${1:-}"
    shift || true
    case "$cmd" in
        start)
            es_start
            printf 'ELASTICSEARCH_URL=%s\nES_BASE_DIR=%s\n' "$ELASTICSEARCH_URL" "$ES_BASE_DIR"
            ;;
        stop)
            local base="${1:-$ES_BASE_DIR}"
            [[ -n "$base" ]] || { _es_log "usage: $0 stop BASE_DIR (or set ES_BASE_DIR)"; return 2; }
            es_stop "$base"
            ;;
        build)
            es_build
            ;;
        status)
            local base="${1:-$ES_BASE_DIR}" pid
            if [[ -n "$base" ]] && pid="$(_es_pid "$base")"; then
                printf 'running: pid %s, %s\n' "$pid" "$(cat "$base/url" 2>/dev/null)"
                _es_get "$(cat "$base/url")/_cluster/health"
                echo
            else
                echo "not running"
                return 1
            fi
            ;;
        *)
            awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}" >&2
            return 2
            ;;
    esac
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    _es_main "$@"
else
    # Sourced: watch the sourcing shell, so a killed test run does not leave a node behind.
    ES_WATCH_PID="${ES_WATCH_PID:-$$}"
fi

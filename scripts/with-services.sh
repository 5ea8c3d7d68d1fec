#!/usr/bin/env bash
# Run a command with throwaway PostgreSQL + Redis servers.
#
#   scripts/with-services.sh <command...>
#
# Starts a private PostgreSQL cluster and Redis in a fresh
# /tmp/danvan-services.XXXXXX folder, exports DATABASE_URL, REDIS_URL,
# DANVAN_SERVICES_DIR, DANVAN_PG_PORT, DANVAN_REDIS_PORT, DANVAN_REDIS_SERVER
# (and DANVAN_PG_BIN), runs the command, then always stops the servers and
# removes the folder. Exits with the command's exit code.
#
# Environment:
#   DANVAN_PG_PORT     PostgreSQL port (default 15432), listens on 127.0.0.1 only
#   DANVAN_REDIS_PORT  Redis port (default 16379), listens on 127.0.0.1 only
#   SKIP_BROWSER=1     do not require chromium / chromium-driver
#
# Missing Debian packages are installed automatically when run as root;
# otherwise the needed `sudo apt-get install ...` command is printed (exit 2).
set -euo pipefail

PROG="with-services.sh"
# Defaults lie below the kernel's ephemeral range (32768-60999): probing a port inside it with
# no listener can connect the socket to itself, and that TIME_WAIT then blocks the server's bind.
PG_PORT="${DANVAN_PG_PORT:-15432}"
REDIS_PORT="${DANVAN_REDIS_PORT:-16379}"
STARTUP_TIMEOUT=30

log() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die() { log "ERROR: $1"; exit "${2:-1}"; }

if [ "$#" -eq 0 ]; then
    echo "usage: $0 <command> [args...]" >&2
    exit 2
fi
case "$PG_PORT$REDIS_PORT" in
    *[!0-9]*) die "DANVAN_PG_PORT / DANVAN_REDIS_PORT must be numeric" 2 ;;
esac
[ "$PG_PORT" != "$REDIS_PORT" ] || die "DANVAN_PG_PORT and DANVAN_REDIS_PORT must differ" 2

IS_ROOT=0
[ "$(id -u)" -eq 0 ] && IS_ROOT=1

# --------------------------------------------------------------------------
# 1. Dependencies
# --------------------------------------------------------------------------
PG_BIN=""
find_pg_bin() {
    PG_BIN=""
    local d ver best=""
    for d in /usr/lib/postgresql/*/bin; do
        if [ ! -x "$d/initdb" ] || [ ! -x "$d/pg_ctl" ] || [ ! -x "$d/postgres" ] \
            || [ ! -x "$d/pg_isready" ]; then
            continue
        fi
        ver="${d#/usr/lib/postgresql/}"
        ver="${ver%/bin}"
        best="$(printf '%s\n%s\n' "$best" "$ver" | sed '/^$/d' | sort -V | tail -n 1)"
    done
    [ -n "$best" ] && PG_BIN="/usr/lib/postgresql/$best/bin"
    return 0
}

MISSING=()
check_deps() {
    MISSING=()
    find_pg_bin
    [ -n "$PG_BIN" ] || MISSING+=(postgresql)
    if [ -n "$PG_BIN" ] && [ ! -x "$PG_BIN/psql" ] && ! command -v psql >/dev/null 2>&1; then
        MISSING+=(postgresql-client)
    fi
    command -v redis-server >/dev/null 2>&1 || MISSING+=(redis-server)
    command -v redis-cli >/dev/null 2>&1 || MISSING+=(redis-tools)
    if [ "${SKIP_BROWSER:-0}" != "1" ]; then
        [ -x /usr/bin/chromium ] || MISSING+=(chromium)
        [ -x /usr/bin/chromedriver ] || MISSING+=(chromium-driver)
    fi
    [ -d /usr/share/fonts/truetype/liberation ] || MISSING+=(fonts-liberation)
    command -v pdftoppm >/dev/null 2>&1 || MISSING+=(poppler-utils)
    # The proxy's integration test runs the project's nginx config in front of gunicorn.
    command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || MISSING+=(nginx)
    command -v msgfmt >/dev/null 2>&1 || MISSING+=(gettext)
    command -v runuser >/dev/null 2>&1 || [ "$IS_ROOT" -eq 0 ] || MISSING+=(util-linux)
    return 0
}

apt_retry() {
    # Retry a few times in case another apt/dpkg holds the lock.
    local i
    for i in 1 2 3 4 5 6 7 8 9 10; do
        if "$@"; then return 0; fi
        log "apt-get failed (attempt $i/10), maybe locked; retrying in 15s..."
        sleep 15
    done
    return 1
}

check_deps
if [ "${#MISSING[@]}" -gt 0 ]; then
    if [ "$IS_ROOT" -eq 1 ]; then
        command -v apt-get >/dev/null 2>&1 \
            || die "missing packages (${MISSING[*]}) and apt-get is not available" 2
        log "installing missing packages: ${MISSING[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt_retry apt-get -o DPkg::Lock::Timeout=300 update -qq \
            || die "apt-get update failed" 2
        apt_retry apt-get -o DPkg::Lock::Timeout=300 install -y -qq "${MISSING[@]}" \
            || die "apt-get install ${MISSING[*]} failed" 2
        hash -r
        check_deps
        [ "${#MISSING[@]}" -eq 0 ] \
            || die "still missing after install: ${MISSING[*]}" 2
    else
        log "missing system packages: ${MISSING[*]}"
        log "install them with:"
        echo "    sudo apt-get install -y ${MISSING[*]}" >&2
        [ "${SKIP_BROWSER:-0}" = "1" ] \
            || log "(set SKIP_BROWSER=1 to skip the chromium requirement)"
        exit 2
    fi
fi

PSQL="$PG_BIN/psql"
[ -x "$PSQL" ] || PSQL="$(command -v psql)"
REDIS_SERVER="$(command -v redis-server)"
REDIS_CLI="$(command -v redis-cli)"

# PostgreSQL refuses to run as root: use the Debian `postgres` user, or a
# dedicated system user if it does not exist.
PG_USER=""
if [ "$IS_ROOT" -eq 1 ]; then
    if getent passwd postgres >/dev/null 2>&1; then
        PG_USER=postgres
    else
        PG_USER=danvan-pg
        if ! getent passwd "$PG_USER" >/dev/null 2>&1; then
            useradd --system --no-create-home --home-dir /nonexistent \
                --shell /usr/sbin/nologin "$PG_USER" \
                || die "could not create system user $PG_USER"
        fi
    fi
fi

# Run a PostgreSQL server binary (as PG_USER when we are root).
as_pg() {
    if [ -n "$PG_USER" ]; then
        (cd / && runuser -u "$PG_USER" -- "$@")
    else
        "$@"
    fi
}

# --------------------------------------------------------------------------
# Stale runs / port conflicts
# --------------------------------------------------------------------------
port_open() {
    # true if something accepts TCP connections on 127.0.0.1:$1
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

proc_is() {
    # proc_is PID NAME-REGEX: process PID exists and its command matches
    local pid="$1" re="$2"
    [ -n "$pid" ] && [ -d "/proc/$pid" ] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -Eq -- "$re"
}

wait_gone() {
    local pid="$1" i
    for i in $(seq 1 50); do
        [ -d "/proc/$pid" ] || return 0
        sleep 0.1
    done
    return 1
}

# Stop leftovers of earlier runs whose wrapper process is gone (e.g. killed
# with SIGKILL). Folders of runs that are still alive are left alone.
sweep_stale() {
    local d owner pid
    for d in /tmp/danvan-services.*; do
        [ -d "$d" ] || continue
        [ "$d" != "${SERVICES_DIR:-}" ] || continue
        owner=""
        [ -r "$d/owner.pid" ] && owner="$(cat "$d/owner.pid" 2>/dev/null || true)"
        if [ -n "$owner" ]; then
            proc_is "$owner" 'with-services' && continue   # still running
        else
            # no owner file yet: only treat as stale when older than a minute
            [ -n "$(find "$d" -maxdepth 0 -mmin +1 2>/dev/null)" ] || continue
        fi
        log "cleaning up stale services folder $d"
        pid=""
        [ -r "$d/pg/data/postmaster.pid" ] \
            && pid="$(head -n 1 "$d/pg/data/postmaster.pid" 2>/dev/null || true)"
        if proc_is "$pid" 'postgres|postmaster'; then
            kill -QUIT "$pid" 2>/dev/null || true      # immediate shutdown
            wait_gone "$pid" || kill -KILL "$pid" 2>/dev/null || true
        fi
        pid=""
        [ -r "$d/redis.pid" ] && pid="$(cat "$d/redis.pid" 2>/dev/null || true)"
        if proc_is "$pid" 'redis-server'; then
            kill -TERM "$pid" 2>/dev/null || true
            wait_gone "$pid" || kill -KILL "$pid" 2>/dev/null || true
        fi
        # Redis may have been restarted by tests without our pidfile: shut
        # down whatever answers on the port this stale run recorded.
        if [ -r "$d/redis.port" ]; then
            local rport
            rport="$(cat "$d/redis.port" 2>/dev/null || true)"
            case "$rport" in
                ''|*[!0-9]*) ;;
                *)
                    if [ "$("$REDIS_CLI" -h 127.0.0.1 -p "$rport" ping 2>/dev/null || true)" = PONG ]; then
                        "$REDIS_CLI" -h 127.0.0.1 -p "$rport" shutdown nosave >/dev/null 2>&1 || true
                    fi
                    ;;
            esac
        fi
        rm -rf "$d" 2>/dev/null || log "warning: could not remove $d"
    done
    return 0
}

check_ports_free() {
    local sweep_done=0 busy
    while :; do
        busy=""
        port_open "$PG_PORT" && busy="$busy PostgreSQL-port=$PG_PORT"
        port_open "$REDIS_PORT" && busy="$busy Redis-port=$REDIS_PORT"
        [ -n "$busy" ] || return 0
        if [ "$sweep_done" -eq 0 ]; then
            sweep_stale
            sweep_done=1
            sleep 0.5
            continue
        fi
        local msg="port(s) already in use on 127.0.0.1:${busy}." d owner
        for d in /tmp/danvan-services.*; do
            [ -r "$d/owner.pid" ] || continue
            owner="$(cat "$d/owner.pid" 2>/dev/null || true)"
            if proc_is "$owner" 'with-services' \
                && { grep -qx "$PG_PORT" "$d/pg.port" 2>/dev/null \
                     || grep -qx "$REDIS_PORT" "$d/redis.port" 2>/dev/null; }; then
                msg="$msg Another with-services.sh run is active (pid $owner, folder $d)."
            fi
        done
        if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 2 >/dev/null 2>&1; then
            msg="$msg A PostgreSQL server is answering on $PG_PORT."
        fi
        if [ "$("$REDIS_CLI" -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null || true)" = PONG ]; then
            msg="$msg A Redis server is answering on $REDIS_PORT."
        fi
        die "$msg It is not a stale run of this script that could be stopped (another run may be active). Stop it, or choose other ports with DANVAN_PG_PORT / DANVAN_REDIS_PORT." 3
    done
}

# Remove leftovers of dead runs first (cheap), then make sure ports are free.
sweep_stale
check_ports_free

# --------------------------------------------------------------------------
# Temp folder + cleanup
# --------------------------------------------------------------------------
SERVICES_DIR="$(mktemp -d /tmp/danvan-services.XXXXXX)"
echo "$$" >"$SERVICES_DIR/owner.pid"
echo "$PG_PORT" >"$SERVICES_DIR/pg.port"
echo "$REDIS_PORT" >"$SERVICES_DIR/redis.port"
PG_DIR="$SERVICES_DIR/pg"
PG_DATA="$PG_DIR/data"
PG_LOG="$PG_DIR/postgres.log"
REDIS_PIDFILE="$SERVICES_DIR/redis.pid"
REDIS_LOG="$SERVICES_DIR/redis.log"
PG_STARTED=0
REDIS_STARTED=0
CLEANED=0

# shellcheck disable=SC2317  # invoked via trap
cleanup() {
    local rc=$?
    set +e
    trap - EXIT INT TERM HUP
    if [ "$CLEANED" -eq 0 ]; then
        CLEANED=1
        if [ "$PG_STARTED" -eq 1 ] && [ -f "$PG_DATA/postmaster.pid" ]; then
            local pgpid
            pgpid="$(head -n 1 "$PG_DATA/postmaster.pid" 2>/dev/null)"
            as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w -t 20 stop >/dev/null 2>&1
            if proc_is "$pgpid" 'postgres|postmaster'; then
                kill -KILL "$pgpid" 2>/dev/null
                wait_gone "$pgpid"
            fi
        fi
        if [ "$REDIS_STARTED" -eq 1 ]; then
            # Tests may have restarted Redis on the same port: stop whatever
            # Redis answers there, then the pid from our pidfile if still alive.
            if [ "$("$REDIS_CLI" -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; then
                "$REDIS_CLI" -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1
            fi
            if [ -f "$REDIS_PIDFILE" ]; then
                local rpid
                rpid="$(cat "$REDIS_PIDFILE" 2>/dev/null)"
                if proc_is "$rpid" 'redis-server'; then
                    kill -TERM "$rpid" 2>/dev/null
                    wait_gone "$rpid" || kill -KILL "$rpid" 2>/dev/null
                fi
            fi
        fi
        rm -rf "$SERVICES_DIR"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

show_log() {
    local f="$1"
    if [ -r "$f" ]; then
        log "---- last lines of $f ----"
        tail -n 30 "$f" >&2 || true
    fi
}

# --------------------------------------------------------------------------
# 2. PostgreSQL
# --------------------------------------------------------------------------
mkdir -p "$PG_DIR"
if [ -n "$PG_USER" ]; then
    chmod 0711 "$SERVICES_DIR"          # traversable for the postgres user
    chown "$PG_USER": "$PG_DIR"
fi
chmod 0700 "$PG_DIR"

run_initdb() {
    as_pg "$PG_BIN/initdb" -D "$PG_DATA" --username=postgres --auth=trust \
        --encoding=UTF8 --locale="$1" --no-sync >"$SERVICES_DIR/initdb.log" 2>&1
}
if ! run_initdb C.UTF-8; then
    log "initdb with locale C.UTF-8 failed, retrying with locale C"
    as_pg rm -rf "$PG_DATA"
    run_initdb C || { show_log "$SERVICES_DIR/initdb.log"; die "initdb failed"; }
fi

cat >>"$PG_DATA/postgresql.conf" <<EOF

# ---- added by scripts/with-services.sh (throwaway test cluster) ----
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_DIR'
max_connections = 100
fsync = off
synchronous_commit = off
full_page_writes = off
EOF

PG_STARTED=1
if ! as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t "$STARTUP_TIMEOUT" start >/dev/null 2>&1; then
    show_log "$PG_LOG"
    die "PostgreSQL failed to start on 127.0.0.1:$PG_PORT"
fi
ready=0
for _ in $(seq 1 $((STARTUP_TIMEOUT * 5))); do
    if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 1 >/dev/null 2>&1; then
        ready=1
        break
    fi
    sleep 0.2
done
[ "$ready" -eq 1 ] || { show_log "$PG_LOG"; die "PostgreSQL not ready after ${STARTUP_TIMEOUT}s"; }

pg_sql() {
    # pg_sql DBNAME SQL  (as bootstrap superuser, over TCP, trust auth)
    PGPASSWORD="" PGOPTIONS="-c client_min_messages=warning" "$PSQL" -X -q -v ON_ERROR_STOP=1 \
        "host=127.0.0.1 port=$PG_PORT user=postgres dbname=$1" -c "$2" >/dev/null
}
pg_sql postgres "CREATE ROLE danvan WITH LOGIN SUPERUSER PASSWORD 'danvan';"
pg_sql template1 "CREATE EXTENSION IF NOT EXISTS unaccent; CREATE EXTENSION IF NOT EXISTS pg_trgm;"
pg_sql postgres "CREATE DATABASE danvan OWNER danvan;"
pg_sql danvan "CREATE EXTENSION IF NOT EXISTS unaccent; CREATE EXTENSION IF NOT EXISTS pg_trgm;"

# --------------------------------------------------------------------------
# 3. Redis
# --------------------------------------------------------------------------
REDIS_STARTED=1
if ! "$REDIS_SERVER" --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$SERVICES_DIR" \
        --save '' --appendonly no --daemonize yes \
        --pidfile "$REDIS_PIDFILE" --logfile "$REDIS_LOG" >/dev/null 2>&1; then
    show_log "$REDIS_LOG"
    die "redis-server failed to start on 127.0.0.1:$REDIS_PORT"
fi
ready=0
for _ in $(seq 1 $((STARTUP_TIMEOUT * 5))); do
    if [ "$("$REDIS_CLI" -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null || true)" = PONG ]; then
        ready=1
        break
    fi
    sleep 0.2
done
[ "$ready" -eq 1 ] || { show_log "$REDIS_LOG"; die "Redis not ready after ${STARTUP_TIMEOUT}s"; }

# --------------------------------------------------------------------------
# 4./5. Run the command
# --------------------------------------------------------------------------
export DATABASE_URL="postgres://danvan:danvan@127.0.0.1:$PG_PORT/danvan"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export DANVAN_SERVICES_DIR="$SERVICES_DIR"
export DANVAN_PG_PORT="$PG_PORT"
export DANVAN_REDIS_PORT="$REDIS_PORT"
export DANVAN_REDIS_SERVER="$REDIS_SERVER"
export DANVAN_PG_BIN="$PG_BIN"

log "PostgreSQL on 127.0.0.1:$PG_PORT, Redis on 127.0.0.1:$REDIS_PORT (dir $SERVICES_DIR)"
rc=0
"$@" || rc=$?

# 6. cleanup() runs from the EXIT trap and preserves the exit code.
exit "$rc"

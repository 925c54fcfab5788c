#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 cluster for the test suite.
#   source scripts/pg.sh start   -> exports POSTROOM_TEST_PG_URL (an admin URL on
#                                   database "postgres"; tests create their own databases)
#   scripts/pg.sh stop           -> stops it and removes its directory
# Needs Debian's postgresql-15 (scripts/install.sh installs it). As root, the
# server runs as the "postgres" system user (PostgreSQL refuses to run as root).
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
STATE=${POSTROOM_PG_STATE:-/tmp/postroom-test-pg}

as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
    pg_stop >/dev/null 2>&1 || true
    mkdir -p "$STATE"
    [ "$(id -u)" = 0 ] && chown postgres "$STATE"
    local port
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    as_pg "$PGBIN/initdb" -D "$STATE/data" -A trust -U postroom -E UTF8 --no-locale --no-sync >"$STATE/initdb.log" 2>&1
    # Durability is not under test here: fsync off makes the suite faster.
    as_pg "$PGBIN/pg_ctl" -D "$STATE/data" -l "$STATE/server.log" -w -t 60 \
        -o "-p $port -k $STATE -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
        start >/dev/null
    echo "$port" >"$STATE/port"
    export POSTROOM_TEST_PG_URL="postgres://postroom@127.0.0.1:$port/postgres"
    echo "PostgreSQL test cluster on port $port ($STATE)"
}

pg_stop() {
    if [ -d "$STATE/data" ]; then
        as_pg "$PGBIN/pg_ctl" -D "$STATE/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$STATE"
}

case "${1:-}" in
    start) pg_start ;;
    stop) pg_stop ;;
    *) echo "usage: source scripts/pg.sh start | scripts/pg.sh stop" >&2; exit 2 ;;
esac

#!/bin/sh
# Short load runs of beacond's releases answer on loopback, for each polling
# back end and thread-pool size, with >= 128 connections per thread (the
# epoll stall of libmicrohttpd 0.9.75 shows only there). Prints req/s.
#   tests/bench/beacond_bench.sh BUILD_DIR [SECONDS] [CONNECTIONS]
# BUILD_DIR must be configured with -DBEACON_BUILD_BENCH=ON and built.
set -eu
build=${1:?usage: beacond_bench.sh BUILD_DIR [SECONDS] [CONNECTIONS]}
seconds=${2:-3}
conns=${3:-256}
beacond=$build/server/beacond
load=$build/tests/bench/beacond_load
dir=$(mktemp -d)
pid=""
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$dir"
}
trap cleanup EXIT INT TERM
"$beacond" release add traefik/traefik v3.1.0 --db "$dir/b.db" >/dev/null
"$beacond" release add traefik/traefik v3.0.0 --db "$dir/b.db" \
    --published-at 2024-04-29T00:00:00Z >/dev/null
for mode in poll epoll; do
    for threads in 1 2; do
        : >"$dir/log"
        "$beacond" serve --listen 127.0.0.1:0 --db "$dir/b.db" \
            --pollMode "$mode" --threads "$threads" \
            --limits.maxConnections 4096 2>"$dir/log" &
        pid=$!
        port=""
        for _ in $(seq 1 100); do
            port=$(sed -n 's/.* listening .*port=\([0-9]*\).*/\1/p' "$dir/log")
            [ -n "$port" ] && break
            sleep 0.05
        done
        printf 'pollMode=%s threads=%s ' "$mode" "$threads"
        "$load" "http://127.0.0.1:$port/repos/traefik/traefik/releases" \
            "$conns" "$seconds" || true
        kill "$pid"
        wait "$pid" || true
        pid=""
    done
done

#!/bin/sh
# The run command of the README: installs what is missing, builds beacond and
# the beacon CLI in Release mode under build/release/ and runs the collector
# on 127.0.0.1:$PORT (default 8080) with its SQLite database under ./data/,
# loading deploy/releases.example.yaml the first time. Nothing is installed
# outside the clone: the CLI is build/release/client/cli/beacon
# (`sudo cmake --install build/release` puts both in /usr/local/bin).
# Stop it with Ctrl-C (SIGINT): it drains its queue and exits.
#
# Environment:
#   PORT=N        listen on 127.0.0.1:N (0: any free port, logged)
#   DATA=DIR      database directory (default ./data)
#   BEACOND=FILE  use this beacond and skip the dependencies and the build
set -eu
cd "$(dirname "$0")/.."
port=${PORT:-8080}
data=${DATA:-data}
beacond=${BEACOND:-build/release/server/beacond}
if [ -z "${BEACOND:-}" ]; then
    jobs=$(nproc 2>/dev/null || echo 2)
    deploy/install-deps.sh
    cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release \
        -DBEACON_BUILD_TESTS=OFF >/dev/null
    cmake --build build/release -j "$jobs"
fi
mkdir -p "$data"
chmod 700 "$data"
if [ ! -f "$data/.catalog-loaded" ] && [ -f deploy/releases.example.yaml ]; then
    "$beacond" release import --db "$data/beacon.db" deploy/releases.example.yaml
    touch "$data/.catalog-loaded"
fi
echo "quickstart: beacond on 127.0.0.1:$port, database $data/beacon.db;" \
    "the client is build/release/client/cli/beacon" >&2
exec "$beacond" serve --config deploy/beacond.example.yaml \
    --listen "127.0.0.1:$port" --db "$data/beacon.db"

#!/bin/sh
# The run command of the README: installs what is missing, builds beacond in
# Release mode and runs the collector on 127.0.0.1:8080 with its SQLite
# database under ./data/, loading deploy/releases.example.yaml the first time.
# Stop it with Ctrl-C (SIGINT): it drains its queue and exits.
set -eu
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
deploy/install-deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DBEACON_BUILD_TESTS=OFF >/dev/null
cmake --build build/release -j "$jobs"
mkdir -p data
chmod 700 data
beacond=build/release/server/beacond
if [ ! -f data/.catalog-loaded ] && [ -f deploy/releases.example.yaml ]; then
    "$beacond" release import --db data/beacon.db deploy/releases.example.yaml
    touch data/.catalog-loaded
fi
exec "$beacond" serve --config deploy/beacond.example.yaml \
    --listen 127.0.0.1:8080 --db data/beacon.db

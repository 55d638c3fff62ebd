#!/bin/sh
# profile.sh BUILD_DIR checks|reports [SECONDS] - beacond under callgrind
# (perf's hardware counters are not available on this machine class) while
# wrk drives one route with 64 connections; prints the functions with the
# most instructions (self) and writes OUT=callgrind.out.* in a temp dir
# whose path it prints. Numbers of the run itself are meaningless (valgrind
# is ~50x slower); the split between functions is what it is for.
set -eu
bin=${1:?usage: profile.sh BUILD_DIR checks|reports [SECONDS]}
route=${2:?checks|reports}
secs=${3:-10}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
"$bin/server/beacond" release import --db "$tmp/b.db" \
	"$root/deploy/releases.example.yaml" >/dev/null
valgrind --tool=callgrind --callgrind-out-file="$tmp/callgrind.out" \
	"$bin/server/beacond" serve --listen 127.0.0.1:0 --db "$tmp/b.db" \
	--limits.reportsPerMinute 0 --storage.synchronous normal \
	2>"$tmp/beacond.log" &
pid=$!
port=""
i=0
while [ -z "$port" ] && [ $i -lt 600 ]; do
	sleep 0.1
	i=$((i + 1))
	port=$(sed -n 's/.* listening .*port=\([0-9]*\).*/\1/p' "$tmp/beacond.log" | head -1)
done
[ -n "$port" ] || { echo "beacond did not start" >&2; kill "$pid"; exit 1; }
if [ "$route" = reports ]; then
	"$bin/client/cli/beacon" report --dry-run --server "http://127.0.0.1:$port" \
		--product traefik/traefik --current 3.1.2 \
		--config "$root/tests/data/anon/providers/input.json" |
		head -1 | tr -d '\n' >"$tmp/report.json"
	wrk -t2 -c64 -d"${secs}s" -s "$here/load.lua" \
		"http://127.0.0.1:$port/collect" -- post "$tmp/report.json" | grep -E 'Requests/sec|requests in'
else
	wrk -t2 -c64 -d"${secs}s" -s "$here/load.lua" \
		"http://127.0.0.1:$port/repos/traefik/traefik/releases" -- get | grep -E 'Requests/sec|requests in'
fi
kill "$pid"
wait "$pid" || true
callgrind_annotate "$tmp/callgrind.out" 2>/dev/null | sed -n '1,45p'
echo "profile: $tmp/callgrind.out"

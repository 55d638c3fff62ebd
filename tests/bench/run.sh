#!/bin/sh
# The benchmark harness: beacond against the best alternative on the same
# machine in the same run, as ratios.
#
#   sh tests/bench/run.sh [--quick | --smoke] [--build-dir DIR] [--out DIR]
#
# --only "reports memory" runs those sections (checks reports memory client
# anon) and nothing else; the targets of the others print as missing.
# Without --build-dir it configures and builds a Release tree in build/bench
# (tests on: the helpers live in tests/bench). It prints a table and writes
# the same figures to OUT/results.json (default: the build directory).
#   full     5 alternated rounds of 5 s per server and connection count
#   --quick  1 round of 2 s; 10,000 idle connections; 5 s idle agent
#   --smoke  1 round of 1 s, 200 idle connections (CI: bench_smoke)
# Exit status 1 when a row-count check fails (a request answered but not
# recorded, or the reverse) or a step breaks; never because of a timing:
# targets print PASS or MISS.
#
# Fairness: nothing is pinned. beacond runs 2 HTTP threads (+ its writer),
# nginx runs worker_processes 2, wrk runs -t2; all share the machine's CPUs
# under the same scheduler. One server is loaded at a time; the others idle.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
mode=full
bin=""
outdir=""
only="checks reports memory client anon"
while [ $# -gt 0 ]; do
	case $1 in
	--quick) mode=quick ;;
	--smoke) mode=smoke ;;
	--build-dir) bin=$2; shift ;;
	--out) outdir=$2; shift ;;
	--only) only=$2; shift ;;
	*) echo "usage: run.sh [--quick|--smoke] [--build-dir DIR] [--out DIR] [--only 'SECTION...']" >&2
	   exit 2 ;;
	esac
	shift
done
case $mode in
full) rounds=5 secs=5 idle_n=10000 agent_s=60 short_s=5 ;;
quick) rounds=1 secs=2 idle_n=10000 agent_s=5 short_s=2 ;;
smoke) rounds=1 secs=1 idle_n=200 agent_s=1 short_s=1 ;;
esac
settle=1 # seconds for a state to settle before it is sampled
# The smoke also runs under ASan, whose writer falls behind wrk: beacond
# then answers checks it cannot queue (counted in
# beacond_checks_failed_total) and the row check fails, as it should in a
# measurement. The smoke tests the machinery, so its queue holds a run.
beacond_extra=${BEACON_BENCH_BEACOND_ARGS:-} # extra flags for every beacond (experiments)
if [ $mode = smoke ]; then
	settle=0.2
	beacond_extra="$beacond_extra --storage.queueCapacity 1048576"
fi
conns_list="64 256"
case $mode in
smoke) conns_list=64 ;;
esac
report_conns=64
releases_path=/repos/traefik/traefik/releases
full_config=$root/tests/data/bench/traefik-static-full.yaml
shared_config=$root/../shared/testdata/traefik/static-samples/docs__content__reference__static-configuration__file.yaml

command -v wrk >/dev/null 2>&1 || { echo "bench: wrk not found (deploy/install-deps.sh --bench)"; exit 77; }
for t in curl sqlite3; do
	command -v $t >/dev/null 2>&1 || { echo "bench: $t not found"; exit 77; }
done
nginx=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx" ] || nginx=""

if [ -z "$bin" ]; then
	bin=$root/build/bench
	gen=""
	command -v ninja >/dev/null 2>&1 && gen="-G Ninja"
	# shellcheck disable=SC2086
	cmake -S "$root" -B "$bin" $gen -DCMAKE_BUILD_TYPE=Release \
		-DBEACON_BUILD_TESTS=ON -DBEACON_BUILD_BENCH=ON >/dev/null
	cmake --build "$bin" -j 2 --target beacond beacon anon_bench \
		sqlite_ceiling host_cost idle_conns runstat >/dev/null
fi
outdir=${outdir:-$bin}
mkdir -p "$outdir"
results=$outdir/results.tsv
: >"$results"
tools=$bin/tests/bench
tmp=$(mktemp -d)
chmod 755 "$tmp" # nginx workers run as nobody
pids=""
row_failures=0
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# shellcheck source=tests/bench/lib.sh
. "$here/lib.sh"
# shellcheck source=tests/bench/sections.sh
. "$here/sections.sh"

kv meta mode "$mode"
kv meta date "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
kv meta cpus "$(nproc)"
kv meta load_start "$(cut -d' ' -f1-3 /proc/loadavg)"
kv meta rounds "$rounds"
kv meta seconds_per_run "$secs"
kv meta nginx "${nginx:-absent}"
kv meta pinning "none (beacond threads 2 + writer, nginx workers 2, wrk -t2)"
echo "bench: mode $mode, load $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs"

start_agent
for sect in $only; do
	sect_t0=$(date +%s)
	"section_$sect"
	kv meta "seconds_$sect" $(($(date +%s) - sect_t0))
done
finish_agent
kv meta load_end "$(cut -d' ' -f1-3 /proc/loadavg)"
targets
awk -f "$here/render.awk" -v rowchecks="$tmp/rowchecks.tsv" \
	-v targets="$tmp/targets.tsv" "$results" \
	>"$outdir/results.json"
echo "bench: wrote $outdir/results.json"
if [ "$row_failures" -ne 0 ]; then
	echo "bench: FAIL: $row_failures row-count check(s) failed" >&2
	exit 1
fi
echo "bench: row-count checks ok"

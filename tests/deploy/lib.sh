# lib.sh - sourced by the tests/deploy scripts: a temporary directory
# removed at exit with the processes the test started (only their PIDs),
# fail(), and beacond started on port 0.
TMP=$(mktemp -d)
BEACOND_PID=
NGINX_PID=
CLIENT_PID=
deploy_cleanup() {
	for p in $CLIENT_PID $NGINX_PID $BEACOND_PID; do
		kill "$p" 2>/dev/null || true
	done
	wait 2>/dev/null || true
	rm -rf "$TMP"
}
trap deploy_cleanup EXIT

fail() {
	echo "FAIL: $*"
	for f in "$TMP"/*.log; do
		[ -e "$f" ] || continue
		echo "== $f"
		tail -20 "$f"
	done
	exit 1
}

# log_port LOG: print the port of beacond's first "listening" line in LOG,
# waiting up to 10 s for it; nothing when it does not come.
log_port() {
	lp_port=
	lp_i=0
	while [ -z "$lp_port" ] && [ $lp_i -lt 100 ]; do
		sleep 0.1
		lp_i=$((lp_i + 1))
		lp_port=$(sed -n 's/.* listening .* port=\([0-9]*\).*/\1/p' "$1" |
			head -1)
	done
	echo "$lp_port"
}

# beacond_start BEACOND ARGS...: run `BEACOND serve ARGS` with its log in
# $TMP/beacond.log; the "listening" line gives BEACOND_PORT.
beacond_start() {
	bin=$1
	shift
	: >"$TMP/beacond.log"
	"$bin" serve "$@" 2>"$TMP/beacond.log" &
	BEACOND_PID=$!
	BEACOND_PORT=$(log_port "$TMP/beacond.log")
	[ -n "$BEACOND_PORT" ] || fail "beacond did not start"
}

# beacond_stop: SIGTERM, which must drain and exit 0.
beacond_stop() {
	kill "$BEACOND_PID"
	wait "$BEACOND_PID" || fail "beacond exit status $?"
	BEACOND_PID=
	grep -q 'stopped' "$TMP/beacond.log" || fail "beacond did not log stopped"
}

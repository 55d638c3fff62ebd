#!/bin/sh
# test_e2e_install.sh SRC_DIR BUILD_DIR - the operator's path from an
# installed prefix: `cmake --install` into a temporary prefix; the
# installed beacond with the installed example config (port 0, temporary
# database), the installed example catalog imported with `beacond release
# import`; the installed `beacon run` as a proxy would run it (short
# schedule, a Traefik static configuration of tests/data, usage reports
# enabled by flag). Then sqlite3 through the documented views and
# `beacond stats --json` must show the check and the report with the
# version, the client IP and the config hash `beacon hash` computes.
# Last, deploy/quickstart.sh with PORT=0 and the README's client commands
# must store a report, and with a busy PORT must name the address.
set -eu
SRC=$1
BUILD=$2
CURRENT=v3.1.0 # below the example catalog's newest stable v3.2.0
LATEST=v3.2.0
STATIC="$SRC/tests/data/config/traefik.yaml"
for t in sqlite3; do
	command -v "$t" >/dev/null 2>&1 || { echo "no $t"; exit 77; }
done

. "$(dirname "$0")/lib.sh"
sql() { sqlite3 "$TMP/beacon.db" "$1"; }

# 1. Install: binaries, library, headers, pkg-config, CMake package, man
#    pages, unit, examples.
P="$TMP/prefix"
cmake --install "$BUILD" --prefix "$P" >"$TMP/install.log" 2>&1 ||
	fail "cmake --install"
for f in bin/beacond bin/beacon include/beacon/beacon.h \
	share/man/man8/beacond.8 share/man/man1/beacon.1 \
	lib/systemd/system/beacond.service lib/sysusers.d/beacon.conf \
	share/doc/beacon/examples/beacond.example.yaml \
	share/doc/beacon/examples/releases.example.yaml \
	share/doc/beacon/examples/traefik.example.yml \
	share/doc/beacon/examples/nginx/beacond.conf \
	share/beacon/sqlite/0002_views.sql; do
	[ -e "$P/$f" ] || fail "not installed: $f"
done
[ -n "$(find "$P" -name beacon.pc)" ] || fail "beacon.pc not installed"
[ -n "$(find "$P" -name BeaconConfig.cmake)" ] || fail "CMake package not installed"
grep -q "^ExecStart=$P/bin/beacond serve" "$P/lib/systemd/system/beacond.service" ||
	fail "installed unit does not run the installed beacond"

# 2. The example configuration, on port 0 and a temporary database.
EX="$P/share/doc/beacon/examples"
sed -e 's|^  - 127.0.0.1:8080$|  - 127.0.0.1:0|' \
	-e "s|^db: beacon.db\$|db: $TMP/beacon.db|" \
	"$EX/beacond.example.yaml" >"$TMP/beacond.yaml"
grep -q '127.0.0.1:0' "$TMP/beacond.yaml" || fail "listen not rewritten"
grep -q "^db: $TMP/beacon.db" "$TMP/beacond.yaml" || fail "db not rewritten"

"$P/bin/beacond" release import --config "$TMP/beacond.yaml" \
	"$EX/releases.example.yaml" >"$TMP/import.log" 2>&1 || fail "release import"
grep -q '^imported [1-9]' "$TMP/import.log" || fail "nothing imported"

beacond_start "$P/bin/beacond" --config "$TMP/beacond.yaml"
URL="http://127.0.0.1:$BEACOND_PORT"

# 3. The client as a proxy runs it: both channels at once, then hourly.
"$P/bin/beacon" run --server "$URL" --product traefik/traefik \
	--current "$CURRENT" --configFile "$STATIC" \
	--initial-delay 1 --jitter 1 --interval 3600000 \
	--global.sendAnonymousUsage=true >"$TMP/client.log" 2>&1 &
CLIENT_PID=$!
i=0
while [ $i -lt 150 ]; do
	c=$(sql 'SELECT count(*) FROM checks' 2>/dev/null || echo 0)
	r=$(sql 'SELECT count(*) FROM reports' 2>/dev/null || echo 0)
	[ "$c" = 0 ] || [ "$r" = 0 ] || break
	sleep 0.1
	i=$((i + 1))
done
kill "$CLIENT_PID"
wait "$CLIENT_PID" 2>/dev/null || true
CLIENT_PID=
[ "$c" = 1 ] || fail "expected 1 check, found $c"
[ "$r" = 1 ] || fail "expected 1 report, found $r"
grep -q 'enabled' "$TMP/client.log" || fail "client logged no enabled channel"

# 4. Expected values: the installed `beacon hash` of the same static
#    configuration (no fleet key), the loopback client address.
HASH=$("$P/bin/beacon" hash "$STATIC" --global.sendAnonymousUsage=true) ||
	fail "beacon hash"
echo "expected hash $HASH"
[ -n "$HASH" ] || fail "empty hash"

got=$(sql "SELECT version || '|' || ip FROM checks")
[ "$got" = "$CURRENT|127.0.0.1" ] || fail "check row: $got"
got=$(sql "SELECT product || '|' || version || '|' || ip || '|' || hash FROM v_latest_reports")
[ "$got" = "traefik/traefik|$CURRENT|127.0.0.1|$HASH" ] || fail "v_latest_reports: $got"
got=$(sql "SELECT ip || '|' || version || '|' || latest_version || '|' || hash FROM v_outdated_instances")
[ "$got" = "127.0.0.1|$CURRENT|$LATEST|$HASH" ] || fail "v_outdated_instances: $got"
got=$(sql "SELECT checks FROM v_checks_per_day WHERE version = '$CURRENT'")
[ "$got" = 1 ] || fail "v_checks_per_day: $got"
got=$(sql "SELECT instances FROM v_feature_usage WHERE feature = 'providers.docker'")
[ "$got" = 1 ] || fail "v_feature_usage providers.docker: $got"
got=$(sql "SELECT instances FROM v_version_adoption WHERE version = '$CURRENT'")
[ "$got" = 1 ] || fail "v_version_adoption: $got"

# 5. beacond stats --json, read back with SQLite's JSON functions.
"$P/bin/beacond" stats --config "$TMP/beacond.yaml" --json >"$TMP/stats.json" \
	2>"$TMP/stats.log" || fail "beacond stats"
js() { sqlite3 :memory: "SELECT json_extract(readfile('$TMP/stats.json'), '$1')"; }
[ "$(js '$.instances.day')" = 1 ] || fail "stats instances.day: $(js '$.instances.day')"
[ "$(js '$.checkers.day')" = 1 ] || fail "stats checkers.day"
[ "$(js '$.versions[0].version')" = "$CURRENT" ] || fail "stats versions"
[ "$(js '$.outdated[0].ip')" = 127.0.0.1 ] || fail "stats outdated ip"
[ "$(js '$.outdated[0].hash')" = "$HASH" ] || fail "stats outdated hash"
[ "$(js '$.outdated[0].latest_version')" = "$LATEST" ] || fail "stats latest"
[ "$(js '$.checkVersions[0].version')" = "$CURRENT" ] || fail "stats checkVersions"
"$P/bin/beacond" stats --config "$TMP/beacond.yaml" >"$TMP/stats.txt" || fail "stats text"
grep -q "127.0.0.1" "$TMP/stats.txt" || fail "stats text lacks the IP"

# 6. SIGTERM drains and exits 0.
beacond_stop

# 7. The README's quick start with PORT (0: any free port), the installed
#    beacond standing in for its build, then the README's client commands
#    with the repository's deploy/traefik.example.yml: a stored report.
PORT=0 DATA="$TMP/qs" BEACOND="$P/bin/beacond" sh "$SRC/deploy/quickstart.sh" \
	2>"$TMP/quickstart.log" &
BEACOND_PID=$!
QS_PORT=$(log_port "$TMP/quickstart.log")
[ -n "$QS_PORT" ] || fail "the quick start with PORT=0 did not start"
grep -q ' listening address=127.0.0.1:0 ' "$TMP/quickstart.log" ||
	fail "the quick start did not pass PORT=0 as --listen 127.0.0.1:0"
grep -q 'the client is build/release/client/cli/beacon' "$TMP/quickstart.log" ||
	fail "quickstart does not say where beacon is"
URL="http://127.0.0.1:$QS_PORT"
out=$("$P/bin/beacon" check --server "$URL" --product traefik/traefik \
	--current 3.1.2) || fail "beacon check against the quick start"
[ "$out" = "A new release of Traefik has been found: ${LATEST#v}. Please consider updating." ] ||
	fail "beacon check printed: $out"
"$P/bin/beacon" report --server "$URL" --product traefik/traefik \
	--current 3.1.2 --config "$SRC/deploy/traefik.example.yml" \
	>"$TMP/report.log" 2>&1 || fail "beacon report with deploy/traefik.example.yml"
got=$(sqlite3 "$TMP/qs/beacon.db" "SELECT product || '|' || version FROM v_latest_reports")
[ "$got" = "traefik/traefik|3.1.2" ] || fail "quick start report row: $got"

# 8. A busy port: the second quick start names the address it could not
#    take (libmicrohttpd's own line says "port 0").
rc=0
timeout 20 env PORT="$QS_PORT" DATA="$TMP/qs2" BEACOND="$P/bin/beacond" \
	sh "$SRC/deploy/quickstart.sh" 2>"$TMP/busy.log" || rc=$?
[ "$rc" = 1 ] || fail "a second quick start on port $QS_PORT: status $rc"
grep -q "cannot listen on 127.0.0.1:$QS_PORT: Address already in use" \
	"$TMP/busy.log" || fail "busy port error: $(cat "$TMP/busy.log")"
kill "$BEACOND_PID"
wait "$BEACOND_PID" || fail "quick start beacond exit status $?"
BEACOND_PID=
echo ok

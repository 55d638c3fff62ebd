#!/bin/sh
# test_nginx_proxy.sh SRC_DIR BEACOND - Debian's nginx runs a loopback
# variant of deploy/nginx/beacond.conf (self-signed certificate made here,
# free ports, its own prefix, pid and logs in a temporary directory) in
# front of beacond. A version check sent through nginx from 127.0.0.2 with a
# forged X-Forwarded-For is stored with 127.0.0.2 when beacond trusts
# 127.0.0.1/32, and with nginx's 127.0.0.1 when it trusts nothing; the
# forged address is never stored. Exit 77 when nginx, openssl or curl are
# absent.
set -eu
SRC=$1
BEACOND=$2
FORGED=203.0.113.7
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "no nginx"; exit 77; }
for t in openssl curl sqlite3; do
	command -v "$t" >/dev/null 2>&1 || { echo "no $t"; exit 77; }
done

. "$(dirname "$0")/lib.sh"

start_beacond() { # db, extra flags...
	db=$1
	shift
	"$BEACOND" release import --db "$db" \
		"$SRC/deploy/releases.example.yaml" >/dev/null ||
		fail "release import"
	beacond_start "$BEACOND" --listen 127.0.0.1:0 --db "$db" \
		--retentionDays 0 "$@"
}

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
	-keyout "$TMP/key.pem" -out "$TMP/cert.pem" >/dev/null 2>&1 ||
	fail "openssl req"

# nginx has no port 0: try random free-looking ports until one binds.
start_nginx() { # upstream port
	tries=0
	while [ $tries -lt 20 ]; do
		tries=$((tries + 1))
		NGINX_PORT=$(awk -v s="$$$tries" 'BEGIN { srand(s); print 20000 + int(rand() * 40000) }')
		sed -e "s|listen 443 ssl http2;|listen 127.0.0.1:$NGINX_PORT ssl http2;|" \
			-e '/listen \[::\]:443/d' \
			-e "s|server 127.0.0.1:8080;|server 127.0.0.1:$1;|" \
			-e "s|/etc/ssl/certs/beacon.example.net.pem|$TMP/cert.pem|" \
			-e "s|/etc/ssl/private/beacon.example.net.key|$TMP/key.pem|" \
			"$SRC/deploy/nginx/beacond.conf" >"$TMP/beacond.conf"
		grep -q "listen 127.0.0.1:$NGINX_PORT ssl" "$TMP/beacond.conf" ||
			fail "variant of beacond.conf not made"
		cat >"$TMP/nginx.conf" <<CONF
daemon off;
master_process off;
worker_processes 1;
pid $TMP/nginx.pid;
error_log $TMP/nginx-error.log info;
events { worker_connections 64; }
http {
    access_log $TMP/nginx-access.log;
    client_body_temp_path $TMP/body;
    proxy_temp_path $TMP/proxy;
    fastcgi_temp_path $TMP/fastcgi;
    uwsgi_temp_path $TMP/uwsgi;
    scgi_temp_path $TMP/scgi;
    include $TMP/beacond.conf;
}
CONF
		: >"$TMP/nginx-error.log"
		"$NGINX" -p "$TMP" -c "$TMP/nginx.conf" -e "$TMP/nginx-error.log" &
		NGINX_PID=$!
		i=0
		while [ $i -lt 50 ]; do
			sleep 0.1
			i=$((i + 1))
			if ! kill -0 "$NGINX_PID" 2>/dev/null; then
				break
			fi
			if curl -sk -o /dev/null "https://127.0.0.1:$NGINX_PORT/healthz"; then
				return 0
			fi
		done
		kill "$NGINX_PID" 2>/dev/null || true
		wait "$NGINX_PID" 2>/dev/null || true
		NGINX_PID=
		grep -q "in use" "$TMP/nginx-error.log" || fail "nginx did not start"
	done
	fail "no free port for nginx"
}

stop_nginx() {
	kill "$NGINX_PID"
	wait "$NGINX_PID" 2>/dev/null || true
	NGINX_PID=
}

# One check through nginx from 127.0.0.2 with a forged header; prints the
# HTTP status.
check_via_nginx() {
	curl -sk --interface 127.0.0.2 -o "$TMP/body.json" -w '%{http_code}' \
		-H "X-Forwarded-For: $FORGED" \
		-H 'User-Agent: traefik/v3.0.1 (linux; amd64) beacon/0.1.0' \
		"https://127.0.0.1:$NGINX_PORT/repos/traefik/traefik/releases"
}

# The ip of the only stored check, waiting for the group commit.
stored_ip() { # db
	i=0
	while [ $i -lt 50 ]; do
		n=$(sqlite3 "$1" 'SELECT count(*) FROM checks' 2>/dev/null || echo 0)
		[ "$n" = 0 ] || break
		sleep 0.1
		i=$((i + 1))
	done
	[ "$n" = 1 ] || fail "expected 1 stored check, found $n"
	sqlite3 "$1" 'SELECT ip FROM checks'
}

run_case() { # name, expected ip, beacond flags...
	name=$1
	want=$2
	shift 2
	db="$TMP/$name.db"
	start_beacond "$db" "$@"
	start_nginx "$BEACOND_PORT"
	status=$(check_via_nginx) || fail "curl through nginx"
	[ "$status" = 200 ] || fail "$name: status $status through nginx"
	got=$(stored_ip "$db")
	stop_nginx
	beacond_stop
	[ "$got" != "$FORGED" ] || fail "$name: the forged X-Forwarded-For was stored"
	[ "$got" = "$want" ] || fail "$name: stored ip $got, expected $want"
	ver=$(sqlite3 "$db" 'SELECT version FROM checks')
	[ "$ver" = v3.0.1 ] || fail "$name: stored version '$ver'"
	echo "$name: nginx port $NGINX_PORT, stored ip $got"
}

run_case trusted 127.0.0.2 --trustedProxies 127.0.0.1/32
run_case untrusted 127.0.0.1
echo ok

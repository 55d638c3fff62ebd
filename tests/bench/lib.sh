# lib.sh - process and measurement helpers of tests/bench/run.sh (sourced).
# Uses: $tmp (work directory), $results (the TSV of figures), $bin (build).

# kv SECTION KEY VALUE: one figure for the table and the JSON.
kv() {
	printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$results"
}

die() {
	echo "bench: FAIL: $*" >&2
	exit 1
}

# field FILE NAME: N of a "Name: N kB" line of a /proc status file.
field() {
	awk -v n="$2:" '$1 == n { print $2; exit }' "$1" 2>/dev/null || echo 0
}

# rss PID: "VmRSS VmHWM" in kB.
rss() {
	printf '%s %s\n' "$(field "/proc/$1/status" VmRSS)" \
		"$(field "/proc/$1/status" VmHWM)"
}

# kv_rss SECTION PREFIX PID: VmRSS/VmHWM of PID as MB figures.
kv_rss() {
	set -- "$1" "$2" $(rss "$3")
	kv "$1" "$2_rss_mb" "$(awk -v k="$3" 'BEGIN { printf "%.1f", k / 1024 }')"
	kv "$1" "$2_hwm_mb" "$(awk -v k="$4" 'BEGIN { printf "%.1f", k / 1024 }')"
}

# cpu_ticks PID: utime + stime of /proc/PID/stat (clock ticks).
cpu_ticks() {
	sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}

# start_beacond NAME FLAGS...: beacond on a free loopback port with its
# own database $tmp/NAME.db; sets pid_NAME and port_NAME.
# shellcheck disable=SC2086 # $beacond_extra: flags, split on purpose
start_beacond() {
	name=$1
	shift
	"$bin/server/beacond" release import --db "$tmp/$name.db" \
		"$root/deploy/releases.example.yaml" >/dev/null ||
		die "release import"
	"$bin/server/beacond" serve --listen 127.0.0.1:0 --db "$tmp/$name.db" \
		--retentionDays 0 --limits.reportsPerMinute 0 \
		--limits.maxConnections 20000 $beacond_extra "$@" \
		2>"$tmp/$name.log" &
	eval "pid_$name=$!"
	port=""
	i=0
	while [ -z "$port" ] && [ $i -lt 200 ]; do
		sleep 0.05
		i=$((i + 1))
		port=$(sed -n 's/.* listening .*port=\([0-9]*\).*/\1/p' \
			"$tmp/$name.log" | head -1)
	done
	[ -n "$port" ] || die "beacond $name did not start: $(tail -3 "$tmp/$name.log")"
	eval "port_$name=$port"
	pids="$pids $(eval echo "\$pid_$name")"
}

# stop PID: SIGTERM one process this script started and reap it.
stop() {
	kill "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}

# stop_beacond NAME: SIGTERM, and fail unless it exits 0 (a sanitizer
# build reports its findings by its exit status).
stop_beacond() {
	spid=$(eval echo "\$pid_$1")
	kill "$spid" 2>/dev/null || true
	st=0
	wait "$spid" || st=$?
	[ $st -eq 0 ] || die "beacond $1 exited with status $st: $(tail -5 "$tmp/$1.log")"
}

# metric PORT NAME: value of one beacond /metrics sample (0 when absent).
metric() {
	curl -s --noproxy '*' "http://127.0.0.1:$1/metrics" |
		awk -v n="$2" '$1 == n { print $2; found = 1 } END { if (!found) print 0 }'
}

# rows DB TABLE: rows stored so far.
rows() {
	sqlite3 "$1" "SELECT count(*) FROM $2"
}

# drain PORT DB TABLE: wait until the writer queue is empty and the row
# count is stable, then print it. Only for an idle server: a batch being
# committed is not in the queue any more (see settle).
drain() {
	last=-1
	i=0
	while [ $i -lt 200 ]; do
		n=$(rows "$2" "$3")
		q=$(metric "$1" beacond_queue_depth)
		[ "$n" = "$last" ] && [ "$q" = 0 ] && break
		last=$n
		i=$((i + 1))
		sleep 0.1
	done
	echo "$n"
}

# start_nginx NAME on|off: nginx serving $tmp/www as static files on a free
# loopback port, worker_processes 2, its own prefix, pid and logs; access
# log on or off. Sets pid_NAME and port_NAME.
start_nginx() {
	name=$1
	log="access_log $tmp/$name/access.log;"
	[ "$2" = off ] && log="access_log off;"
	mkdir -p "$tmp/$name"
	tries=0
	while [ $tries -lt 20 ]; do
		tries=$((tries + 1))
		nginx_seq=$((${nginx_seq:-0} + 1))
		port=$(awk -v s="$$" -v n="$nginx_seq" 'BEGIN { srand(s * 97 + n); print 20000 + int(rand() * 40000) }')
		cat >"$tmp/$name/nginx.conf" <<CONF
daemon off;
worker_processes 2;
pid $tmp/$name/nginx.pid;
error_log $tmp/$name/error.log;
events { worker_connections 16384; }
http {
    $log
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000000;
    keepalive_timeout 65;
    client_body_temp_path $tmp/$name/body;
    proxy_temp_path $tmp/$name/proxy;
    fastcgi_temp_path $tmp/$name/fastcgi;
    uwsgi_temp_path $tmp/$name/uwsgi;
    scgi_temp_path $tmp/$name/scgi;
    server {
        listen 127.0.0.1:$port;
        location / { root $tmp/www; default_type application/json; }
    }
}
CONF
		: >"$tmp/$name/error.log"
		"$nginx" -p "$tmp/$name" -c "$tmp/$name/nginx.conf" \
			-e "$tmp/$name/error.log" &
		npid=$!
		i=0
		while [ $i -lt 50 ]; do
			sleep 0.1
			i=$((i + 1))
			kill -0 "$npid" 2>/dev/null || break
			if curl -s --noproxy '*' -o /dev/null \
				"http://127.0.0.1:$port$releases_path"; then
				eval "pid_$name=$npid port_$name=$port"
				pids="$pids $npid"
				return 0
			fi
		done
		stop "$npid"
		grep -q "in use" "$tmp/$name/error.log" ||
			die "nginx $name did not start: $(tail -3 "$tmp/$name/error.log")"
	done
	die "no free port for nginx"
}

# settle DB TABLE EXPECTED: wait (30 s at most) until the table holds
# EXPECTED rows, then a little longer in case more arrive; print the count.
settle() {
	i=0
	n=$(rows "$1" "$2")
	while [ "$n" -lt "$3" ] && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
		n=$(rows "$1" "$2")
	done
	sleep 0.3
	rows "$1" "$2"
}

# ms VALUE: a wrk duration (us, ms, s) in milliseconds.
ms() {
	echo "$1" | awk '/us$/ { printf "%.3f", $1 / 1000; next }
		/ms$/ { printf "%.3f", $1 + 0; next }
		/m$/ { printf "%.3f", $1 * 60000; next }
		/s$/ { printf "%.3f", $1 * 1000; next }'
}

# wrk_run OUT PORT CONNS SECONDS SCRIPT [ARGS...]: one wrk run (-t2,
# --latency); sets w_rps w_p50 w_p99 w_requests w_non2xx w_errors w_issued.
wrk_run() {
	out=$1 port=$2 conns=$3 secs=$4 script=$5
	shift 5
	wrk -t2 -c"$conns" -d"${secs}s" --latency --timeout 5s -s "$script" \
		"http://127.0.0.1:$port$releases_path" -- "$@" >"$out" 2>&1 ||
		die "wrk failed: $(tail -3 "$out")"
	w_rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
	w_p50=$(ms "$(awk '$1 == "50%" { print $2 }' "$out")")
	w_p99=$(ms "$(awk '$1 == "99%" { print $2 }' "$out")")
	w_requests=$(awk '/ requests in / { print $1 }' "$out")
	w_non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $5 }' "$out")
	w_non2xx=${w_non2xx:-0}
	w_errors=$(awk '/Socket errors:/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' "$out")
	w_errors=${w_errors:-0}
	w_issued=$(awk '$1 == "issued" { print $2 }' "$out")
	[ -n "$w_rps" ] && [ -n "$w_requests" ] && [ -n "$w_issued" ] ||
		die "cannot read wrk output $out"
}

# row_check SECTION LABEL ROWS CONNS: compare the rows a run added with
# what wrk counted (w_* of the last wrk_run). Completed 2xx = wrk's
# "requests" line minus its "Non-2xx or 3xx responses"; in flight = requests
# wrk wrote (issued, counted by the Lua script) minus responses it read,
# at most one per connection. Rows must equal completed 2xx + in flight,
# with no non-2xx answer and no socket error. Sets rc_ok (1/0).
row_check() {
	done2xx=$((w_requests - w_non2xx))
	inflight=$((w_issued - w_requests))
	rc_ok=1
	if [ "$3" -ne $((done2xx + inflight)) ] || [ "$w_non2xx" -ne 0 ] ||
		[ "$w_errors" -ne 0 ] || [ $inflight -lt 0 ] ||
		[ $inflight -gt "$4" ]; then
		rc_ok=0
		row_failures=$((row_failures + 1))
	fi
	verdict=ok
	[ $rc_ok -eq 1 ] || verdict=MISMATCH
	printf '    rows: wrk requests %s, non-2xx %s, socket errors %s, in flight at stop %s -> expected %s; SQLite %s: %s\n' \
		"$w_requests" "$w_non2xx" "$w_errors" "$inflight" \
		"$((done2xx + inflight))" "$3" "$verdict"
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$w_requests" \
		"$w_non2xx" "$inflight" "$3" "$verdict" >>"$tmp/rowchecks.tsv"
}

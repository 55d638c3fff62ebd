# sections.sh - the measured sections of tests/bench/run.sh (sourced).

# series KEY VALUE: keep one per-run value; median KEY / maxv KEY read them.
series() {
	echo "$2" >>"$tmp/series.$1"
}
median() {
	[ -s "$tmp/series.$1" ] || { echo ""; return; }
	sort -g "$tmp/series.$1" | awk '{ v[NR] = $1 } END {
		if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
maxv() {
	[ -s "$tmp/series.$1" ] || { echo ""; return; }
	sort -g "$tmp/series.$1" | tail -1
}
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b }'
}

# sample_rss PID SECONDS OUT: VmRSS (kB) of PID at mid-run, in background.
sample_rss() {
	(sleep "$(awk -v s="$2" 'BEGIN { print s / 2 }')"
	 field "/proc/$1/status" VmRSS >"$3") &
}

# one_run SECTION SERVER PORT CONNS ROUND SCRIPT [ARGS]: a wrk run, printed
# and kept as series SECTION.cCONNS.SERVER.{rps,p50,p99}.
one_run() {
	sec=$1 srv=$2 p=$3 c=$4 r=$5 script=$6
	shift 6
	wrk_run "$tmp/wrk-$sec-$srv-$c-$r.txt" "$p" "$c" "$secs" "$script" "$@"
	printf '  %-8s c=%-4s round %s  %-12s %8s req/s  p50 %8s ms  p99 %8s ms\n' \
		"$sec" "$c" "$r" "$srv" "$w_rps" "$w_p50" "$w_p99"
	series "$sec.c$c.$srv.rps" "$w_rps"
	series "$sec.c$c.$srv.p50" "$w_p50"
	series "$sec.c$c.$srv.p99" "$w_p99"
}

# A beacond run with the mid-run RSS sample and the row-count check.
beacond_run() { # section name port db table conns round script [args]
	sec=$1 name=$2 bport=$3 db=$4 table=$5 c=$6 r=$7
	shift 7
	before=$(drain "$bport" "$db" "$table")
	bpid=$(eval echo "\$pid_$name")
	sample_rss "$bpid" "$secs" "$tmp/midrss"
	one_run "$sec" "$name" "$bport" "$c" "$r" "$@"
	wait $! 2>/dev/null || true
	series "$sec.c$c.$name.load_rss_kb" "$(cat "$tmp/midrss" 2>/dev/null || echo 0)"
	after=$(settle "$db" "$table" $((before + w_requests - w_non2xx + w_issued - w_requests)))
	row_check "$sec" "$name c=$c round $r" $((after - before)) "$c"
	[ "$rc_ok" -eq 1 ] || printf '    beacond: queue rejected %s, checks failed %s, reports failed %s (totals)\n' \
		"$(metric "$bport" beacond_queue_rejected_total)" \
		"$(metric "$bport" beacond_checks_failed_total)" \
		"$(metric "$bport" beacond_reports_failed_total)"
}

section_checks() {
	echo "== version checks: GET $releases_path (20 releases), wrk -t2 --latency, $rounds round(s) x ${secs}s per server"
	start_beacond beacond
	mkdir -p "$tmp/www/repos/traefik/traefik"
	curl -s --noproxy '*' -o "$tmp/www$releases_path" \
		"http://127.0.0.1:$port_beacond$releases_path" ||
		die "cannot fetch the releases body"
	chmod -R a+rX "$tmp/www"
	kv checks body_bytes "$(wc -c <"$tmp/www$releases_path")"
	kv_rss memory beacond_idle "$pid_beacond"
	servers=beacond
	if [ -n "$nginx" ]; then
		start_nginx nginx_log on
		start_nginx nginx_nolog off
		for s in nginx_log nginx_nolog; do
			curl -s --noproxy '*' -o "$tmp/$s.body" \
				"http://127.0.0.1:$(eval echo "\$port_$s")$releases_path"
			cmp -s "$tmp/$s.body" "$tmp/www$releases_path" ||
				die "$s does not serve the same bytes"
		done
		servers="beacond nginx_log nginx_nolog"
		kv checks nginx_body_identical yes
	fi
	for c in $conns_list; do
		r=1
		while [ $r -le "$rounds" ]; do
			for s in $servers; do
				if [ "$s" = beacond ]; then
					beacond_run checks beacond "$port_beacond" \
						"$tmp/beacond.db" checks "$c" "$r" "$here/load.lua" get
					b=$w_rps
				else
					one_run checks "$s" "$(eval echo "\$port_$s")" "$c" "$r" "$here/load.lua" get
					series "checks.c$c.ratio_$s" "$(ratio "$b" "$w_rps")"
				fi
			done
			r=$((r + 1))
		done
		for s in $servers; do
			for m in rps p50 p99; do
				kv checks "c${c}_${s}_${m}_median" "$(median "checks.c$c.$s.$m")"
			done
			kv checks "c${c}_${s}_p99_max" "$(maxv "checks.c$c.$s.p99")"
			[ "$s" = beacond ] && continue
			kv checks "c${c}_ratio_vs_${s}_median" "$(median "checks.c$c.ratio_$s")"
			kv checks "c${c}_ratio_vs_${s}_runs" "$(tr '\n' ' ' <"$tmp/series.checks.c$c.ratio_$s" | sed 's/ $//')"
		done
		kv memory "beacond_checks_c${c}_load_rss_mb" \
			"$(awk -v k="$(maxv "checks.c$c.beacond.load_rss_kb")" 'BEGIN { printf "%.1f", k / 1024 }')"
	done
	kv checks rows_total "$(rows "$tmp/beacond.db" checks)"
	kv_rss memory beacond_checks_after "$pid_beacond"
	for s in nginx_log nginx_nolog; do
		p=$(eval echo "\${pid_$s:-}")
		[ -z "$p" ] || stop "$p"
	done
}

# batch_stats PORT PREFIX: mean batch size and the per-bucket distribution
# of beacond_batch_size from /metrics.
batch_stats() {
	curl -s --noproxy '*' "http://127.0.0.1:$1/metrics" >"$tmp/metrics"
	mean=$(awk '$1 == "beacond_batch_size_sum" { s = $2 } $1 == "beacond_batch_size_count" { n = $2 }
		END { if (n > 0) printf "%.1f", s / n; else print 0 }' "$tmp/metrics")
	dist=$(awk -F'[{}"= ]+' '/^beacond_batch_size_bucket/ {
		n = $NF - prev; prev = $NF
		if (n > 0) { printf "%s<=%s:%d", sep, $3, n; sep = " " } }' "$tmp/metrics")
	kv reports "$2_batch_mean" "$mean"
	kv reports "$2_batch_distribution" "$dist"
	kv reports "$2_commits" "$(awk '$1 == "beacond_commits_total" { print $2 }' "$tmp/metrics")"
}

section_reports() {
	echo "== reports: POST /collect, $report_conns connections, synchronous FULL vs NORMAL"
	start_beacond rep_full --storage.synchronous full
	start_beacond rep_normal --storage.synchronous normal
	"$bin/client/cli/beacon" report --dry-run --server "http://127.0.0.1:$port_rep_full" \
		--product traefik/traefik --current 3.1.2 \
		--config "$root/tests/data/anon/providers/input.json" |
		head -1 | tr -d '\n' >"$tmp/report.json"
	kv reports body_bytes "$(wc -c <"$tmp/report.json")"
	kv_rss memory beacond_reports_idle "$pid_rep_full"
	r=1
	while [ $r -le "$rounds" ]; do
		beacond_run reports rep_full "$port_rep_full" "$tmp/rep_full.db" \
			reports "$report_conns" "$r" "$here/load.lua" post "$tmp/report.json"
		beacond_run reports rep_normal "$port_rep_normal" "$tmp/rep_normal.db" \
			reports "$report_conns" "$r" "$here/load.lua" post "$tmp/report.json"
		r=$((r + 1))
	done
	for s in rep_full rep_normal; do
		for m in rps p50 p99; do
			kv reports "${s}_${m}_median" "$(median "reports.c$report_conns.$s.$m")"
		done
		kv reports "${s}_p99_max" "$(maxv "reports.c$report_conns.$s.p99")"
		batch_stats "$(eval echo "\$port_$s")" "$s"
		kv_rss memory "beacond_${s}_after" "$(eval echo "\$pid_$s")"
		kv memory "beacond_${s}_load_rss_mb" \
			"$(awk -v k="$(maxv "reports.c$report_conns.$s.load_rss_kb")" 'BEGIN { printf "%.1f", k / 1024 }')"
	done
	sqlite3 "$tmp/rep_full.db" "SELECT configuration FROM v_reports LIMIT 1" \
		>"$tmp/stored-config.json"
	kv reports stored_config_bytes "$(wc -c <"$tmp/stored-config.json")"
	for s in full normal; do
		n=$(awk -v m="$(awk '$2 == "rep_'$s'_batch_mean" { print $3 }' "$results")" \
			'BEGIN { n = int(m + 0.5); print n < 1 ? 1 : n }')
		"$tools/sqlite_ceiling" "$tmp/ceiling-$s.db" "$s" "$n" "$short_s" \
			"$tmp/stored-config.json" >"$tmp/ceiling-$s.txt" ||
			die "sqlite_ceiling $s"
		v=$(sed 's/.*rows_per_s=//' "$tmp/ceiling-$s.txt")
		printf '  ceiling  %-6s  batch %4s rows  %8s rows/s (beacond_store in a tight loop)\n' "$s" "$n" "$v"
		kv reports "ceiling_${s}_batch" "$n"
		kv reports "ceiling_${s}_rows_per_s" "$v"
		kv reports "rep_${s}_vs_ceiling" "$(ratio "$(median "reports.c$report_conns.rep_$s.rps")" "$v")"
	done
	kv reports rows_total_full "$(rows "$tmp/rep_full.db" reports)"
	kv reports rows_total_normal "$(rows "$tmp/rep_normal.db" reports)"
	stop_beacond rep_full
	stop_beacond rep_normal
}

# idle_round HOW [PATH]: hold idle_n connections to beacond "idle".
idle_round() {
	how=$1
	shift
	"$tools/idle_conns" 127.0.0.1 "$port_idle" "$idle_n" 600 "$@" \
		>"$tmp/idle-$how.out" 2>&1 &
	ipid=$!
	pids="$pids $ipid"
	i=0
	while ! grep -q opened= "$tmp/idle-$how.out" && [ $i -lt 1200 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	opened=$(sed -n 's/opened=\([0-9]*\).*/\1/p' "$tmp/idle-$how.out")
	# The kernel completes connects before beacond accepts them: wait
	# (60 s at most) until beacond holds them all.
	i=0
	while [ "$(ls "/proc/$pid_idle/fd" | wc -l)" -lt "${opened:-0}" ] &&
		[ $i -lt 600 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kv memory "idle_${how}_accept_wait_s" "$(awk -v i="$i" 'BEGIN { print i / 10 }')"
	sleep "$settle"
	fds=$(ls "/proc/$pid_idle/fd" | wc -l)
	probe=$(curl -s --noproxy '*' -o /dev/null -w '%{http_code} %{time_total}' \
		"http://127.0.0.1:$port_idle/healthz" || echo "failed")
	set -- $(rss "$pid_idle")
	printf '  idle     %-8s opened %s, beacond fds %s, VmRSS %s kB, VmHWM %s kB, /healthz %s s\n' \
		"$how" "$opened" "$fds" "$1" "$2" "$probe"
	kv memory "idle_${how}_opened" "${opened:-0}"
	kv memory "idle_${how}_beacond_fds" "$fds"
	kv memory "idle_${how}_rss_mb" "$(awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }')"
	kv memory "idle_${how}_healthz" "$probe"
	series idle_rss_kb "$1"
	stop "$ipid"
}

section_memory() {
	echo "== memory: $idle_n idle keep-alive connections (maxConnections 20000, RLIMIT_NOFILE $(ulimit -n))"
	start_beacond idle --limits.connectionTimeout 600
	kv memory idle_connections "$idle_n"
	kv_rss memory idle_before "$pid_idle"
	idle_round silent
	idle_round one_request /healthz
	sleep "$settle"
	kv_rss memory idle_after "$pid_idle"
	stop_beacond idle
}

section_client() {
	echo "== client: beacon check / report against the local beacond, libbeacon in a host"
	# (--only client: the checks section did not start it)
	[ -n "${port_beacond:-}" ] || start_beacond beacond
	url=http://127.0.0.1:$port_beacond
	cli=$bin/client/cli/beacon
	"$tools/runstat" "$cli" check --server "$url" --product traefik/traefik \
		--current 3.0.0 >"$tmp/cli-check.txt"
	"$tools/runstat" "$cli" report --server "$url" --product traefik/traefik \
		--current 3.1.2 --config "$full_config" >"$tmp/cli-report.txt"
	for c in check report; do
		line=$(cat "$tmp/cli-$c.txt")
		echo "  beacon $c: $line"
		case $line in status=0*) ;; *) die "beacon $c failed: $line" ;; esac
		for k in status user_ms sys_ms maxrss_kb wall_ms; do
			kv client "cli_${c}_$k" "$(echo "$line" | sed -n "s/.*$k=\([0-9]*\).*/\1/p")"
		done
	done
	lib=$(ls "$bin"/client/libbeacon.so 2>/dev/null | head -1)
	# host: a program that links nothing of libbeacon's; host_curl: one
	# that already links libcurl (and so OpenSSL), preloaded;
	# host_curlinit: one that also ran curl_global_init before (a host
	# that uses libcurl itself).
	curl_so=$(ldd "$lib" | awk '/libcurl/ { print $3; exit }')
	for h in host host_curl host_curlinit; do
		pre=""
		init=""
		[ $h != host ] && pre=$curl_so
		[ $h != host ] && [ -z "$pre" ] && continue
		[ $h = host_curlinit ] && init=$curl_so
		# (an ASan build refuses a preload before its runtime otherwise)
		# shellcheck disable=SC2086 # $init: no argument when empty
		LD_PRELOAD=$pre ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
			"$tools/host_cost" "$lib" "$url" "$full_config" \
			"$short_s" $init >"$tmp/$h.txt" 2>"$tmp/$h.err" ||
			die "host_cost: $(cat "$tmp/$h.err")"
		line=$(cat "$tmp/$h.txt")
		echo "  $h: $line"
		for k in rss_before_kb rss_dlopen_kb rss_new_kb rss_check_kb \
			rss_report_kb rss_after_kb hwm_kb added_kb anon_before_kb \
			anon_after_kb idle_cpu_ms; do
			kv client "${h}_$k" "$(echo " $line" | sed -n "s/.* $k=\(-*[0-9]*\).*/\1/p")"
		done
	done
	stop_beacond beacond
}

section_anon() {
	echo "== anonymize + hash: configurations per second (anon_bench, ${short_s}s each)"
	for f in "$full_config" "$root/tests/data/config/traefik.yaml"; do
		name=$(basename "$f" .yaml)
		"$tools/anon_bench" "$f" "$short_s" >"$tmp/anon.txt" || die "anon_bench $f"
		echo "  $name: $(cat "$tmp/anon.txt")"
		kv anon "${name}_per_s" "$(sed 's/.*per_s=\([0-9]*\).*/\1/' "$tmp/anon.txt")"
		kv anon "${name}_in_bytes" "$(sed 's/.*in_bytes=\([0-9]*\).*/\1/' "$tmp/anon.txt")"
	done
	if [ -f "$shared_config" ] && cmp -s "$shared_config" "$full_config"; then
		kv anon shared_reference_identical yes
	fi
}

# The idle agent: started first, measured last (>= agent_s seconds).
start_agent() {
	"$bin/client/cli/beacon" run --server http://127.0.0.1:9 \
		--product traefik/traefik --current 3.0.0 2>"$tmp/agent.log" &
	agent_pid=$!
	pids="$pids $agent_pid"
	sleep "$settle"
	agent_t0=$(date +%s)
	agent_ticks0=$(cpu_ticks "$agent_pid")
}

finish_agent() {
	left=$((agent_t0 + agent_s - $(date +%s)))
	[ $left -le 0 ] || sleep $left
	ticks=$(($(cpu_ticks "$agent_pid") - agent_ticks0))
	window=$(($(date +%s) - agent_t0))
	hz=$(getconf CLK_TCK)
	echo "  idle agent (beacon run): $ticks ticks of CPU in ${window}s (1 tick = $((1000 / hz)) ms)"
	kv client agent_idle_window_s "$window"
	kv client agent_idle_cpu_ms $((ticks * 1000 / hz))
	kv_rss client agent "$agent_pid"
	stop "$agent_pid"
}

# target NAME VALUE OP LIMIT: PASS/MISS (SKIP without a value).
target() {
	res=$(awk -v v="$2" -v op="$3" -v l="$4" 'BEGIN {
		if (v == "") { print "SKIP"; exit }
		ok = (op == ">=") ? v >= l : (op == "<") ? v < l : v <= l
		print ok ? "PASS" : "MISS" }')
	printf '  %-44s %12s  %2s %-8s %s\n' "$1" "${2:-n/a}" "$3" "$4" "$res"
	printf '%s\t%s\t%s\t%s\t%s\n' "$1" "${2:-}" "$3" "$4" "$res" >>"$tmp/targets.tsv"
}

val() {
	awk -v s="$1" -v k="$2" -F'\t' '$1 == s && $2 == k { v = $3 } END { print v }' "$results"
}

targets() {
	echo "== targets (medians over rounds; never a failure of the harness)"
	: >"$tmp/targets.tsv"
	target "checks c64 beacond/nginx-with-log" "$(val checks c64_ratio_vs_nginx_log_median)" ">=" 1.2
	target "checks c64 beacond/nginx-without-log" "$(val checks c64_ratio_vs_nginx_nolog_median)" ">=" 0.8
	target "checks c256 beacond p99 ms" "$(val checks c256_beacond_p99_median)" "<" 10
	target "reports NORMAL 202/s" "$(val reports rep_normal_rps_median)" ">=" 15000
	target "reports FULL 202/s" "$(val reports rep_full_rps_median)" ">=" 8000
	target "row-count mismatches (checks, reports)" "$row_failures" "<=" 0
	target "beacond RSS MB, $idle_n idle connections" "$(awk -v k="$(maxv idle_rss_kb)" 'BEGIN { if (k != "") printf "%.1f", k / 1024 }')" "<" 64
	target "libbeacon added RSS MB in a host" "$(awk -v k="$(val client host_added_kb)" 'BEGIN { if (k != "") printf "%.2f", k / 1024 }')" "<" 2
	target "  same, host already linking libcurl" "$(awk -v k="$(val client host_curl_added_kb)" 'BEGIN { if (k != "") printf "%.2f", k / 1024 }')" "<" 2
	target "  same, host using libcurl (global init done)" "$(awk -v k="$(val client host_curlinit_added_kb)" 'BEGIN { if (k != "") printf "%.2f", k / 1024 }')" "<" 2
	target "idle agent CPU ms over ${agent_s}s+" "$(val client agent_idle_cpu_ms)" "<=" 10
	target "idle host library CPU ms over ${short_s}s" "$(val client host_idle_cpu_ms)" "<=" 10
}

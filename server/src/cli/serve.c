/*
 * serve.c - `beacond serve`: open the store, start the writer and the HTTP
 * daemons, then wait for a signal while polling the catalog generation and
 * running the retention purge. On SIGTERM/SIGINT: stop accepting, drain and
 * commit the queue (every suspended report is answered), close, exit 0.
 */
#include "cli/serve.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "beacon/alloc.h"
#include "beacon/buf.h"
#include "http/http.h"
#include "http/request.h"
#include "util/log.h"

#define SECONDS_PER_DAY 86400
/* Poll period while waiting for in-flight reports at shutdown, ms. */
#define DRAIN_POLL_MS 10

static int read_pem(char **out, const char *path, beacon_error_detail *err)
{
	beacon_buf buf = BEACON_BUF_INIT(BEACON_MAX_FILE_SIZE);
	char chunk[4096];
	FILE *f = fopen(path, "rb");
	size_t n;
	int error = 0;

	if (f == NULL)
		return beacon_error_set(err, BEACON_EIO, path, 0, 0,
					"cannot open: %s", strerror(errno));
	while (error == 0 && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		error = beacon_buf_append(&buf, chunk, n);
	fclose(f);
	if (error == 0)
		*out = beacon_buf_detach(&buf, NULL);
	beacon_buf_dispose(&buf);
	if (error == 0 && *out == NULL)
		error = BEACON_ENOMEM;
	if (error < 0)
		beacon_error_set(err, error, path, 0, 0, "cannot read: %s",
				 beacon_strerror(error));
	return error;
}

static int server_setup(beacond_server *srv, const beacond_config *cfg,
			beacon_error_detail *err)
{
	size_t i;
	int error;

	memset(srv, 0, sizeof(*srv));
	srv->cfg = cfg;
	beacond_metrics_init(&srv->metrics);
	error = beacond_ipmode_parse(beacond_config_ip_mode_name(cfg),
				     &srv->ip_mode);
	for (i = 0; i < cfg->trusted_proxies.count && error == 0; i++)
		error = beacond_cidr_parse(&srv->trusted[srv->ntrusted++],
					   cfg->trusted_proxies.items[i]);
	if (error == 0)
		error = beacond_ratelimit_new(&srv->ratelimit,
					      cfg->reports_per_minute,
					      cfg->report_burst);
	if (error == 0 && cfg->tls_cert != NULL)
		error = read_pem(&srv->tls_cert_pem, cfg->tls_cert, err);
	if (error == 0 && cfg->tls_key != NULL)
		error = read_pem(&srv->tls_key_pem, cfg->tls_key, err);
	if (error == 0)
		error =
		    beacond_releases_init(&srv->releases, beacond_http_headers);
	return error;
}

static int storage_open(beacond_store **store, beacond_writer **writer,
			const beacond_config *cfg, beacon_error_detail *err)
{
	beacond_store_options so = BEACOND_STORE_OPTIONS_INIT;
	beacond_writer_options wo = BEACOND_WRITER_OPTIONS_INIT;
	int error;

	so.path = cfg->db;
	so.synchronous = cfg->synchronous_full ? BEACOND_STORE_SYNC_FULL
					       : BEACOND_STORE_SYNC_NORMAL;
	so.busy_timeout_ms = (int)cfg->busy_timeout_ms;
	error = beacond_store_open(store, &so, err);
	if (error < 0)
		return error;
	wo.queue_capacity = cfg->queue_capacity;
	wo.batch_max = cfg->batch_max;
	wo.batch_delay_ms = cfg->batch_ms;
	return beacond_writer_start(writer, *store, &wo);
}

static void refresh_catalog(beacond_server *srv)
{
	beacon_error_detail err;
	char text[BEACON_ERROR_TEXT_MAX + BEACON_ERROR_SOURCE_MAX + 32];
	int changed = 0;

	beacon_error_clear(&err);
	if (beacond_releases_refresh(&srv->releases, srv->store, &changed,
				     &err) < 0) {
		beacond_log(BEACOND_LOG_ERROR, "catalog load failed", "detail",
			    beacon_error_format(&err, text, sizeof(text)),
			    NULL);
		return;
	}
	if (changed) {
		atomic_fetch_add(&srv->metrics.catalog_reloads, 1);
		beacond_log(BEACOND_LOG_INFO, "catalog loaded", NULL);
	}
}

static void purge(beacond_server *srv)
{
	int64_t deleted = 0;
	int64_t cutoff = (int64_t)time(NULL) -
			 (int64_t)srv->cfg->retention_days * SECONDS_PER_DAY;
	char n[32];
	int error;

	error = beacond_store_purge(srv->store, cutoff, &deleted, NULL);
	snprintf(n, sizeof(n), "%lld", (long long)deleted);
	beacond_log(error < 0 ? BEACOND_LOG_ERROR : BEACOND_LOG_INFO, "purge",
		    "deleted", n, "status",
		    error < 0 ? beacon_strerror(error) : "ok", NULL);
}

/* Log the commits that failed since the last look (*seen): the writer does
 * not log, and a database that stopped taking writes (disk full, read-only,
 * locked) otherwise shows only in 503s and /metrics. */
static void log_write_failures(beacond_server *srv, uint64_t *seen)
{
	beacond_writer_metrics m;
	char commits[32], events[32];

	beacond_writer_get_metrics(srv->writer, &m);
	if (m.commits_failed == *seen)
		return;
	snprintf(commits, sizeof(commits), "%llu",
		 (unsigned long long)(m.commits_failed - *seen));
	snprintf(events, sizeof(events), "%llu",
		 (unsigned long long)m.events_failed);
	*seen = m.commits_failed;
	beacond_log(BEACOND_LOG_WARN, "storage commits failed", "commits",
		    commits, "events_failed_total", events, "effect",
		    "reports answered 503 until the database takes writes",
		    NULL);
}

/*
 * Wait for SIGTERM/SIGINT; meanwhile poll the catalog and purge. SIGHUP
 * (systemctl reload) checks the catalog at once instead of at the next poll.
 */
static int wait_for_signal(beacond_server *srv, const sigset_t *sigs)
{
	const beacond_config *cfg = srv->cfg;
	struct timespec ts = { (time_t)(cfg->catalog_poll_ms / 1000),
			       (long)(cfg->catalog_poll_ms % 1000) * 1000000L };
	time_t next_purge = 0;
	uint64_t failed_seen = 0;
	int sig;

	for (;;) {
		if (cfg->retention_days > 0 && time(NULL) >= next_purge) {
			purge(srv);
			next_purge = time(NULL) + (time_t)cfg->purge_interval_s;
		}
		sig = sigtimedwait(sigs, NULL, &ts);
		if (sig == SIGHUP)
			beacond_log(BEACOND_LOG_INFO, "reload", "signal",
				    "SIGHUP", NULL);
		else if (sig > 0)
			return sig;
		refresh_catalog(srv);
		log_write_failures(srv, &failed_seen);
	}
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

/* Stop accepting, commit what is queued, let suspended reports answer. */
static void shutdown_gracefully(beacond_server *srv, beacond_writer *writer)
{
	long waited = 0;

	beacond_http_quiesce(srv);
	beacond_writer_stop(writer);
	while (atomic_load(&srv->collects_alive) > 0 &&
	       waited < BEACON_SERVER_SHUTDOWN_GRACE_S * 1000L) {
		sleep_ms(DRAIN_POLL_MS);
		waited += DRAIN_POLL_MS;
	}
	beacond_http_stop(srv);
}

static void server_dispose(beacond_server *srv)
{
	beacond_releases_dispose(&srv->releases);
	beacond_ratelimit_free(srv->ratelimit);
	beacon_free(srv->tls_cert_pem);
	beacon_free(srv->tls_key_pem);
}

int beacond_serve_open(beacond_server *srv, const beacond_config *cfg,
		       beacon_error_detail *err)
{
	int error;

	error = server_setup(srv, cfg, err);
	if (error == 0)
		error = storage_open(&srv->store, &srv->writer, cfg, err);
	if (error == 0)
		error = beacond_releases_refresh(&srv->releases, srv->store,
						 NULL, err);
	if (error < 0)
		beacond_serve_close(srv);
	return error;
}

void beacond_serve_close(beacond_server *srv)
{
	beacond_http_stop(srv);
	beacond_writer_free(srv->writer);
	beacond_store_close(srv->store);
	server_dispose(srv);
	srv->writer = NULL;
	srv->store = NULL;
}

static int run(const beacond_config *cfg, const sigset_t *sigs,
	       beacon_error_detail *err)
{
	beacond_server srv;
	char sig[16];
	int error;

	error = beacond_serve_open(&srv, cfg, err);
	if (error < 0)
		return error;
	error = beacond_http_start(&srv, err);
	if (error < 0)
		goto cleanup;
	beacond_log(BEACOND_LOG_INFO, "started", "db", cfg->db, "ipMode",
		    beacond_config_ip_mode_name(cfg), NULL);
	snprintf(sig, sizeof(sig), "%d", wait_for_signal(&srv, sigs));
	beacond_log(BEACOND_LOG_INFO, "stopping", "signal", sig, NULL);
	shutdown_gracefully(&srv, srv.writer);
cleanup:
	beacond_serve_close(&srv);
	if (error == 0)
		beacond_log(BEACOND_LOG_INFO, "stopped", NULL);
	return error;
}

int beacond_serve_main(int argc, char **argv)
{
	beacond_config cfg;
	beacon_error_detail err;
	char text[BEACON_ERROR_TEXT_MAX + BEACON_ERROR_SOURCE_MAX + 32];
	sigset_t sigs;
	int help = 0, error;

	beacon_error_clear(&err);
	beacon_alloc_install_jansson();
	error = beacond_config_load(&cfg, argc, argv, &help, &err);
	if (error == 0 && help) {
		beacond_config_usage(stdout);
		beacond_config_dispose(&cfg);
		return 0;
	}
	if (error == 0) {
		beacond_log_setup(cfg.log_format, cfg.log_level);
		/* Block the stop and reload signals in every thread; only the
		 * main thread takes them, with sigtimedwait. */
		sigemptyset(&sigs);
		sigaddset(&sigs, SIGTERM);
		sigaddset(&sigs, SIGINT);
		sigaddset(&sigs, SIGHUP);
		pthread_sigmask(SIG_BLOCK, &sigs, NULL);
		signal(SIGPIPE, SIG_IGN);
		error = run(&cfg, &sigs, &err);
	}
	if (error < 0)
		fprintf(stderr, "beacond: %s\n",
			err.text[0] != '\0'
			    ? beacon_error_format(&err, text, sizeof(text))
			    : beacon_strerror(error));
	beacond_config_dispose(&cfg);
	return error < 0 ? 1 : 0;
}

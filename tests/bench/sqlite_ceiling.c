/*
 * sqlite_ceiling.c - the ceiling of report storage: beacond's own store
 * (server/src/store/store.h: same schema, pragmas, prepared INSERT and one
 * transaction per batch) fed by a tight loop, without HTTP, parsing or the
 * writer queue.
 *
 *     sqlite_ceiling DB full|normal BATCH SECONDS CONFIG_FILE
 *
 * Stores report rows whose configuration column holds CONFIG_FILE's text
 * (an anonymized configuration, as beacond stores it), BATCH rows per
 * transaction, for SECONDS of wall time. Prints one line:
 * "rows=N batches=B batch=K seconds=S rows_per_s=X".
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "beacon/alloc.h"
#include "beacon/doc.h"
#include "bench_clock.h"
#include "store/store.h"

/* Bounds of the command line. */
#define CEILING_BATCH_MAX 100000
#define CEILING_SECONDS_MAX 600

/* n report events sharing one configuration text (borrowed). */
static beacond_event *new_events(size_t n, const char *config)
{
	beacond_event *ev = beacon_calloc(n, sizeof(*ev));
	size_t i;

	for (i = 0; ev != NULL && i < n; i++) {
		beacond_report_event *r = &ev[i].u.report;
		ev[i].kind = BEACOND_EVENT_REPORT;
		r->product = "traefik/traefik";
		r->version = "3.1.2";
		r->codename = "comte";
		r->build_date = "2024-08-06T13:00:00Z";
		r->hash = 0x9e3779b97f4a7c15ull + i;
		r->configuration = config;
		r->ip = "127.0.0.1";
		r->os = "linux";
		r->arch = "amd64";
		r->schema_version = 1;
		r->user_agent = "traefik/3.1.2 (linux; amd64) beacon/0.1.0";
	}
	return ev;
}

static int run(beacond_store *store, beacond_event *ev, size_t batch,
	       double seconds)
{
	beacon_error_detail err;
	unsigned long long rows = 0, batches = 0;
	double start = bench_now_s(), elapsed = 0;
	size_t i;
	int error = 0;

	while (error == 0 && elapsed < seconds) {
		int64_t t = (int64_t)time(NULL);
		for (i = 0; i < batch; i++)
			ev[i].time = t;
		error = beacond_store_record_batch(store, ev, batch, &err);
		if (error == 0) {
			rows += batch;
			batches++;
		}
		elapsed = bench_now_s() - start;
	}
	if (error < 0) {
		fprintf(stderr, "sqlite_ceiling: %s: %s\n",
			beacon_strerror(error), err.text);
		return 1;
	}
	printf("rows=%llu batches=%llu batch=%zu seconds=%.2f "
	       "rows_per_s=%.0f\n",
	       rows, batches, batch, elapsed, (double)rows / elapsed);
	return 0;
}

int main(int argc, char **argv)
{
	beacond_store_options opts = BEACOND_STORE_OPTIONS_INIT;
	beacon_error_detail err;
	beacond_store *store = NULL;
	beacond_event *ev = NULL;
	char *config = NULL;
	size_t config_len = 0;
	long batch, seconds;
	int status = 2;

	if (argc != 6) {
		fprintf(stderr, "usage: sqlite_ceiling DB full|normal BATCH "
				"SECONDS CONFIG_FILE\n");
		return 2;
	}
	batch = strtol(argv[3], NULL, 10);
	seconds = strtol(argv[4], NULL, 10);
	if (batch < 1 || batch > CEILING_BATCH_MAX || seconds < 1 ||
	    seconds > CEILING_SECONDS_MAX ||
	    (strcmp(argv[2], "full") != 0 && strcmp(argv[2], "normal") != 0)) {
		fprintf(stderr,
			"sqlite_ceiling: full|normal, 1..%d rows, "
			"1..%d s\n",
			CEILING_BATCH_MAX, CEILING_SECONDS_MAX);
		return 2;
	}
	opts.path = argv[1];
	opts.synchronous = strcmp(argv[2], "full") == 0
			       ? BEACOND_STORE_SYNC_FULL
			       : BEACOND_STORE_SYNC_NORMAL;
	status = 1;
	if (beacon_doc_read_file(&config, &config_len, argv[5], &err) < 0 ||
	    beacond_store_open(&store, &opts, &err) < 0) {
		fprintf(stderr, "sqlite_ceiling: %s\n", err.text);
		goto cleanup;
	}
	ev = new_events((size_t)batch, config);
	if (ev != NULL)
		status = run(store, ev, (size_t)batch, (double)seconds);
cleanup:
	beacon_free(ev);
	beacond_store_close(store);
	beacon_free(config);
	return status;
}

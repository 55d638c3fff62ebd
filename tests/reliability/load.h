/*
 * load.h - a load generator for beacond's reliability tests: libcurl multi
 * with a fixed number of connections posting Traefik-shaped usage reports
 * at full speed, each with a unique marker (hash = first + n, codename
 * "rely-<hash>"), recording which ones were acknowledged with 202.
 */
#ifndef BEACON_RELY_LOAD_H
#define BEACON_RELY_LOAD_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "rely_proc.h"

/* Connections of the generator; the brief asks for 32-64. */
#define RELY_LOAD_CONNECTIONS 48
/* Per-request timeout, seconds: a killed server must not hang the test. */
#define RELY_LOAD_REQUEST_TIMEOUT_S 10

typedef struct rely_load {
	uint64_t first;  /* marker of the first report */
	uint64_t posted; /* requests started */
	uint64_t *acked; /* markers answered 202, in completion order */
	size_t nacked;
	size_t acked_cap;
	uint64_t status_503; /* answered 503 (queue full, commit failed) */
	uint64_t status_other;
	uint64_t failed; /* transport errors (connection reset by a kill) */
} rely_load;

/* The body of report marker (new, free with beacon_free). */
char *rely_report_body(uint64_t marker);

/*
 * Post reports to base_url/collect until stop_at_ms (monotonic) passes;
 * when kill_pid > 0, SIGKILL it at that moment, then wait for the
 * transfers in flight to end. Markers continue from load->posted.
 * Returns 0, or -1 when the generator itself failed.
 */
int rely_load_run(rely_load *load, const char *base_url, long long stop_at_ms,
		  pid_t kill_pid);
void rely_load_dispose(rely_load *load);

#endif /* BEACON_RELY_LOAD_H */

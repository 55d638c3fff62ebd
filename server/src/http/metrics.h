/*
 * metrics.h - beacond's own counters (lock-free atomics) and their
 * Prometheus text rendering, together with the writer's snapshot.
 */
#ifndef BEACOND_METRICS_H
#define BEACOND_METRICS_H

#include <stdatomic.h>

#include "beacon/buf.h"
#include "ingest/writer.h"

typedef enum beacond_route {
	BEACOND_ROUTE_RELEASES = 0,
	BEACOND_ROUTE_COLLECT,
	BEACOND_ROUTE_HEALTHZ,
	BEACOND_ROUTE_METRICS,
	BEACOND_ROUTE_OTHER,
	BEACOND_ROUTE_COUNT
} beacond_route;

/* Why an input was refused (label reason of beacond_rejected_total). */
typedef enum beacond_reject {
	BEACOND_REJECT_TOO_LARGE = 0, /* 413 */
	BEACOND_REJECT_MALFORMED,     /* 400: not JSON, bad UTF-8 */
	BEACOND_REJECT_INVALID,       /* 400: a field failed validation */
	BEACOND_REJECT_TOO_DEEP,      /* 400: nesting over limits.jsonDepth */
	BEACOND_REJECT_MEDIA_TYPE,    /* 415 */
	BEACOND_REJECT_RATE_LIMITED,  /* 429 */
	BEACOND_REJECT_BUSY,          /* 503: queue full or commit failed */
	BEACOND_REJECT_COUNT
} beacond_reject;

/* HTTP statuses counted one by one; any other lands in "other". */
#define BEACOND_METRICS_STATUSES 12

typedef struct beacond_metrics {
	atomic_ullong requests[BEACOND_ROUTE_COUNT][BEACOND_METRICS_STATUSES];
	atomic_ullong rejected[BEACOND_REJECT_COUNT];
	atomic_ullong checks_stored, checks_failed;
	atomic_ullong reports_stored, reports_failed;
	atomic_ullong catalog_reloads;
} beacond_metrics;

/* Static name of a route, as in the route label ("releases", ...). */
const char *beacond_metrics_route_name(beacond_route route);

/* Zero every counter. */
void beacond_metrics_init(beacond_metrics *m);
void beacond_metrics_request(beacond_metrics *m, beacond_route route,
			     unsigned status);
void beacond_metrics_reject(beacond_metrics *m, beacond_reject reason);

/*
 * Append the Prometheus text exposition of m and of the writer snapshot wm
 * (may be NULL) to out.
 */
int beacond_metrics_render(beacon_buf *out, const beacond_metrics *m,
			   const beacond_writer_metrics *wm);

#endif /* BEACOND_METRICS_H */

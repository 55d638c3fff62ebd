/*
 * metrics.h - beacond's own counters (lock-free atomics) and their
 * Prometheus text rendering, together with the writer's snapshot.
 */
#ifndef BEACOND_METRICS_H
#define BEACOND_METRICS_H

#include <stdatomic.h>

#include "beacon/buf.h"
#include "ingest/writer.h"

/* Routes counted at most (the HTTP front's table may not have more). */
#define BEACOND_METRICS_ROUTES_MAX 16

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
	/* route labels (borrowed, static), by route index */
	const char *routes[BEACOND_METRICS_ROUTES_MAX];
	size_t nroutes;
	atomic_ullong requests[BEACOND_METRICS_ROUTES_MAX]
			      [BEACOND_METRICS_STATUSES];
	atomic_ullong rejected[BEACOND_REJECT_COUNT];
	atomic_ullong checks_stored, checks_failed;
	atomic_ullong reports_stored, reports_failed;
	atomic_ullong catalog_reloads;
} beacond_metrics;

/* Zero every counter; no route labels yet. */
void beacond_metrics_init(beacond_metrics *m);
/* Name the routes: label i (borrowed, must outlive m) is the route label of
 * route index i; at most BEACOND_METRICS_ROUTES_MAX are kept. Counts stay. */
void beacond_metrics_routes(beacond_metrics *m, const char *const *labels,
			    size_t n);
/* Count an answer of route index route (< the number of labels). */
void beacond_metrics_request(beacond_metrics *m, size_t route, unsigned status);
void beacond_metrics_reject(beacond_metrics *m, beacond_reject reason);

/*
 * Append the Prometheus text exposition of m and of the writer snapshot wm
 * (may be NULL) to out.
 */
int beacond_metrics_render(beacon_buf *out, const beacond_metrics *m,
			   const beacond_writer_metrics *wm);

#endif /* BEACOND_METRICS_H */

/*
 * routes/table.c - the one list of beacond's routes. To add a route: write
 * its handler in routes/ (declared in routes/routes.h) and add a row here,
 * before the fallback; the row order is the order of the metrics labels.
 */
#include "routes/table.h"

#include "routes/routes.h"

/* Keep the row order: it is the order of beacond_http_requests_total's
 * route labels on /metrics. Exact paths are matched before patterns. */
const beacond_route beacond_route_table[] = {
	{ .methods = "GET, HEAD",
	  .path = "/repos/*/releases",
	  .label = "releases",
	  .client = 1,
	  .answer = beacond_releases_answer },
	{ .methods = "POST",
	  .config_paths = beacond_collect_paths,
	  .label = "collect",
	  .client = 1,
	  .open = beacond_collect_open,
	  .close = beacond_collect_close,
	  .first = beacond_collect_first,
	  .chunk = beacond_collect_chunk,
	  .answer = beacond_collect_answer },
	{ .methods = "GET, HEAD",
	  .path = "/healthz",
	  .label = "healthz",
	  .answer = beacond_healthz_answer },
	{ .methods = "GET, HEAD",
	  .path = "/metrics",
	  .label = "metrics",
	  .answer = beacond_metrics_answer },
	/* The fallback: matches nothing, answers 404. Stays last. */
	{ .methods = "", .label = "other" },
};

const size_t beacond_route_count =
    sizeof(beacond_route_table) / sizeof(beacond_route_table[0]);

_Static_assert(sizeof(beacond_route_table) / sizeof(beacond_route_table[0]) <=
		   BEACOND_METRICS_ROUTES_MAX,
	       "more routes than beacond_metrics counts");

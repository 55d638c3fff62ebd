/* metrics.c - counters and the Prometheus text format (version 0.0.4). */
#include "http/metrics.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const unsigned statuses[BEACOND_METRICS_STATUSES - 1] = {
	200, 202, 304, 400, 404, 405, 411, 413, 415, 429, 503
};
static const char *const reject_names[BEACOND_REJECT_COUNT] = {
	"too_large",  "malformed",    "invalid", "too_deep",
	"media_type", "rate_limited", "busy"
};

void beacond_metrics_init(beacond_metrics *m)
{
	memset(m, 0, sizeof(*m));
}

void beacond_metrics_routes(beacond_metrics *m, const char *const *labels,
			    size_t n)
{
	size_t i;

	m->nroutes =
	    n < BEACOND_METRICS_ROUTES_MAX ? n : BEACOND_METRICS_ROUTES_MAX;
	for (i = 0; i < m->nroutes; i++)
		m->routes[i] = labels[i];
}

void beacond_metrics_request(beacond_metrics *m, size_t route, unsigned status)
{
	size_t i;

	if (route >= m->nroutes)
		return;
	for (i = 0; i < BEACOND_METRICS_STATUSES - 1; i++)
		if (statuses[i] == status)
			break;
	atomic_fetch_add_explicit(&m->requests[route][i], 1,
				  memory_order_relaxed);
}

void beacond_metrics_reject(beacond_metrics *m, beacond_reject reason)
{
	atomic_fetch_add_explicit(&m->rejected[reason], 1,
				  memory_order_relaxed);
}

static unsigned long long load(const atomic_ullong *v)
{
	return atomic_load_explicit(v, memory_order_relaxed);
}

static void render_requests(beacon_buf *out, const beacond_metrics *m)
{
	size_t r, s;

	beacon_buf_puts(out, "# HELP beacond_http_requests_total HTTP "
			     "requests answered, by route and status.\n"
			     "# TYPE beacond_http_requests_total counter\n");
	for (r = 0; r < m->nroutes; r++) {
		for (s = 0; s < BEACOND_METRICS_STATUSES; s++) {
			unsigned long long n = load(&m->requests[r][s]);
			char code[16] = "other";
			if (n == 0)
				continue;
			if (s < BEACOND_METRICS_STATUSES - 1)
				snprintf(code, sizeof(code), "%u", statuses[s]);
			beacon_buf_printf(out,
					  "beacond_http_requests_total{route="
					  "\"%s\",code=\"%s\"} %llu\n",
					  m->routes[r], code, n);
		}
	}
}

static void render_counters(beacon_buf *out, const beacond_metrics *m)
{
	size_t i;

	beacon_buf_puts(out, "# HELP beacond_rejected_total Inputs refused, "
			     "by reason.\n"
			     "# TYPE beacond_rejected_total counter\n");
	for (i = 0; i < BEACOND_REJECT_COUNT; i++)
		beacon_buf_printf(
		    out, "beacond_rejected_total{reason=\"%s\"} %llu\n",
		    reject_names[i], load(&m->rejected[i]));
	beacon_buf_printf(
	    out,
	    "# HELP beacond_checks_stored_total Version checks committed.\n"
	    "# TYPE beacond_checks_stored_total counter\n"
	    "beacond_checks_stored_total %llu\n"
	    "# HELP beacond_checks_failed_total Version checks whose commit "
	    "failed.\n"
	    "# TYPE beacond_checks_failed_total counter\n"
	    "beacond_checks_failed_total %llu\n"
	    "# HELP beacond_reports_stored_total Usage reports committed.\n"
	    "# TYPE beacond_reports_stored_total counter\n"
	    "beacond_reports_stored_total %llu\n"
	    "# HELP beacond_reports_failed_total Usage reports whose commit "
	    "failed (answered 503).\n"
	    "# TYPE beacond_reports_failed_total counter\n"
	    "beacond_reports_failed_total %llu\n"
	    "# HELP beacond_catalog_reloads_total Release catalog renders.\n"
	    "# TYPE beacond_catalog_reloads_total counter\n"
	    "beacond_catalog_reloads_total %llu\n",
	    load(&m->checks_stored), load(&m->checks_failed),
	    load(&m->reports_stored), load(&m->reports_failed),
	    load(&m->catalog_reloads));
}

/* A histogram from per-bucket counts: Prometheus buckets are cumulative. */
static void render_histogram(beacon_buf *out, const char *name,
			     const char *help, const uint64_t *counts,
			     const uint64_t *bounds, size_t nbuckets,
			     double scale, double sum)
{
	uint64_t total = 0;
	size_t i;

	beacon_buf_printf(out, "# HELP %s %s\n# TYPE %s histogram\n", name,
			  help, name);
	for (i = 0; i < nbuckets; i++) {
		total += counts[i];
		if (i + 1 < nbuckets)
			beacon_buf_printf(
			    out, "%s_bucket{le=\"%g\"} %" PRIu64 "\n", name,
			    (double)bounds[i] * scale, total);
		else
			beacon_buf_printf(
			    out, "%s_bucket{le=\"+Inf\"} %" PRIu64 "\n", name,
			    total);
	}
	beacon_buf_printf(out, "%s_sum %g\n%s_count %" PRIu64 "\n", name, sum,
			  name, total);
}

static void render_writer(beacon_buf *out, const beacond_writer_metrics *wm)
{
	beacon_buf_printf(
	    out,
	    "# HELP beacond_queue_depth Events waiting for the writer.\n"
	    "# TYPE beacond_queue_depth gauge\n"
	    "beacond_queue_depth %zu\n"
	    "# HELP beacond_queue_capacity Writer queue capacity.\n"
	    "# TYPE beacond_queue_capacity gauge\n"
	    "beacond_queue_capacity %zu\n"
	    "# HELP beacond_commits_total Batches committed.\n"
	    "# TYPE beacond_commits_total counter\n"
	    "beacond_commits_total %" PRIu64 "\n"
	    "# HELP beacond_commits_failed_total Batches whose commit failed.\n"
	    "# TYPE beacond_commits_failed_total counter\n"
	    "beacond_commits_failed_total %" PRIu64 "\n"
	    "# HELP beacond_events_stored_total Events committed.\n"
	    "# TYPE beacond_events_stored_total counter\n"
	    "beacond_events_stored_total %" PRIu64 "\n"
	    "# HELP beacond_queue_rejected_total Submissions refused, queue "
	    "full.\n"
	    "# TYPE beacond_queue_rejected_total counter\n"
	    "beacond_queue_rejected_total %" PRIu64 "\n",
	    wm->queue_depth, wm->queue_capacity, wm->batches_committed,
	    wm->commits_failed, wm->events_stored, wm->submits_rejected);
	render_histogram(out, "beacond_batch_size", "Events per commit.",
			 wm->batch_size_hist, beacond_writer_batch_bounds,
			 BEACOND_WRITER_BATCH_BUCKETS, 1.0,
			 (double)wm->batch_size_sum);
	render_histogram(out, "beacond_commit_seconds",
			 "Commit latency of a batch.", wm->latency_hist,
			 beacond_writer_latency_bounds_us,
			 BEACOND_WRITER_LATENCY_BUCKETS, 1e-6,
			 (double)wm->latency_sum_us * 1e-6);
}

int beacond_metrics_render(beacon_buf *out, const beacond_metrics *m,
			   const beacond_writer_metrics *wm)
{
	render_requests(out, m);
	render_counters(out, m);
	if (wm != NULL)
		render_writer(out, wm);
	return out->len > 0 && out->ptr != NULL ? 0 : BEACON_ENOMEM;
}

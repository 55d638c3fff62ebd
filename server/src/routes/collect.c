/*
 * routes/collect.c - POST /collect (and Traefik's path): read the body within
 * its limit, validate it, hand the report to the writer and keep the
 * connection suspended until its batch committed: 202 only after commit.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "beacon/alloc.h"
#include "beacon/payload.h"
#include "routes/routes.h"
#include "util/log.h"

static const char accepted_body[] = "{\"status\":\"accepted\"}";

static uint64_t monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static enum MHD_Result refuse(beacond_request *req, unsigned status,
			      beacond_reject reason, const char *message,
			      const char *field, unsigned retry_after_s)
{
	req->refused = 1;
	beacond_metrics_reject(&req->srv->metrics, reason);
	return beacond_http_error(req, status, message, field, retry_after_s);
}

static int media_type_ok(const char *ct)
{
	static const char json[] = "application/json";

	if (ct == NULL)
		return 1;
	while (*ct == ' ')
		ct++;
	return strncasecmp(ct, json, sizeof(json) - 1) == 0 &&
	       (ct[sizeof(json) - 1] == '\0' || ct[sizeof(json) - 1] == ';' ||
		ct[sizeof(json) - 1] == ' ');
}

/* First call: what the headers alone decide (size, type, rate). */
enum MHD_Result beacond_collect_first(beacond_request *req)
{
	const char *len = MHD_lookup_connection_value(
	    req->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	const char *ct = MHD_lookup_connection_value(
	    req->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	unsigned wait;

	if (len != NULL && strtoull(len, NULL, 10) > req->body.max)
		return refuse(req, MHD_HTTP_CONTENT_TOO_LARGE,
			      BEACOND_REJECT_TOO_LARGE,
			      "body exceeds the size limit", NULL, 0);
	if (!media_type_ok(ct))
		return refuse(req, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
			      BEACOND_REJECT_MEDIA_TYPE,
			      "Content-Type must be application/json", NULL, 0);
	wait = beacond_ratelimit_take(req->srv->ratelimit, &req->client,
				      monotonic_ns());
	if (wait > 0)
		return refuse(req, MHD_HTTP_TOO_MANY_REQUESTS,
			      BEACOND_REJECT_RATE_LIMITED,
			      "too many reports from this address", NULL, wait);
	return MHD_YES;
}

static void collect_done(void *payload, int status)
{
	beacond_request *req = payload;
	beacond_server *srv = req->srv;

	if (status == 0)
		atomic_fetch_add(&srv->metrics.reports_stored, 1);
	else
		atomic_fetch_add(&srv->metrics.reports_failed, 1);
	pthread_mutex_lock(&req->lock);
	req->done = 1;
	req->store_status = status;
	if (req->suspended) {
		req->suspended = 0;
		MHD_resume_connection(req->conn);
	}
	pthread_mutex_unlock(&req->lock);
	atomic_fetch_sub(&srv->collects_waiting, 1);
}

static enum MHD_Result answer_stored(beacond_request *req)
{
	if (req->store_status == 0)
		return beacond_http_json(req, MHD_HTTP_ACCEPTED, accepted_body,
					 sizeof(accepted_body) - 1);
	beacond_metrics_reject(&req->srv->metrics, BEACOND_REJECT_BUSY);
	return beacond_http_error(req, MHD_HTTP_SERVICE_UNAVAILABLE,
				  "the report could not be stored", NULL,
				  BEACON_SERVER_RETRY_AFTER_BUSY_S);
}

static void fill_event(beacond_event *ev, const beacond_request *req,
		       const beacon_payload *p, const char *config_json,
		       const char *ip)
{
	const char *ua = MHD_lookup_connection_value(
	    req->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_USER_AGENT);
	beacond_report_event *r = &ev->u.report;

	memset(ev, 0, sizeof(*ev));
	ev->kind = BEACOND_EVENT_REPORT;
	ev->time = (int64_t)time(NULL);
	r->product =
	    p->product != NULL ? p->product : req->srv->cfg->default_product;
	r->version = p->version;
	r->codename = p->codename;
	r->build_date = p->build_date;
	r->hash = p->hash;
	r->configuration = config_json;
	r->ip = ip;
	r->os = p->os;
	r->arch = p->arch;
	r->schema_version = (int)p->schema_version;
	r->instance_id = p->instance_id;
	r->report_id = p->report_id;
	r->user_agent = ua;
}

/* Hand the report to the writer; suspend until collect_done. */
static enum MHD_Result submit(beacond_request *req, const beacond_event *ev)
{
	beacond_server *srv = req->srv;
	enum MHD_Result ret = MHD_YES;
	int error;

	if (pthread_mutex_init(&req->lock, NULL) != 0)
		return MHD_NO;
	req->lock_ready = 1;
	atomic_fetch_add(&srv->collects_waiting, 1);
	error = beacond_writer_submit(srv->writer, ev, collect_done, req);
	if (error < 0)
		atomic_fetch_sub(&srv->collects_waiting, 1);
	if (error < 0)
		return refuse(req, MHD_HTTP_SERVICE_UNAVAILABLE,
			      BEACOND_REJECT_BUSY, "the server is saturated",
			      NULL, BEACON_SERVER_RETRY_AFTER_BUSY_S);
	/* The callback may already have run on the writer thread: the lock
	 * orders suspend before resume. */
	pthread_mutex_lock(&req->lock);
	if (req->done) {
		ret = answer_stored(req);
	} else {
		req->suspended = 1;
		MHD_suspend_connection(req->conn);
	}
	pthread_mutex_unlock(&req->lock);
	return ret;
}

static enum MHD_Result invalid(beacond_request *req, int code,
			       const beacon_error_detail *err)
{
	beacond_reject reason = code == BEACON_EPARSE ? BEACOND_REJECT_MALFORMED
						      : BEACOND_REJECT_INVALID;
	const char *field = err->source[0] != '\0' ? err->source : NULL;

	if ((code == BEACON_ELIMIT && field == NULL) ||
	    beacon_payload_error_is_depth(code, err))
		reason = BEACOND_REJECT_TOO_DEEP;
	return refuse(req, MHD_HTTP_BAD_REQUEST, reason,
		      err->text[0] != '\0' ? err->text : beacon_strerror(code),
		      field, 0);
}

/* Upload complete: validate, build the event, submit. */
static enum MHD_Result collect_finish(beacond_request *req)
{
	beacon_payload p = BEACON_PAYLOAD_INIT;
	beacon_payload_decode_options opts = BEACON_PAYLOAD_DECODE_OPTIONS_INIT;
	beacon_error_detail err;
	const char *config;
	size_t config_len = 0;
	char ipbuf[BEACOND_IPMODE_TEXT_MAX];
	const char *ip = NULL;
	beacond_event ev;
	enum MHD_Result ret;
	int error;

	beacon_error_clear(&err);
	/* One pass: the decoder measures the nesting as it checks. */
	opts.max_depth = req->srv->cfg->json_depth;
	error = beacon_payload_decode_opts(
	    &p, req->body.ptr != NULL ? req->body.ptr : "", req->body.len,
	    &opts, &err);
	if (error < 0) {
		ret = invalid(req, error, &err);
		goto cleanup;
	}
	/* Checked and compacted by the decoder: stored as it came. */
	config = beacon_payload_config_text(&p, &config_len);
	if (config == NULL) {
		ret = MHD_NO;
		goto cleanup;
	}
	beacond_http_client_ip(req, ipbuf, sizeof(ipbuf), &ip);
	fill_event(&ev, req, &p, config, ip);
	ret = submit(req, &ev);
cleanup:
	beacon_payload_dispose(&p);
	return ret;
}

/*
 * A piece of the body. libmicrohttpd 0.9.75 cannot queue an answer in the
 * middle of an upload (only on the first and the last call), so a body
 * without Content-Length that passes the limit is read and dropped up to
 * BEACON_SERVER_DISCARD_MAX more bytes and answered 413 at its end; past
 * that the connection is closed.
 */
enum MHD_Result beacond_collect_chunk(beacond_request *req, const char *data,
				      size_t *size)
{
	size_t n = *size;

	*size = 0;
	if (req->refused)
		return MHD_YES;
	if (req->too_large) {
		req->discarded += n;
		return req->discarded > BEACON_SERVER_DISCARD_MAX ? MHD_NO
								  : MHD_YES;
	}
	if (beacon_buf_append(&req->body, data, n) < 0) {
		req->too_large = 1;
		req->discarded = n;
		beacon_buf_dispose(&req->body);
	}
	return MHD_YES;
}

/* The upload is complete, or the connection resumed after the commit. */
enum MHD_Result beacond_collect_answer(beacond_request *req, const char *url)
{
	enum MHD_Result ret;

	(void)url;
	if (req->too_large)
		return refuse(req, MHD_HTTP_CONTENT_TOO_LARGE,
			      BEACOND_REJECT_TOO_LARGE,
			      "body exceeds the size limit", NULL, 0);
	if (req->refused || req->status != 0)
		return MHD_YES;
	if (!req->lock_ready)
		return collect_finish(req);
	pthread_mutex_lock(&req->lock);
	ret = req->done ? answer_stored(req) : MHD_YES;
	pthread_mutex_unlock(&req->lock);
	return ret;
}

const beacond_strlist *beacond_collect_paths(const beacond_config *cfg)
{
	return &cfg->collect_paths;
}

/* Counted for the graceful shutdown, which waits for them to complete. */
void beacond_collect_open(beacond_request *req)
{
	atomic_fetch_add(&req->srv->collects_alive, 1);
}

void beacond_collect_close(beacond_request *req)
{
	if (req->lock_ready)
		pthread_mutex_destroy(&req->lock);
	req->lock_ready = 0;
	atomic_fetch_sub(&req->srv->collects_alive, 1);
}

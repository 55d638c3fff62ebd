/*
 * http/dispatch.c - one request's way through the route table: pick the
 * row, apply libmicrohttpd's call protocol (http/router.h) once for every
 * route, answer 404 and 405, count and log the answer, free the request.
 */
#include "http/dispatch.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "beacon/alloc.h"
#include "http/request.h"
#include "http/router.h"
#include "routes/table.h"
#include "util/log.h"

void beacond_dispatch_setup(beacond_server *srv)
{
	const char *labels[BEACOND_METRICS_ROUTES_MAX];
	size_t i;

	for (i = 0; i < beacond_route_count; i++)
		labels[i] = beacond_route_table[i].label;
	beacond_metrics_routes(&srv->metrics, labels, beacond_route_count);
}

/* ---- client address ---------------------------------------------------- */

static void resolve_client(beacond_request *req)
{
	const union MHD_ConnectionInfo *info = MHD_get_connection_info(
	    req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const char *xff = MHD_lookup_connection_value(
	    req->conn, MHD_HEADER_KIND, "X-Forwarded-For");
	beacond_ip peer;

	if (info == NULL ||
	    beacond_ip_from_sockaddr(&peer, info->client_addr) != 0) {
		memset(&req->client, 0, sizeof(req->client));
		req->client_text[0] = '\0';
		return;
	}
	beacond_clientip_resolve(&req->client, &peer, xff, req->srv->trusted,
				 req->srv->ntrusted);
	beacond_ip_format(&req->client, req->client_text,
			  sizeof(req->client_text));
}

void beacond_http_client_ip(const beacond_request *req, char *out,
			    size_t outlen, const char **stored)
{
	const beacond_config *cfg = req->srv->cfg;
	const char *secret = cfg->ip_hash_secret;

	*stored = NULL;
	if (req->client_text[0] == '\0')
		return;
	if (beacond_ipmode_apply(req->srv->ip_mode,
				 (const unsigned char *)secret,
				 secret != NULL ? strlen(secret) : 0,
				 req->client_text, out, outlen, stored) != 0)
		*stored = NULL;
}

/* ---- dispatch ------------------------------------------------------------ */

/* 404 for the fallback row, 405 with Allow for a wrong method. */
static enum MHD_Result answer_refusal(beacond_request *req, const char *allow)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	static const char not_found[] = "{\"error\":\"not found\"}";
	static const char not_allowed[] = "{\"error\":\"method not allowed\"}";

	if (req->status != 0)
		return MHD_YES;
	if (allow == NULL)
		return beacond_http_json(req, MHD_HTTP_NOT_FOUND, not_found,
					 sizeof(not_found) - 1);
	resp = MHD_create_response_from_buffer(sizeof(not_allowed) - 1,
					       (void *)(uintptr_t)not_allowed,
					       MHD_RESPMEM_PERSISTENT);
	if (resp == NULL)
		return MHD_NO;
	beacond_http_headers(resp, "application/json; charset=utf-8");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, allow);
	ret = beacond_http_queue(req, MHD_HTTP_METHOD_NOT_ALLOWED, resp);
	MHD_destroy_response(resp);
	return ret;
}

static beacond_request *request_new(beacond_server *srv,
				    struct MHD_Connection *conn,
				    const char *url, const char *method)
{
	beacond_request *req = beacon_calloc(1, sizeof(*req));

	if (req == NULL)
		return NULL;
	req->srv = srv;
	req->conn = conn;
	req->route =
	    beacond_route_find(beacond_route_table, beacond_route_count,
			       srv->cfg, url, method, &req->allow);
	beacon_buf_init(&req->body, srv->cfg->body_bytes);
	if (req->route->client)
		resolve_client(req);
	if (req->route->open != NULL)
		req->route->open(req);
	return req;
}

/* Read and drop a body nobody takes (0.9.75 cannot answer in the middle of
 * an upload), within BEACON_SERVER_DISCARD_MAX. */
static enum MHD_Result discard(beacond_request *req, size_t *upload_data_size)
{
	req->discarded += *upload_data_size;
	*upload_data_size = 0;
	return req->discarded > BEACON_SERVER_DISCARD_MAX ? MHD_NO : MHD_YES;
}

enum MHD_Result beacond_dispatch_access(void *cls, struct MHD_Connection *conn,
					const char *url, const char *method,
					const char *version,
					const char *upload_data,
					size_t *upload_data_size,
					void **con_cls)
{
	beacond_request *req = *con_cls;
	const beacond_route *route;
	int refusal;

	(void)version;
	if (req == NULL) {
		req = request_new(cls, conn, url, method);
		if (req == NULL)
			return MHD_NO;
		*con_cls = req;
	}
	route = req->route;
	refusal = req->allow != NULL || route->answer == NULL;
	req->calls++;
	if ((refusal || route->chunk == NULL) && *upload_data_size > 0)
		return discard(req, upload_data_size);
	if (req->calls == 1)
		return !refusal && route->first != NULL ? route->first(req)
							: MHD_YES;
	if (*upload_data_size > 0)
		return route->chunk(req, upload_data, upload_data_size);
	if (refusal)
		return answer_refusal(req, req->allow);
	return route->answer(req, url);
}

/* The access log: one debug line per request. */
static void log_request(const beacond_request *req,
			enum MHD_RequestTerminationCode toe)
{
	char status[16];

	snprintf(status, sizeof(status), "%u", req->status);
	beacond_log(
	    BEACOND_LOG_DEBUG, "request", "route", req->route->label, "status",
	    status, "client",
	    req->client_text[0] != '\0' ? req->client_text : NULL, "completed",
	    toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "yes" : "no", NULL);
}

void beacond_dispatch_completed(void *cls, struct MHD_Connection *conn,
				void **con_cls,
				enum MHD_RequestTerminationCode toe)
{
	beacond_server *srv = cls;
	beacond_request *req = *con_cls;

	(void)conn;
	if (req == NULL)
		return;
	if (req->status != 0)
		beacond_metrics_request(
		    &srv->metrics, (size_t)(req->route - beacond_route_table),
		    req->status);
	if (beacond_log_enabled(BEACOND_LOG_DEBUG))
		log_request(req, toe);
	if (req->route->close != NULL)
		req->route->close(req);
	beacon_buf_dispose(&req->body);
	beacon_free(req);
	*con_cls = NULL;
}

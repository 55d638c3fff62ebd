/*
 * http/request.h - what a route handler sees of the HTTP front: its
 * request, the shared server state (borrowed through req->srv), the reply
 * helpers and the client address.
 *
 * Everything a request allocates hangs off its beacond_request, freed in
 * the request-completed callback (http/dispatch.c).
 */
#ifndef BEACOND_REQUEST_H
#define BEACOND_REQUEST_H

#include <microhttpd.h>
#include <pthread.h>
#include <stddef.h>

#include "beacon/buf.h"
#include "http/clientip.h"
#include "http/server.h"

struct beacond_route;

typedef struct beacond_request {
	beacond_server *srv; /* borrowed */
	struct MHD_Connection *conn;
	const struct beacond_route *route; /* borrowed, from the table */
	const char *allow; /* static Allow header when the method is wrong */
	unsigned calls;    /* access-handler calls so far */
	unsigned status;   /* status queued, for the metrics; 0: none */
	beacond_ip client;
	char client_text[BEACOND_IP_TEXT_MAX];
	/* POST collect */
	beacon_buf body;
	int refused;      /* an error answer is queued; swallow the rest */
	int too_large;    /* the body passed the limit: 413 at its end */
	size_t discarded; /* bytes dropped since */
	pthread_mutex_t lock;
	int lock_ready;
	int suspended;    /* waiting for the writer's callback */
	int done;         /* the writer called back */
	int store_status; /* its status */
} beacond_request;

/* Add Content-Type and the security headers every answer carries. */
void beacond_http_headers(struct MHD_Response *resp, const char *content_type);
/* Queue resp (borrowed; the caller destroys its reference). */
enum MHD_Result beacond_http_queue(beacond_request *req, unsigned status,
				   struct MHD_Response *resp);
/* Queue a copy of a JSON body. */
enum MHD_Result beacond_http_json(beacond_request *req, unsigned status,
				  const char *body, size_t len);
/* Queue {"error": message} (and "field" when field is not NULL). For 429
 * and 503, retry_after_s > 0 adds Retry-After. */
enum MHD_Result beacond_http_error(beacond_request *req, unsigned status,
				   const char *message, const char *field,
				   unsigned retry_after_s);

/*
 * The client address of req as the IP mode stores it: *stored points into
 * out, or is NULL for ipMode none (or an address that does not parse).
 * Resolved only for routes whose row sets client.
 */
void beacond_http_client_ip(const beacond_request *req, char *out,
			    size_t outlen, const char **stored);

#endif /* BEACOND_REQUEST_H */

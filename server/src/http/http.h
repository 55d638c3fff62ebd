/*
 * http.h - beacond's HTTP side on libmicrohttpd: the server state shared by
 * the routes, the per-request context and the reply helpers.
 *
 * Everything a request allocates hangs off its beacond_request, freed in
 * the request-completed callback.
 */
#ifndef BEACOND_HTTP_H
#define BEACOND_HTTP_H

#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <sys/socket.h>

#include "beacon/buf.h"
#include "catalog/snapshot.h"
#include "config/config.h"
#include "http/clientip.h"
#include "http/ipmode.h"
#include "http/metrics.h"
#include "http/ratelimit.h"
#include "ingest/writer.h"
#include "store/store.h"

typedef struct beacond_server {
	const beacond_config *cfg; /* borrowed */
	beacond_store *store;      /* borrowed */
	beacond_writer *writer;    /* borrowed */
	beacond_ipmode ip_mode;
	beacond_cidr trusted[BEACON_SERVER_LIST_MAX];
	size_t ntrusted;
	beacond_ratelimit *ratelimit; /* owned; NULL: no limit */
	beacond_releases releases;    /* owned */
	beacond_metrics metrics;
	struct MHD_Daemon *daemons[BEACON_SERVER_LIST_MAX];
	unsigned ports[BEACON_SERVER_LIST_MAX];
	size_t ndaemons;
	atomic_long collects_alive; /* collect requests not yet completed */
	/* reports handed to the writer, not called back yet */
	atomic_long collects_waiting;
	char *tls_cert_pem; /* owned, NULL without TLS */
	char *tls_key_pem;
	/* 1: beacond_http_start starts one daemon without a listening socket
	 * (cfg->listen ignored); connections come from
	 * beacond_http_add_connection. For the fuzz target (tests/fuzz). */
	int no_listen;
} beacond_server;

typedef struct beacond_request {
	beacond_server *srv; /* borrowed */
	struct MHD_Connection *conn;
	beacond_route route;
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

/* Start one daemon per cfg->listen address; srv->ports get the real ports.
 * Logs one "listening" line per address. */
int beacond_http_start(beacond_server *srv, beacon_error_detail *err);
/*
 * Hand the connected socket fd (steals it: libmicrohttpd closes it, also on
 * failure) to the first daemon, as if accepted from addr (borrowed; the
 * client address the routes and X-Forwarded-For see). For no_listen
 * servers. Returns 0, BEACON_EINVAL without a daemon, BEACON_EIO when
 * libmicrohttpd refuses it.
 */
int beacond_http_add_connection(beacond_server *srv, int fd,
				const struct sockaddr *addr, socklen_t addrlen);
/* Stop accepting new connections (graceful shutdown, first step). */
void beacond_http_quiesce(beacond_server *srv);
/* Close every connection and stop the daemons. */
void beacond_http_stop(beacond_server *srv);

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
 */
void beacond_http_client_ip(const beacond_request *req, char *out,
			    size_t outlen, const char **stored);
/* Writer callback of a check (payload: the beacond_server). */
void beacond_http_check_done(void *payload, int status);

/* Routes (route_*.c). Each is called on every access-handler call. */
enum MHD_Result beacond_route_releases(beacond_request *req, const char *url);
enum MHD_Result beacond_route_collect(beacond_request *req,
				      const char *upload_data,
				      size_t *upload_data_size);
enum MHD_Result beacond_route_healthz(beacond_request *req);
enum MHD_Result beacond_route_metrics(beacond_request *req);

/* Release what a collect request holds (called when the request ends). */
void beacond_collect_cleanup(beacond_request *req);

#endif /* BEACOND_HTTP_H */

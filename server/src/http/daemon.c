/* http/daemon.c - daemon setup, dispatch, the headers and replies every route
 * uses. */
#include "http/http.h"

#include <errno.h>
#include <jansson.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "beacon/alloc.h"
#include "util/log.h"

/* Longest libmicrohttpd diagnostic logged, bytes. */
#define MHD_LOG_MAX 512
/* Options passed to MHD_start_daemon, including the terminator. */
#define DAEMON_OPTIONS_MAX 12

static int hsts_enabled;

void beacond_http_headers(struct MHD_Response *resp, const char *content_type)
{
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
				content_type);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Content-Security-Policy",
				"default-src 'none'; frame-ancestors 'none'");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	if (hsts_enabled)
		MHD_add_response_header(resp, "Strict-Transport-Security",
					"max-age=31536000");
}

enum MHD_Result beacond_http_queue(beacond_request *req, unsigned status,
				   struct MHD_Response *resp)
{
	req->status = status;
	return MHD_queue_response(req->conn, status, resp);
}

static enum MHD_Result queue_copy(beacond_request *req, unsigned status,
				  const char *body, size_t len,
				  const char *content_type,
				  unsigned retry_after_s)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	char retry[16];

	resp = MHD_create_response_from_buffer(len, (void *)(uintptr_t)body,
					       MHD_RESPMEM_MUST_COPY);
	if (resp == NULL)
		return MHD_NO;
	beacond_http_headers(resp, content_type);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
				"no-store");
	if (retry_after_s > 0) {
		snprintf(retry, sizeof(retry), "%u", retry_after_s);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER,
					retry);
	}
	ret = beacond_http_queue(req, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

enum MHD_Result beacond_http_json(beacond_request *req, unsigned status,
				  const char *body, size_t len)
{
	return queue_copy(req, status, body, len,
			  "application/json; charset=utf-8", 0);
}

enum MHD_Result beacond_http_error(beacond_request *req, unsigned status,
				   const char *message, const char *field,
				   unsigned retry_after_s)
{
	json_t *obj = json_object();
	char *text = NULL;
	enum MHD_Result ret = MHD_NO;

	if (obj == NULL)
		return MHD_NO;
	/* json_string refuses invalid UTF-8: fall back to a generic text. */
	if (json_object_set_new(obj, "error", json_string(message)) < 0)
		json_object_set_new(obj, "error", json_string("invalid input"));
	if (field != NULL)
		json_object_set_new(obj, "field", json_string(field));
	text = json_dumps(obj, JSON_COMPACT);
	if (text != NULL)
		ret = queue_copy(req, status, text, strlen(text),
				 "application/json; charset=utf-8",
				 retry_after_s);
	beacon_free(text);
	json_decref(obj);
	return ret;
}

/* ---- client address ------------------------------------------------------ */

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

void beacond_http_check_done(void *payload, int status)
{
	beacond_server *srv = payload;

	if (status == 0)
		atomic_fetch_add(&srv->metrics.checks_stored, 1);
	else
		atomic_fetch_add(&srv->metrics.checks_failed, 1);
}

/* ---- dispatch -------------------------------------------------------------
 */

static int is_get(const char *method)
{
	return strcmp(method, MHD_HTTP_METHOD_GET) == 0 ||
	       strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
}

static int is_collect_path(const beacond_server *srv, const char *url)
{
	size_t i;

	for (i = 0; i < srv->cfg->collect_paths.count; i++)
		if (strcmp(srv->cfg->collect_paths.items[i], url) == 0)
			return 1;
	return 0;
}

static int is_releases_path(const char *url)
{
	size_t n = strlen(url);

	return strncmp(url, "/repos/", 7) == 0 && n > 16 &&
	       strcmp(url + n - 9, "/releases") == 0;
}

/* The route of url; *allow is the Allow header when method does not fit. */
static beacond_route pick_route(const beacond_server *srv, const char *url,
				const char *method, const char **allow)
{
	beacond_route route = BEACOND_ROUTE_OTHER;

	*allow = NULL;
	if (is_collect_path(srv, url)) {
		route = BEACOND_ROUTE_COLLECT;
		if (strcmp(method, MHD_HTTP_METHOD_POST) != 0)
			*allow = "POST";
		return route;
	}
	if (strcmp(url, "/healthz") == 0)
		route = BEACOND_ROUTE_HEALTHZ;
	else if (strcmp(url, "/metrics") == 0)
		route = BEACOND_ROUTE_METRICS;
	else if (is_releases_path(url))
		route = BEACOND_ROUTE_RELEASES;
	if (route != BEACOND_ROUTE_OTHER && !is_get(method))
		*allow = "GET, HEAD";
	return route;
}

static enum MHD_Result answer_refusal(beacond_request *req, const char *allow)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	static const char not_found[] = "{\"error\":\"not found\"}";
	static const char not_allowed[] = "{\"error\":\"method not allowed\"}";

	if (req->calls == 1 || req->status != 0)
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
				    beacond_route route)
{
	beacond_request *req = beacon_calloc(1, sizeof(*req));

	if (req == NULL)
		return NULL;
	req->srv = srv;
	req->conn = conn;
	req->route = route;
	beacon_buf_init(&req->body, srv->cfg->body_bytes);
	if (route == BEACOND_ROUTE_RELEASES || route == BEACOND_ROUTE_COLLECT)
		resolve_client(req);
	if (route == BEACOND_ROUTE_COLLECT)
		atomic_fetch_add(&srv->collects_alive, 1);
	return req;
}

static enum MHD_Result on_access(void *cls, struct MHD_Connection *conn,
				 const char *url, const char *method,
				 const char *version, const char *upload_data,
				 size_t *upload_data_size, void **con_cls)
{
	beacond_server *srv = cls;
	beacond_request *req = *con_cls;

	(void)version;
	if (req == NULL) {
		const char *allow = NULL;
		beacond_route route = pick_route(srv, url, method, &allow);
		req = request_new(srv, conn, route);
		if (req == NULL)
			return MHD_NO;
		req->allow = allow;
		*con_cls = req;
	}
	req->calls++;
	/* Only reports have a body: any other is read and dropped (0.9.75
	 * cannot answer in the middle of an upload), within a bound. */
	if (req->route != BEACOND_ROUTE_COLLECT || req->allow != NULL) {
		if (*upload_data_size > 0) {
			req->discarded += *upload_data_size;
			*upload_data_size = 0;
			return req->discarded > BEACON_SERVER_DISCARD_MAX
				   ? MHD_NO
				   : MHD_YES;
		}
	}
	if (req->allow != NULL || req->route == BEACOND_ROUTE_OTHER)
		return answer_refusal(req, req->allow);
	switch (req->route) {
	case BEACOND_ROUTE_RELEASES:
		return beacond_route_releases(req, url);
	case BEACOND_ROUTE_COLLECT:
		return beacond_route_collect(req, upload_data,
					     upload_data_size);
	case BEACOND_ROUTE_HEALTHZ:
		return beacond_route_healthz(req);
	case BEACOND_ROUTE_METRICS:
		return beacond_route_metrics(req);
	default:
		return MHD_NO;
	}
}

/* The access log: one debug line per request. */
static void log_request(const beacond_request *req,
			enum MHD_RequestTerminationCode toe)
{
	char status[16];

	snprintf(status, sizeof(status), "%u", req->status);
	beacond_log(
	    BEACOND_LOG_DEBUG, "request", "route",
	    beacond_metrics_route_name(req->route), "status", status, "client",
	    req->client_text[0] != '\0' ? req->client_text : NULL, "completed",
	    toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "yes" : "no", NULL);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	beacond_server *srv = cls;
	beacond_request *req = *con_cls;

	(void)conn;
	if (req == NULL)
		return;
	if (req->status != 0)
		beacond_metrics_request(&srv->metrics, req->route, req->status);
	if (beacond_log_enabled(BEACOND_LOG_DEBUG))
		log_request(req, toe);
	if (req->route == BEACOND_ROUTE_COLLECT) {
		beacond_collect_cleanup(req);
		atomic_fetch_sub(&srv->collects_alive, 1);
	}
	beacon_buf_dispose(&req->body);
	beacon_free(req);
	*con_cls = NULL;
}

/* fmt comes from libmicrohttpd; the attribute lets clang check the call. */
__attribute__((format(printf, 2, 0))) static void
on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char text[MHD_LOG_MAX];
	size_t n;

	(void)cls;
	vsnprintf(text, sizeof(text), fmt, ap);
	n = strlen(text);
	while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r'))
		text[--n] = '\0';
	beacond_log(BEACOND_LOG_WARN, "libmicrohttpd", "detail", text, NULL);
}

/* ---- daemons --------------------------------------------------------------
 */

/* Split "host:port", "[v6]:port" or ":port" and resolve (numeric). */
static int listen_addr(const char *spec, struct addrinfo **out)
{
	char host[256];
	const char *colon = strrchr(spec, ':'), *h = spec;
	size_t hlen;
	struct addrinfo hints;

	if (colon == NULL)
		return BEACON_EINVAL;
	hlen = (size_t)(colon - spec);
	if (hlen >= 2 && spec[0] == '[' && spec[hlen - 1] == ']') {
		h++;
		hlen -= 2;
	}
	if (hlen >= sizeof(host))
		return BEACON_EINVAL;
	memcpy(host, h, hlen);
	host[hlen] = '\0';
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	return getaddrinfo(hlen > 0 ? host : NULL, colon + 1, &hints, out) == 0
		   ? 0
		   : BEACON_EINVAL;
}

static unsigned daemon_flags(const beacond_server *srv, int family)
{
	/* poll(2) by default: with MHD_USE_EPOLL, 0.9.75 can stall a polling
	 * thread that has 128 or more busy connections (after 128 events it
	 * goes back to epoll_wait with the blocking timeout; see DESIGN.md).
	 * poll with the thread pool is as fast and does not stall. */
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD |
			 MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ITC |
			 MHD_USE_ERROR_LOG;

	flags |= srv->cfg->poll_mode == BEACOND_POLL_EPOLL ? MHD_USE_EPOLL
							   : MHD_USE_POLL;
	if (family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (srv->no_listen)
		flags |= MHD_USE_NO_LISTEN_SOCKET;
	if (srv->tls_cert_pem != NULL)
		flags |= MHD_USE_TLS;
	return flags;
}

/* The options that carry data pointers (function pointers cannot go
 * through struct MHD_OptionItem in ISO C, they are passed directly). */
static void set_options(beacond_server *srv, const struct sockaddr *sa,
			struct MHD_OptionItem *o)
{
	const beacond_config *cfg = srv->cfg;
	size_t n = 0;

	if (sa != NULL)
		o[n++] = (struct MHD_OptionItem){ MHD_OPTION_SOCK_ADDR, 0,
						  (void *)(uintptr_t)sa };
	o[n++] = (struct MHD_OptionItem){ MHD_OPTION_THREAD_POOL_SIZE,
					  cfg->threads, NULL };
	o[n++] = (struct MHD_OptionItem){ MHD_OPTION_CONNECTION_LIMIT,
					  cfg->max_connections, NULL };
	o[n++] = (struct MHD_OptionItem){ MHD_OPTION_CONNECTION_TIMEOUT,
					  cfg->connection_timeout_s, NULL };
	o[n++] = (struct MHD_OptionItem){ MHD_OPTION_CONNECTION_MEMORY_LIMIT,
					  cfg->connection_memory, NULL };
	if (srv->tls_cert_pem != NULL) {
		o[n++] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_KEY, 0,
						  srv->tls_key_pem };
		o[n++] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_CERT, 0,
						  srv->tls_cert_pem };
		o[n++] = (struct MHD_OptionItem){
			MHD_OPTION_HTTPS_PRIORITIES, 0,
			(void *)(uintptr_t)BEACON_SERVER_TLS_PRIORITIES
		};
	}
	o[n] = (struct MHD_OptionItem){ MHD_OPTION_END, 0, NULL };
}

/* "http://HOST:PORT" of a listen spec and its real port, for the log. */
static void listen_url(const beacond_server *srv, const char *spec,
		       unsigned port, char *out, size_t outlen)
{
	const char *colon = strrchr(spec, ':');
	int hlen = colon != NULL ? (int)(colon - spec) : 0;

	snprintf(out, outlen, "%s://%.*s:%u",
		 srv->tls_cert_pem != NULL ? "https" : "http",
		 hlen > 0 ? hlen : 7, hlen > 0 ? spec : "0.0.0.0", port);
}

/* A daemon on sa (NULL: no listening socket) with the server's options. */
static struct MHD_Daemon *start_daemon(beacond_server *srv, int family,
				       const struct sockaddr *sa)
{
	struct MHD_OptionItem opts[DAEMON_OPTIONS_MAX];

	set_options(srv, sa, opts);
	return MHD_start_daemon(daemon_flags(srv, family), 0, NULL, NULL,
				on_access, srv, MHD_OPTION_EXTERNAL_LOGGER,
				on_mhd_log, srv, MHD_OPTION_NOTIFY_COMPLETED,
				on_completed, srv, MHD_OPTION_ARRAY, opts,
				MHD_OPTION_END);
}

static int start_one(beacond_server *srv, const char *spec,
		     beacon_error_detail *err)
{
	struct addrinfo *ai = NULL;
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;
	char port[16], url[300];
	int bind_errno;

	if (listen_addr(spec, &ai) != 0)
		return beacon_error_set(err, BEACON_EINVAL, "listen", 0, 0,
					"listen: bad address \"%s\"", spec);
	d = start_daemon(srv, ai->ai_family, ai->ai_addr);
	bind_errno = errno; /* libmicrohttpd's own line says "port 0" */
	freeaddrinfo(ai);
	if (d == NULL)
		return beacon_error_set(err, BEACON_EIO, "listen", 0, 0,
					"cannot listen on %s: %s", spec,
					strerror(bind_errno));
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	srv->ports[srv->ndaemons] = info != NULL ? info->port : 0;
	srv->daemons[srv->ndaemons++] = d;
	snprintf(port, sizeof(port), "%u", srv->ports[srv->ndaemons - 1]);
	listen_url(srv, spec, srv->ports[srv->ndaemons - 1], url, sizeof(url));
	beacond_log(BEACOND_LOG_INFO, "listening", "address", spec, "port",
		    port, "url", url, NULL);
	return 0;
}

/* srv->no_listen: one daemon without a socket of its own. */
static int start_unlisted(beacond_server *srv, beacon_error_detail *err)
{
	struct MHD_Daemon *d = start_daemon(srv, AF_INET, NULL);

	if (d == NULL)
		return beacon_error_set(err, BEACON_EIO, "listen", 0, 0,
					"cannot start a daemon without a "
					"listening socket");
	srv->ports[0] = 0;
	srv->daemons[srv->ndaemons++] = d;
	return 0;
}

int beacond_http_start(beacond_server *srv, beacon_error_detail *err)
{
	size_t i;
	int error = 0;

	hsts_enabled = srv->tls_cert_pem != NULL;
	if (srv->no_listen)
		return start_unlisted(srv, err);
	for (i = 0; i < srv->cfg->listen.count && error == 0; i++)
		error = start_one(srv, srv->cfg->listen.items[i], err);
	if (error < 0)
		beacond_http_stop(srv);
	return error;
}

int beacond_http_add_connection(beacond_server *srv, int fd,
				const struct sockaddr *addr, socklen_t addrlen)
{
	if (srv->ndaemons == 0) {
		close(fd);
		return BEACON_EINVAL;
	}
	return MHD_add_connection(srv->daemons[0], fd, addr, addrlen) == MHD_YES
		   ? 0
		   : BEACON_EIO;
}

void beacond_http_quiesce(beacond_server *srv)
{
	size_t i;

	for (i = 0; i < srv->ndaemons; i++) {
		MHD_socket s = MHD_quiesce_daemon(srv->daemons[i]);
		if (s != MHD_INVALID_SOCKET)
			close(s);
	}
}

void beacond_http_stop(beacond_server *srv)
{
	size_t i;

	for (i = 0; i < srv->ndaemons; i++)
		MHD_stop_daemon(srv->daemons[i]);
	srv->ndaemons = 0;
}

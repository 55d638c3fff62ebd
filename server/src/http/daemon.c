/* http/daemon.c - the libmicrohttpd daemons: listen addresses, options,
 * start, quiesce, stop. Requests go to http/dispatch.c. */
#include "http/http.h"

#include <errno.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "http/dispatch.h"
#include "util/log.h"

/* Longest libmicrohttpd diagnostic logged, bytes. */
#define MHD_LOG_MAX 512
/* Options passed to MHD_start_daemon, including the terminator. */
#define DAEMON_OPTIONS_MAX 12

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
	return MHD_start_daemon(
	    daemon_flags(srv, family), 0, NULL, NULL, beacond_dispatch_access,
	    srv, MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, srv,
	    MHD_OPTION_NOTIFY_COMPLETED, beacond_dispatch_completed, srv,
	    MHD_OPTION_ARRAY, opts, MHD_OPTION_END);
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

	beacond_reply_hsts(srv->tls_cert_pem != NULL);
	beacond_dispatch_setup(srv);
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

/*
 * http.h - beacond's HTTP front on libmicrohttpd: start, feed and stop the
 * daemons of a beacond_server (http/server.h). Requests go to the route
 * table (routes/table.c) through http/dispatch.c.
 */
#ifndef BEACOND_HTTP_H
#define BEACOND_HTTP_H

#include <sys/socket.h>

#include "beacon/error.h"
#include "http/server.h"

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

#endif /* BEACOND_HTTP_H */

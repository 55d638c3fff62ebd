/*
 * http/server.h - the state one beacond process shares between its HTTP
 * front and the route handlers: configuration, store, writer, limits,
 * the release catalog, the counters and the daemons.
 */
#ifndef BEACOND_SERVER_H
#define BEACOND_SERVER_H

#include <microhttpd.h>
#include <stdatomic.h>
#include <stddef.h>

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

#endif /* BEACOND_SERVER_H */

/*
 * http/dispatch.h - inside the HTTP front: the libmicrohttpd callbacks that
 * run the route table (http/dispatch.c) and the switch of the reply
 * helpers (http/reply.c). Not for route handlers (they use
 * http/request.h).
 */
#ifndef BEACOND_DISPATCH_H
#define BEACOND_DISPATCH_H

#include <microhttpd.h>
#include <stddef.h>

#include "http/server.h"

/* Give srv's metrics the table's route labels; before the first request. */
void beacond_dispatch_setup(beacond_server *srv);

/* MHD_AccessHandlerCallback; cls is the beacond_server. */
enum MHD_Result beacond_dispatch_access(void *cls, struct MHD_Connection *conn,
					const char *url, const char *method,
					const char *version,
					const char *upload_data,
					size_t *upload_data_size,
					void **con_cls);
/* MHD_RequestCompletedCallback: counts, logs, frees the request. */
void beacond_dispatch_completed(void *cls, struct MHD_Connection *conn,
				void **con_cls,
				enum MHD_RequestTerminationCode toe);

/* 1: every answer carries Strict-Transport-Security (TLS). */
void beacond_reply_hsts(int on);

#endif /* BEACOND_DISPATCH_H */

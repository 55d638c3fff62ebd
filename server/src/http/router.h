/*
 * http/router.h - the shape of a route table row and the lookup that picks
 * the row of a request. The table itself is routes/table.c; this file knows
 * no route.
 *
 * Every handler is called through http/dispatch.c, which applies
 * libmicrohttpd's call protocol once for all of them: the first access call
 * carries only the headers (first, if set, may refuse there), the middle
 * calls carry the body (chunk; routes without chunk get their body read and
 * dropped), and the last call, with no data, is where answer queues the
 * reply (answering on the first call costs keep-alive, DESIGN.md). answer
 * may be called again after a suspended connection resumes.
 */
#ifndef BEACOND_ROUTER_H
#define BEACOND_ROUTER_H

#include <microhttpd.h>
#include <stddef.h>

#include "config/config.h"
#include "http/request.h"

typedef struct beacond_route {
	/* The methods taken, as the Allow header of a 405 lists them
	 * ("GET, HEAD"). */
	const char *methods;
	/* The path: exact, or with one '*' standing for one or more
	 * characters ("/repos/ * /releases" without the spaces). NULL: the
	 * paths come from config_paths. */
	const char *path;
	/* The list of exact paths the configuration holds, when path is NULL.
	 */
	const beacond_strlist *(*config_paths)(const beacond_config *cfg);
	/* The route label of beacond_http_requests_total and the access log. */
	const char *label;
	/* 1: resolve the client address (X-Forwarded-For) for the handler. */
	int client;
	/* Called once when the request starts and when it completes (both
	 * optional, both also for a wrong method). */
	void (*open)(beacond_request *req);
	void (*close)(beacond_request *req);
	/* First call, headers only (optional). */
	enum MHD_Result (*first)(beacond_request *req);
	/* A piece of the body; *size set to what was consumed (optional). */
	enum MHD_Result (*chunk)(beacond_request *req, const char *data,
				 size_t *size);
	/* The answer; NULL in the fallback row (404). */
	enum MHD_Result (*answer)(beacond_request *req, const char *url);
} beacond_route;

/*
 * The row of table (borrowed, n rows, the last one the fallback) that
 * serves url. Exact paths win over patterns; among equals the earlier row
 * wins. The fallback row when none matches. *allow is the row's methods
 * when method is not among them, NULL otherwise (and for the fallback).
 */
const beacond_route *beacond_route_find(const beacond_route *table, size_t n,
					const beacond_config *cfg,
					const char *url, const char *method,
					const char **allow);

#endif /* BEACOND_ROUTER_H */

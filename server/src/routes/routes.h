/*
 * routes/routes.h - the route handlers, one file per route family; the
 * table (routes/table.c) says which request reaches which. The call
 * protocol they rely on is in http/router.h.
 */
#ifndef BEACOND_ROUTES_H
#define BEACOND_ROUTES_H

#include <microhttpd.h>
#include <stddef.h>

#include "http/request.h"

/* routes/releases.c: GET /repos/{owner}/{repo}/releases. */
enum MHD_Result beacond_releases_answer(beacond_request *req, const char *url);

/* routes/collect.c: POST of a usage report. */
void beacond_collect_open(beacond_request *req);
void beacond_collect_close(beacond_request *req);
enum MHD_Result beacond_collect_first(beacond_request *req);
enum MHD_Result beacond_collect_chunk(beacond_request *req, const char *data,
				      size_t *size);
enum MHD_Result beacond_collect_answer(beacond_request *req, const char *url);
/* The configured report paths (collectPaths). */
const beacond_strlist *beacond_collect_paths(const beacond_config *cfg);

/* routes/ops.c: GET /healthz and GET /metrics. */
enum MHD_Result beacond_healthz_answer(beacond_request *req, const char *url);
enum MHD_Result beacond_metrics_answer(beacond_request *req, const char *url);

#endif /* BEACOND_ROUTES_H */

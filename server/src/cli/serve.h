/* serve.h - `beacond serve`: run the collector until SIGTERM or SIGINT. */
#ifndef BEACOND_SERVE_H
#define BEACOND_SERVE_H

#include "beacon/error.h"
#include "config/config.h"
#include "http/http.h"

/*
 * What `serve` runs before it listens, for the fuzz target (tests/fuzz) and
 * tests: set srv up from cfg (borrowed; must outlive srv), open the store,
 * start the writer, load the catalog. The HTTP side is not started
 * (beacond_http_start). On error srv is already closed.
 */
int beacond_serve_open(beacond_server *srv, const beacond_config *cfg,
		       beacon_error_detail *err);
/* Stop the daemons, the writer (committing what is queued), close the
 * store and free what srv owns. */
void beacond_serve_close(beacond_server *srv);

/* argv[0] is the first option after "serve". Returns the exit status. */
int beacond_serve_main(int argc, char **argv);

#endif /* BEACOND_SERVE_H */

/* client_wait.h - waiting on beacond's database in client tests. */
#ifndef BEACON_CLIENT_WAIT_H
#define BEACON_CLIENT_WAIT_H

#include "beacond_harness.h"

/*
 * Poll the integer answer of sql (a count) every 20 ms until it reaches
 * want or ms milliseconds passed (beacond commits in groups, so a row
 * lands shortly after its 2xx). Returns the last answer.
 */
long long client_wait_sql(const beacond_harness *h, const char *sql,
			  long long want, int ms);

#endif /* BEACON_CLIENT_WAIT_H */

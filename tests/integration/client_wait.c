/* client_wait.c - see client_wait.h. */
#include "client_wait.h"

#include "client_peer.h"

long long client_wait_sql(const beacond_harness *h, const char *sql,
			  long long want, int ms)
{
	long long n = beacond_sql_int(h, sql);

	for (; n < want && ms > 0; ms -= 20) {
		client_peer_sleep_ms(20);
		n = beacond_sql_int(h, sql);
	}
	return n;
}

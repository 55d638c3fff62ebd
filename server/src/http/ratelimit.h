/*
 * ratelimit.h - per-client-IP token buckets for usage reports.
 *
 * Memory is bounded: a fixed table of BEACON_SERVER_RATELIMIT_SETS sets of
 * BEACON_SERVER_RATELIMIT_WAYS buckets; a new address takes the least
 * recently used bucket of its set (an evicted address starts with a full
 * bucket again, which errs on the side of accepting). Thread-safe: one
 * mutex per set.
 */
#ifndef BEACOND_RATELIMIT_H
#define BEACOND_RATELIMIT_H

#include <stdint.h>

#include "http/clientip.h"

typedef struct beacond_ratelimit beacond_ratelimit;

/*
 * *out: new, free with beacond_ratelimit_free. Each address may send burst
 * reports at once, refilled at per_minute a minute. per_minute == 0 turns
 * the limit off.
 */
int beacond_ratelimit_new(beacond_ratelimit **out, unsigned per_minute,
			  unsigned burst);
/* Accepts NULL. */
void beacond_ratelimit_free(beacond_ratelimit *rl);

/*
 * Take one token for ip at monotonic time now_ns. Returns 0 when allowed,
 * otherwise the whole seconds (>= 1) until a token is available, for
 * Retry-After.
 */
unsigned beacond_ratelimit_take(beacond_ratelimit *rl, const beacond_ip *ip,
				uint64_t now_ns);

#endif /* BEACOND_RATELIMIT_H */

/* ratelimit.c - token buckets in a fixed-size, set-associative table. */
#include "http/ratelimit.h"

#include <pthread.h>
#include <string.h>

#include "beacon/alloc.h"
#include "beacon/error.h"
#include "beacon/limits.h"

#define NS_PER_MINUTE 60000000000.0
#define NS_PER_SECOND 1000000000.0

typedef struct bucket {
	beacond_ip ip;
	double tokens;
	uint64_t last_ns; /* 0: slot unused */
} bucket;

typedef struct bucket_set {
	pthread_mutex_t lock;
	bucket ways[BEACON_SERVER_RATELIMIT_WAYS];
} bucket_set;

struct beacond_ratelimit {
	double per_ns; /* tokens added per nanosecond */
	double burst;
	bucket_set sets[BEACON_SERVER_RATELIMIT_SETS];
};

int beacond_ratelimit_new(beacond_ratelimit **out, unsigned per_minute,
			  unsigned burst)
{
	beacond_ratelimit *rl = NULL;
	size_t i;

	*out = NULL;
	if (per_minute == 0)
		return 0;
	rl = beacon_calloc(1, sizeof(*rl));
	if (rl == NULL)
		return BEACON_ENOMEM;
	rl->per_ns = per_minute / NS_PER_MINUTE;
	rl->burst = burst > 0 ? burst : 1;
	for (i = 0; i < BEACON_SERVER_RATELIMIT_SETS; i++)
		pthread_mutex_init(&rl->sets[i].lock, NULL);
	*out = rl;
	return 0;
}

void beacond_ratelimit_free(beacond_ratelimit *rl)
{
	size_t i;

	if (rl == NULL)
		return;
	for (i = 0; i < BEACON_SERVER_RATELIMIT_SETS; i++)
		pthread_mutex_destroy(&rl->sets[i].lock);
	beacon_free(rl);
}

/* FNV-1a over the address bytes. */
static size_t ip_hash(const beacond_ip *ip)
{
	size_t n = ip->family == AF_INET ? 4 : 16, i;
	uint64_t h = 1469598103934665603ull;

	for (i = 0; i < n; i++) {
		h ^= ip->addr[i];
		h *= 1099511628211ull;
	}
	h ^= (uint64_t)ip->family;
	return (size_t)(h % BEACON_SERVER_RATELIMIT_SETS);
}

/* The bucket of ip in set, or the least recently used one, reset. */
static bucket *set_find(bucket_set *set, const beacond_ip *ip, double burst,
			uint64_t now_ns)
{
	bucket *lru = &set->ways[0];
	size_t i;

	for (i = 0; i < BEACON_SERVER_RATELIMIT_WAYS; i++) {
		bucket *b = &set->ways[i];
		if (b->last_ns != 0 && memcmp(&b->ip, ip, sizeof(*ip)) == 0)
			return b;
		if (b->last_ns < lru->last_ns)
			lru = b;
	}
	lru->ip = *ip;
	lru->tokens = burst;
	lru->last_ns = now_ns;
	return lru;
}

unsigned beacond_ratelimit_take(beacond_ratelimit *rl, const beacond_ip *ip,
				uint64_t now_ns)
{
	bucket_set *set;
	bucket *b;
	unsigned wait = 0;

	if (rl == NULL)
		return 0;
	if (now_ns == 0)
		now_ns = 1;
	set = &rl->sets[ip_hash(ip)];
	pthread_mutex_lock(&set->lock);
	b = set_find(set, ip, rl->burst, now_ns);
	if (now_ns > b->last_ns)
		b->tokens += (double)(now_ns - b->last_ns) * rl->per_ns;
	if (b->tokens > rl->burst)
		b->tokens = rl->burst;
	b->last_ns = now_ns;
	if (b->tokens >= 1.0) {
		b->tokens -= 1.0;
	} else {
		double ns = (1.0 - b->tokens) / rl->per_ns;
		wait = (unsigned)(ns / NS_PER_SECOND); /* rounded up, >= 1 */
		if ((double)wait * NS_PER_SECOND < ns || wait == 0)
			wait++;
	}
	pthread_mutex_unlock(&set->lock);
	return wait;
}

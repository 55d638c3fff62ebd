/*
 * sync.c - see sync.h.
 */
#include "util/sync.h"

#define NSEC_PER_SEC 1000000000L
#define NSEC_PER_MSEC 1000000L

int beacond_sync_init(pthread_mutex_t *lock, pthread_cond_t *cond)
{
	pthread_condattr_t attr;
	int rc = pthread_condattr_init(&attr);

	if (rc == 0)
		rc = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	if (rc == 0)
		rc = pthread_cond_init(cond, &attr);
	pthread_condattr_destroy(&attr);
	if (rc == 0 && pthread_mutex_init(lock, NULL) != 0) {
		pthread_cond_destroy(cond);
		rc = -1;
	}
	return rc;
}

void beacond_deadline_ms(struct timespec *at, unsigned ms)
{
	clock_gettime(CLOCK_MONOTONIC, at);
	at->tv_nsec += (long)ms * NSEC_PER_MSEC;
	at->tv_sec += at->tv_nsec / NSEC_PER_SEC;
	at->tv_nsec %= NSEC_PER_SEC;
}

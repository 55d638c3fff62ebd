/* sync.c - see beacon/sync.h. */
#include "beacon/sync.h"

#define NSEC_PER_SEC 1000000000L
#define NSEC_PER_USEC 1000L
#define NSEC_PER_MSEC 1000000L
#define MSEC_PER_SEC 1000LL

uint64_t beacon_clock_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * (uint64_t)NSEC_PER_SEC +
	       (uint64_t)ts.tv_nsec;
}

uint64_t beacon_clock_us(void)
{
	return beacon_clock_ns() / (uint64_t)NSEC_PER_USEC;
}

long long beacon_clock_ms(void)
{
	return (long long)(beacon_clock_ns() / (uint64_t)NSEC_PER_MSEC);
}

int beacon_sync_init(pthread_mutex_t *lock, pthread_cond_t *cond)
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

void beacon_sync_deadline_ms(struct timespec *at, unsigned ms)
{
	clock_gettime(CLOCK_MONOTONIC, at);
	at->tv_nsec += (long)ms * NSEC_PER_MSEC;
	at->tv_sec += at->tv_nsec / NSEC_PER_SEC;
	at->tv_nsec %= NSEC_PER_SEC;
}

void beacon_sync_at_ms(struct timespec *at, long long mono_ms)
{
	at->tv_sec = (time_t)(mono_ms / MSEC_PER_SEC);
	at->tv_nsec = (long)(mono_ms % MSEC_PER_SEC) * NSEC_PER_MSEC;
}

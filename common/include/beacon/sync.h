/*
 * beacon/sync.h - the monotonic clock, and the mutex + condition variable
 * pairs timed on it, of the client's scheduler and of beacond's own threads
 * (the writer, the checkpoint thread). CLOCK_MONOTONIC everywhere: a wall
 * clock step must neither fire nor stall a timer.
 */
#ifndef BEACON_SYNC_H
#define BEACON_SYNC_H

#include <pthread.h>
#include <stdint.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Now on CLOCK_MONOTONIC: nanoseconds, microseconds, milliseconds. */
uint64_t beacon_clock_ns(void);
uint64_t beacon_clock_us(void);
long long beacon_clock_ms(void);

/*
 * Initialize *lock and *cond, cond timed on CLOCK_MONOTONIC. 0 on success;
 * on failure neither is left initialized.
 */
int beacon_sync_init(pthread_mutex_t *lock, pthread_cond_t *cond);

/* *at = now + ms on CLOCK_MONOTONIC, for pthread_cond_timedwait. */
void beacon_sync_deadline_ms(struct timespec *at, unsigned ms);

/* *at = the monotonic time mono_ms (of beacon_clock_ms), for
 * pthread_cond_timedwait. */
void beacon_sync_at_ms(struct timespec *at, long long mono_ms);

#ifdef __cplusplus
}
#endif

#endif /* BEACON_SYNC_H */

/*
 * sync.h - the mutex + monotonic condition variable pairs of beacond's
 * own threads (the writer, the checkpoint thread), and their deadlines.
 */
#ifndef BEACOND_SYNC_H
#define BEACOND_SYNC_H

#include <pthread.h>
#include <time.h>

/* Initialize *lock and *cond, cond timed on CLOCK_MONOTONIC. 0 on success;
 * on failure neither is left initialized. */
int beacond_sync_init(pthread_mutex_t *lock, pthread_cond_t *cond);

/* *at = now + ms on CLOCK_MONOTONIC, for pthread_cond_timedwait. */
void beacond_deadline_ms(struct timespec *at, unsigned ms);

#endif

/* bench_clock.h - the monotonic clock of the benchmark helpers. */
#ifndef BEACON_BENCH_CLOCK_H
#define BEACON_BENCH_CLOCK_H

#include <time.h>

/* Seconds on CLOCK_MONOTONIC. */
static inline double bench_now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#endif /* BEACON_BENCH_CLOCK_H */

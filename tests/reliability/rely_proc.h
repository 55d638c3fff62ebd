/*
 * rely_proc.h - clock and memory readings shared by the reliability tests.
 */
#ifndef BEACON_RELY_PROC_H
#define BEACON_RELY_PROC_H

#include <sys/types.h>

/* Monotonic clock, milliseconds. */
long long rely_now_ms(void);
/* VmRSS of process pid (0: this process) in kB, from /proc; -1 on error. */
long rely_rss_kb(pid_t pid);

#endif /* BEACON_RELY_PROC_H */

/* rely_proc.c - clock and /proc readings (see rely_proc.h). */
#define _POSIX_C_SOURCE 200809L
#include "rely_proc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

long long rely_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long rely_rss_kb(pid_t pid)
{
	char path[64], line[256];
	FILE *f;
	long kb = -1;

	if (pid == 0)
		snprintf(path, sizeof(path), "/proc/self/status");
	else
		snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	while (f != NULL && fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, "VmRSS:", 6) == 0)
			kb = strtol(line + 6, NULL, 10);
	if (f != NULL)
		fclose(f);
	return kb;
}

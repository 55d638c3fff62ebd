/*
 * runstat.c - CPU time and peak RSS of one command (getrusage of the child),
 * for hosts without /usr/bin/time.
 *
 *     runstat COMMAND [ARG]...
 *
 * Runs COMMAND with its output discarded and prints one line on stdout:
 * "status=S user_ms=U sys_ms=K maxrss_kb=M wall_ms=W".
 */
#define _DEFAULT_SOURCE

#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long ms(struct timeval tv)
{
	return (long)tv.tv_sec * 1000L + (long)tv.tv_usec / 1000L;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

int main(int argc, char **argv)
{
	struct rusage ru;
	int wstatus = 0, devnull;
	long start = now_ms();
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: runstat COMMAND [ARG]...\n");
		return 2;
	}
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		devnull = open("/dev/null", O_WRONLY);
		if (devnull >= 0) {
			dup2(devnull, 1);
			dup2(devnull, 2);
		}
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	if (wait4(pid, &wstatus, 0, &ru) != pid)
		return 1;
	printf("status=%d user_ms=%ld sys_ms=%ld maxrss_kb=%ld wall_ms=%ld\n",
	       WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128, ms(ru.ru_utime),
	       ms(ru.ru_stime), ru.ru_maxrss, now_ms() - start);
	return 0;
}

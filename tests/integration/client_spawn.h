/*
 * client_spawn.h - run the beacon CLI (or any program) from a test with
 * a clean environment, stdout and stderr captured in files.
 */
#ifndef BEACON_CLIENT_SPAWN_H
#define BEACON_CLIENT_SPAWN_H

#include <stddef.h>
#include <sys/types.h>

typedef struct spawned {
	pid_t pid;
	char out_path[1100];
	char err_path[1100];
} spawned;

/*
 * Start argv[0] (a path) with the test's environment minus the variables
 * that would change the client's behaviour (DO_NOT_TRACK, BEACON_*,
 * TRAEFIK_*, proxies), plus extra_env (NULL-terminated "NAME=value", may
 * be NULL). Output goes to DIR/NAME.out and DIR/NAME.err. 0 or -1.
 */
int spawn_start(spawned *s, const char *dir, const char *name,
		const char *const *argv, const char *const *extra_env);
/* Wait for the exit (SIGKILL after timeout_ms); exit status or -1. */
int spawn_wait(spawned *s, int timeout_ms);
/* Run to completion; stdout and stderr into out/err (NUL-terminated). */
int spawn_run(const char *dir, const char *name, const char *const *argv,
	      const char *const *extra_env, char *out, size_t outlen, char *err,
	      size_t errlen);
/* Read a whole small file into buf (NUL-terminated); length or -1. */
long spawn_slurp(const char *path, char *buf, size_t buflen);

#endif /* BEACON_CLIENT_SPAWN_H */

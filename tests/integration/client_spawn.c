/* client_spawn.c - see client_spawn.h. */
#include "client_spawn.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

#define SPAWN_MAX_ENV 512

static int unwanted(const char *entry)
{
	static const char *const prefixes[] = {
		"DO_NOT_TRACK=", "BEACON_",      "TRAEFIK_",
		"http_proxy=",   "https_proxy=", "HTTP_PROXY=",
		"HTTPS_PROXY=",  "ALL_PROXY=",   "all_proxy="
	};
	size_t i;

	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		if (strncmp(entry, prefixes[i], strlen(prefixes[i])) == 0)
			return 1;
	}
	return 0;
}

static void build_env(const char **env, const char *const *extra)
{
	size_t n = 0;
	size_t i;

	for (i = 0; environ[i] != NULL && n + 1 < SPAWN_MAX_ENV / 2; i++) {
		if (!unwanted(environ[i]))
			env[n++] = environ[i];
	}
	for (i = 0; extra != NULL && extra[i] != NULL && n + 1 < SPAWN_MAX_ENV;
	     i++)
		env[n++] = extra[i];
	env[n] = NULL;
}

/* posix_spawn takes char *const[]; it does not write through them. */
static void unconst(char **to, const char *const *from, size_t max)
{
	union {
		const char *c;
		char *m;
	} u;
	size_t i;

	for (i = 0; i + 1 < max && from[i] != NULL; i++) {
		u.c = from[i];
		to[i] = u.m;
	}
	to[i] = NULL;
}

int spawn_start(spawned *s, const char *dir, const char *name,
		const char *const *argv, const char *const *extra_env)
{
	const char *env[SPAWN_MAX_ENV];
	char *args[SPAWN_MAX_ENV], *envm[SPAWN_MAX_ENV];
	posix_spawn_file_actions_t fa;
	int rc;

	snprintf(s->out_path, sizeof(s->out_path), "%s/%s.out", dir, name);
	snprintf(s->err_path, sizeof(s->err_path), "%s/%s.err", dir, name);
	build_env(env, extra_env);
	unconst(args, argv, SPAWN_MAX_ENV);
	unconst(envm, env, SPAWN_MAX_ENV);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, s->out_path,
					 O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawn_file_actions_addopen(&fa, 2, s->err_path,
					 O_WRONLY | O_CREAT | O_TRUNC, 0600);
	rc = posix_spawn(&s->pid, args[0], &fa, NULL, args, envm);
	posix_spawn_file_actions_destroy(&fa);
	return rc == 0 ? 0 : -1;
}

int spawn_wait(spawned *s, int timeout_ms)
{
	struct timespec tick = { 0, 20 * 1000000L };
	int status = 0;
	pid_t r;

	for (; timeout_ms > 0; timeout_ms -= 20) {
		r = waitpid(s->pid, &status, WNOHANG);
		if (r == s->pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		nanosleep(&tick, NULL);
	}
	kill(s->pid, SIGKILL);
	waitpid(s->pid, &status, 0);
	return -1;
}

long spawn_slurp(const char *path, char *buf, size_t buflen)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	buf[0] = '\0';
	if (f == NULL)
		return -1;
	n = fread(buf, 1, buflen - 1, f);
	buf[n] = '\0';
	fclose(f);
	return (long)n;
}

int spawn_run(const char *dir, const char *name, const char *const *argv,
	      const char *const *extra_env, char *out, size_t outlen, char *err,
	      size_t errlen)
{
	spawned s;
	int status;

	if (spawn_start(&s, dir, name, argv, extra_env) < 0)
		return -1;
	status = spawn_wait(&s, 60000);
	spawn_slurp(s.out_path, out, outlen);
	spawn_slurp(s.err_path, err, errlen);
	return status;
}

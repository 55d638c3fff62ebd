/* env.c - reading an environment given as a "NAME=value" list. */
#include <string.h>

#include "client_internal.h"

extern char **environ;

const char *beacon_env_get(const char *const *envp, const char *name)
{
	size_t n = strlen(name);
	size_t i;

	for (i = 0; envp != NULL && envp[i] != NULL; i++) {
		if (strncmp(envp[i], name, n) == 0 && envp[i][n] == '=')
			return envp[i] + n + 1;
	}
	return NULL;
}

const char *const *beacon_env_process(void)
{
	return (const char *const *)environ;
}

/* DO_NOT_TRACK and BEACON_DISABLE: any non-empty value but "0" opts out,
 * as consoledonottrack.com asks ("1"), without surprising "true"/"yes". */
int beacon_env_truthy(const char *value)
{
	return value != NULL && value[0] != '\0' && strcmp(value, "0") != 0;
}

/* log.c - the client's only way to say something: the host's callback. */
#include <stdarg.h>
#include <stdio.h>

#include "client_internal.h"

void beacon_client_log(const beacon_client *client, int level, const char *fmt,
		       ...)
{
	char line[BEACON_CLIENT_MAX_LOG_LINE];
	va_list ap;

	if (client == NULL || client->log == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	client->log(level, line, client->payload);
}

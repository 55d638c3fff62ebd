/* common.c - helpers shared by the CLI's commands. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "commands.h"

void cli_log(int level, const char *line, void *payload)
{
	static const char *const names[] = { "error", "warn", "info", "debug" };

	(void)payload;
	if (level < 0 || level > BEACON_LOG_DEBUG)
		level = BEACON_LOG_DEBUG;
	fprintf(stderr, "%s: %s\n", names[level], line);
	fflush(stderr);
}

int cli_client_new(beacon_client **out, const beacon_client_options *opts)
{
	beacon_error_detail err;
	char text[512];
	int error = beacon_client_new(out, opts, &err);

	if (error < 0)
		cli_error("%s", beacon_error_format(&err, text, sizeof(text)));
	return error;
}

const char *cli_product_name(const char *product)
{
	static char name[128];
	const char *slash = strchr(product, '/');

	snprintf(name, sizeof(name), "%s", slash != NULL ? slash + 1 : product);
	name[0] = (char)toupper((unsigned char)name[0]);
	return name;
}

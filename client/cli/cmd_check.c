/* cmd_check.c - beacon check: one version check against a server. */
#include <stdio.h>
#include <stdlib.h>

#include "args.h"
#include "commands.h"

static const char usage[] =
    "usage: beacon check --server URL --product OWNER/REPO --current VERSION\n"
    "                    [--json] [--timeout MS]\n"
    "Asks the server's releases API whether a newer release exists.\n"
    "Exit status 0 when it could tell (up to date or update available),\n"
    "1 when it could not (the reason is printed), 2 on usage errors.\n";

static json_t *nullable(const char *s)
{
	return s != NULL && s[0] != '\0' ? json_string(s) : json_null();
}

static void print_json(const beacon_check_result *r, const char *current)
{
	static const char *const names[] = { "unknown", "up-to-date",
					     "update-available" };
	json_t *o = json_object();
	char *text;

	json_object_set_new(o, "status", json_string(names[r->status]));
	json_object_set_new(o, "current", json_string(current));
	json_object_set_new(o, "latest", nullable(r->latest));
	json_object_set_new(o, "tag", nullable(r->tag));
	json_object_set_new(o, "url", nullable(r->url));
	json_object_set_new(o, "reason", nullable(r->reason));
	text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (text != NULL)
		printf("%s\n", text);
	free(text);
	json_decref(o);
}

static void print_text(const beacon_check_result *r, const char *product,
		       const char *current)
{
	const char *name = cli_product_name(product);

	if (r->status == BEACON_CHECK_UPDATE_AVAILABLE)
		printf("A new release of %s has been found: %s. Please "
		       "consider updating.\n",
		       name, r->latest);
	else if (r->status == BEACON_CHECK_UP_TO_DATE)
		printf("%s %s is up to date.\n", name, current);
	else
		cli_error("cannot tell whether %s %s is up to date: %s", name,
			  current, r->reason);
}

int cmd_check(int argc, char **argv)
{
	static const cli_command cmd = {
		CLI_CMD_CHECK, usage,
		"check needs --server, --product and --current"
	};
	beacon_check_result result;
	cli_session s;
	int status = cli_begin(&s, &cmd, argc, argv);

	if (status != 0)
		goto cleanup;
	s.opts.check_new_version = 1; /* asked for; DO_NOT_TRACK still wins */
	status = cli_begin_client(&s);
	if (status != 0)
		goto cleanup;
	beacon_client_check(s.client, &result);
	if (s.json)
		print_json(&result, s.opts.running);
	else
		print_text(&result, s.opts.product, s.opts.running);
	status = result.status == BEACON_CHECK_UNKNOWN ? CLI_FAILED : CLI_OK;
cleanup:
	return cli_end(&s, status);
}
